// The staff console end to end in Chromium, against the app as main.ts builds it: the first-run link makes
// an administrator, `npm run staff` adds a Community Safety officer and a Neighbourhood Services officer, each
// signs in with a password and an authenticator code, and a domestic-abuse report made by text message is
// seen by the one and refused to the other. Then two officers act on the case at once, and forms without
// their token or from another site change nothing. axe-core checks every page on the way.
import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations } from '../support/browser';
import { testDatabaseUri } from '../support/database';
import { reportBySms, TWILIO_ENV } from '../staff/support/sms-report';
import { startStaffApp, TEST_SECRETS, totpCode, type StaffApp } from '../staff/support/staff-app';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const SCREENSHOTS = process.env['STAFF_SCREENSHOTS'];

let app: StaffApp;
let browser: Browser;
let reference: string;
const people: Record<string, { username: string; password: string; context?: BrowserContext; page?: Page }> = {};

/** `npm run staff -- …` against this test's database, as an administrator would type it. */
async function staffCli(...args: string[]): Promise<string> {
  const { stdout } = await run('npm', ['run', '-s', 'staff', '--', ...args], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'silent', MONGODB_URI: testDatabaseUri(), MONGODB_DB_NAME: app.db.name, DATA_DIR: app.config.dataDir, PUBLIC_BASE_URL: app.config.publicBaseUrl, ...TWILIO_ENV, ...TEST_SECRETS },
  });
  return stdout;
}

async function accessible(page: Page): Promise<void> {
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** A first sign-in in the browser: password, authenticator set-up from the key shown as text, codes, new password. */
async function firstSignInInBrowser(page: Page, username: string, temporary: string, newPassword: string): Promise<void> {
  await page.goto(`${app.base}/staff`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(temporary);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  await accessible(page);
  const secret = (await page.locator('#secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code').fill(await totpCode(secret, app.clock));
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
  expect(await page.locator('#recovery-codes li').count()).toBe(10);
  await accessible(page);
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await accessible(page);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Type the new password again').fill(newPassword);
  await page.getByRole('button', { name: 'Save password' }).click();
}

beforeAll(async () => {
  app = await startStaffApp(TWILIO_ENV, { messageSender: { send: async () => [{ providerMessageId: `SM${'0'.repeat(32)}`, status: 'queued' }] } });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('first run: the setup link makes the first administrator, who signs in with an authenticator code and manages accounts', async () => {
  const link = await app.services.staff.firstRunLink();
  expect(link).toBeDefined();
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link!);
  await accessible(page);
  await page.getByLabel('Your full name').fill('Alex Administrator');
  await page.getByLabel('Username').fill('alex.admin@onevision.example');
  await page.getByLabel('New password', { exact: true }).fill('a long admin passphrase');
  await page.getByLabel('Type the new password again').fill('a long admin passphrase');
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.getByRole('heading', { name: 'Set up your authenticator app' }).waitFor();
  // The QR code is drawn here (an inline SVG), and the same key is given as text for those who cannot scan it.
  expect(await page.locator('.sr-qr svg').count()).toBe(1);
  const secret = (await page.locator('#secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByLabel('Code').fill(await totpCode(secret, app.clock));
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).click();
  await page.getByRole('heading', { name: 'Accounts' }).waitFor();
  await accessible(page);
  // The link has done its work.
  const again = await context.newPage();
  await again.goto(link!);
  await again.getByRole('heading', { name: 'This setup link does not work' }).waitFor();
  await again.close();
  people['admin'] = { username: 'alex.admin@onevision.example', password: '', context, page };
}, 60_000);

it('the administrator adds a Community Safety officer and a Neighbourhood Services officer with npm run staff', async () => {
  for (const [key, username, name, team, role] of [
    ['cst', 'chris.cst@onevision.example', 'Chris Taylor', 'communitySafety', 'cst'],
    ['cst2', 'casey.cst@onevision.example', 'Casey Morgan', 'communitySafety', 'cst'],
    ['nso', 'nadia.nso@onevision.example', 'Nadia Shah', 'neighbourhoodServices', 'nso'],
  ] as const) {
    const out = await staffCli('add', '--username', username, '--name', name, '--team', team, '--role', role);
    const password = /Temporary password: (\S+)/.exec(out)?.[1];
    expect(password).toBeDefined();
    people[key] = { username, password: password! };
  }
  const listed = await staffCli('list');
  expect(listed).toContain('chris.cst@onevision.example\tChris Taylor\tcommunitySafety\tcst\tlocal\tactive');
}, 120_000);

it('a domestic-abuse report arrives by text message', async () => {
  reference = await reportBySms(app.base, app.config.publicBaseUrl, '+447700900345');
  expect(await app.db.connection.collection('cases').findOne({ reference })).toMatchObject({ channel: 'sms', teamId: 'communitySafety', category: { kind: 'domestic_abuse' } });
}, 60_000);

it('the Community Safety officer signs in, sees the case in the queue without reloading, and opens it with safety first', async () => {
  const cst = people['cst']!;
  cst.context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = (cst.page = await cst.context.newPage());
  await firstSignInInBrowser(page, cst.username, cst.password, 'chris long password 1');
  await page.getByRole('heading', { name: /Cases for the Community Safety Team/ }).waitFor();
  await accessible(page);
  expect(await page.title()).toMatch(/^Cases \(1 open, 0 overdue\)/);
  const row = page.locator(`tr[data-reference="${reference}"]`);
  expect(await row.innerText()).toMatch(/High[\s\S]*Domestic abuse[\s\S]*New/);

  // A second report arrives while the page is open: it appears without a reload, and the title counts it.
  const second = await reportBySms(app.base, app.config.publicBaseUrl, '+447700900346');
  await page.locator(`tr[data-reference="${second}"]`).waitFor({ timeout: 20_000 });
  expect(await page.title()).toMatch(/^Cases \(2 open/);
  expect(await page.locator('#queue-announce').innerText()).toContain('1 new case');
  await shot(page, 'queue');

  await row.getByRole('link', { name: reference }).click();
  await page.getByRole('heading', { name: `Case ${reference}` }).waitFor();
  await accessible(page);
  // Safety comes first on the page, before anything else about the case.
  const headings = await page.locator('main h2').allInnerTexts();
  expect(headings[0]).toBe('Safety before contact');
  const safety = await page.locator('#safety').innerText();
  expect(safety).toContain('Someone else may read their messages: do not text');
  expect(safety).toContain('Do not leave a voicemail');
  expect(safety).toContain('weekdays 10am to 2pm only');
  expect(safety).toContain('bluebell');
  expect(await page.locator('#description').innerText()).toContain('pushed me against the wall');
  expect(await page.locator('#triage-reasons').innerText()).toContain('All domestic abuse cases go to the Community Safety Team. (OVH 3.2.2 and 4.3)');
  await shot(page, 'case');
  // On a phone: the safety panel still comes first, and the page passes the same checks.
  await page.setViewportSize({ width: 390, height: 844 });
  await accessible(page);
  expect(await page.locator('#safety').boundingBox()).toMatchObject({ x: expect.any(Number) });
  await page.setViewportSize({ width: 1280, height: 900 });
  const caseId = (await app.db.connection.collection('cases').findOne({ reference }))!['_id'];
  const reads = await app.db.connection.collection('staff_audit').find({ caseId, action: { $in: ['case.view', 'case.identity.view'] } }).toArray();
  expect(reads.map((r) => r['action']).sort()).toEqual(['case.identity.view', 'case.view']);
}, 90_000);

it('the Neighbourhood Services officer, signing in with the keyboard only, gets "not found" for that case, and the attempt is audited', async () => {
  const nso = people['nso']!;
  nso.context = await browser.newContext();
  const page = (nso.page = await nso.context.newPage());
  await page.goto(`${app.base}/staff`);
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // landlord name
  await page.keyboard.press('Tab');
  await page.keyboard.type(nso.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(nso.password);
  await page.keyboard.press('Enter');
  await page.waitForURL(/enrol/);
  const secret = (await page.locator('#secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code').focus();
  await page.keyboard.type(await totpCode(secret, app.clock));
  await page.keyboard.press('Enter');
  await page.waitForURL(/recovery-codes/);
  await page.getByRole('button', { name: 'I have saved my recovery codes' }).focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/new-password/);
  await page.getByLabel('New password', { exact: true }).focus();
  await page.keyboard.type('nadia long password 1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('nadia long password 1');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /Cases for the Neighbourhood Services team/ }).waitFor();
  expect(await page.locator(`tr[data-reference="${reference}"]`).count()).toBe(0);

  const response = await page.goto(`${app.base}/staff/cases/${reference}`);
  expect(response?.status()).toBe(404);
  await page.getByRole('heading', { name: 'Case not found' }).waitFor();
  await accessible(page);
  const forged = await page.goto(`${app.base}/staff/cases/ZZZZ-ZZZZ`);
  expect(forged?.status()).toBe(404);

  const caseId = (await app.db.connection.collection('cases').findOne({ reference }))!['_id'];
  const account = await app.services.staff.accounts.findByUsername(nso.username);
  expect(await app.db.connection.collection('staff_audit').findOne({ caseId, action: 'case.denied', actor: account!.id })).toMatchObject({ outcome: 'refused' });
}, 60_000);

it('two officers change the case at once: one change is made, the other is told someone else changed it', async () => {
  const cst2 = people['cst2']!;
  cst2.context = await browser.newContext();
  const other = (cst2.page = await cst2.context.newPage());
  await firstSignInInBrowser(other, cst2.username, cst2.password, 'casey long password 1');
  const mine = people['cst']!.page!;
  await mine.goto(`${app.base}/staff/cases/${reference}`);
  await other.goto(`${app.base}/staff/cases/${reference}`);
  await other.getByLabel('Add a private note').fill('Spoke to the police liaison officer.');
  await Promise.all([mine.getByRole('button', { name: 'Change status' }).click(), other.getByRole('button', { name: 'Add note' }).click()]);
  // Each page ends with a banner: done, or changed by someone else.
  await Promise.all([mine, other].map((p) => p.locator('.govuk-notification-banner, .govuk-error-summary').first().waitFor()));
  const texts = await Promise.all([mine.locator('main').innerText(), other.locator('main').innerText()]);
  const succeeded = texts.filter((t) => /The status has been changed|Your private note has been added/.test(t));
  const refused = texts.filter((t) => t.includes('Someone else changed this case while you were looking at it'));
  expect([succeeded.length, refused.length]).toEqual([1, 1]);
  await accessible(mine);
  await accessible(other);
  // What the refused officer wrote is still in the box to send again.
  if (refused[0] === texts[1]) expect(await other.getByLabel('Add a private note').inputValue()).toBe('Spoke to the police liaison officer.');
  const stored = await app.db.connection.collection('cases').findOne({ reference });
  expect(stored!['revision']).toBe(1);
}, 90_000);

it('a form without its token, or posted from another site, is refused and changes nothing', async () => {
  const page = people['cst']!.page!;
  await page.goto(`${app.base}/staff/cases/${reference}`);
  const before = await app.db.connection.collection('cases').findOne({ reference });
  await page.getByLabel('Add a private note').fill('no token');
  await page.evaluate(() => document.querySelectorAll('form[action$="/note"] input[name="_csrf"]').forEach((e) => e.remove()));
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByRole('heading', { name: 'This form could not be sent' }).waitFor();
  await accessible(page);

  // Another site (localhost is a different site from 127.0.0.1) posting to the console with the officer's browser.
  const attacker = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(`<!doctype html><html lang="en"><title>Win a prize</title><form id="f" method="post" action="${app.base}/staff/cases/${reference}/status"><input name="status" value="closed"><input name="outcome" value="withdrawn"><input name="revision" value="${before!['revision']}"><button>Claim</button></form></html>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.waitForLoadState();
    expect(await page.locator('main').innerText()).toMatch(/This form could not be sent|Sign in again|Sign in/);
  } finally {
    attacker.closeAllConnections();
    await new Promise<void>((resolve) => attacker.close(() => resolve()));
  }
  const after = await app.db.connection.collection('cases').findOne({ reference });
  expect(after!['revision']).toBe(before!['revision']);
  expect(after!['status']).toBe(before!['status']);
}, 60_000);

it('the administrator reads the audit trail of the case: every read, the refused attempt and both changes, without the case itself', async () => {
  const page = people['admin']!.page!;
  // No case content for an administrator.
  expect((await page.goto(`${app.base}/staff/cases/${reference}`))?.status()).toBe(403);
  await page.goto(`${app.base}/staff/audit`);
  await page.getByLabel('Case reference').fill(reference.toLowerCase());
  await page.getByRole('button', { name: 'Show trail' }).click();
  await page.getByRole('heading', { name: `Audit trail for case ${reference}` }).waitFor();
  await accessible(page);
  const rows = await page.locator('tr.sr-audit-row').evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute('data-action')} ${tr.getAttribute('data-outcome')} ${tr.textContent ?? ''}`));
  expect(rows.some((r) => r.startsWith('case.view ok') && r.includes('Chris Taylor'))).toBe(true);
  expect(rows.some((r) => r.startsWith('case.identity.view ok'))).toBe(true);
  expect(rows.some((r) => r.startsWith('case.denied refused') && r.includes('Nadia Shah'))).toBe(true);
  expect(rows.some((r) => r.startsWith('case.change ok'))).toBe(true);
  expect(rows.some((r) => r.startsWith('case.change conflict'))).toBe(true);
  expect(rows.join('\n')).not.toContain('pushed me');
}, 60_000);
