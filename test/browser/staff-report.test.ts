// The performance report in Chromium as a team leader reads it, on a phone and on a desktop: the page passes
// axe, the charts show under the console's strict Content Security Policy (no script, nothing refused), each
// chart is an image named by its title with its table after it, and choosing another quarter shows that one.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser';
import { reportCasesAcrossQuarters } from '../staff/support/report-cases';
import { firstSignIn, nextStep, startStaffApp, totpCode, type StaffApp } from '../staff/support/staff-app';

const SCREENSHOTS = process.env['STAFF_SCREENSHOTS'];
let app: StaffApp;
let browser: Browser;
let secret: string;

beforeAll(async () => {
  app = await startStaffApp();
  await reportCasesAcrossQuarters(app);
  const lee = await app.services.staff.accounts.create({ username: 'lee', displayName: 'Lee', teamId: 'communitySafety', roles: ['teamLeader'] });
  ({ secret } = await firstSignIn(request.agent(app.services.app), 'lee', lee.password!, 'lee long password', app.clock));
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signedIn(width: number, height: number): Promise<{ page: Page; refused: string[] }> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const refused: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') refused.push(m.text());
  });
  nextStep(app.clock);
  await page.goto(`${app.base}/staff/sign-in`);
  await page.getByLabel('Username').fill('lee');
  await page.getByLabel('Password').fill('lee long password');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Code').fill(await totpCode(secret, app.clock));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'Performance report' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { page, refused };
}

it.each([
  ['phone', 390, 844],
  ['desktop', 1280, 800],
])('on a %s: accessible, charts drawn without any script or refused resource, each named and followed by its table', async (name, width, height) => {
  const { page, refused } = await signedIn(width, height);
  expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('July to September 2026 (2026/27 Q2)');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  const chart = page.getByRole('img', { name: 'Anti-social behaviour cases per 1,000 homes (TSM NM01 (1)): this period, the period before and the same period last year' });
  await chart.waitFor();
  const box = (await chart.boundingBox())!;
  expect(box.width).toBeGreaterThan(200);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
  // The table right after the chart holds its numbers.
  const table = page.locator('figure:has(svg[role="img"]) + table').first();
  expect(await table.locator('caption').innerText()).toContain('the figures in the chart above');
  expect(await table.innerText()).toContain('0.24 per 1,000 homes');
  expect(await page.locator('script:not([src])').count()).toBe(0);
  expect(refused).toEqual([]);
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `report-${name}.png`), fullPage: true });
  await page.context().close();
}, 120_000);

it('shows the quarter chosen from the list', async () => {
  const { page } = await signedIn(1280, 800);
  await page.getByLabel('Quarter').selectOption({ label: 'July to September 2025 (2025/26 Q2)' });
  await page.getByRole('button', { name: 'Show report' }).click();
  await page.getByRole('heading', { level: 1, name: /July to September 2025/ }).waitFor();
  expect(await page.locator('#nm01 ~ p strong').first().innerText()).toBe('0.16 per 1,000 homes');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await page.context().close();
}, 120_000);
