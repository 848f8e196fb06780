// A whole report made through /chat in a real Chromium, against the app as main.ts builds it
// (createServices), ending with the triaged case in the database.
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { serveComposedApp, type ServedApp } from '../channels/webchat/composed-app';
import { answer, REFERENCE } from '../channels/webchat/persona';

let app: ServedApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = await serveComposedApp('webchat-browser');
  base = app.base;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const BOT = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';

async function botMessages(page: Page): Promise<string[]> {
  return page.locator(BOT).allInnerTexts();
}

async function waitForMoreBotMessages(page: Page, than: number): Promise<void> {
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector as string).length > (n as number), [BOT, than] as const);
}

it('a tenant reports loud music next door through /chat, and it becomes a triaged case', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/chat`);
  await waitForMoreBotMessages(page, 0);

  let reference: string | undefined;
  for (let turn = 0; turn < 80 && !reference; turn += 1) {
    const said = await botMessages(page);
    reference = said.map((t) => REFERENCE.exec(t)?.[1]).find(Boolean);
    if (reference) break;
    const buttons = (await page.locator('.webchat__suggested-action').allInnerTexts()).map((t) => t.trim());
    const reply = answer(said.at(-1) ?? '', buttons);
    if (reply.button) {
      await page.locator('.webchat__suggested-action', { hasText: reply.button }).first().click();
    } else {
      const box = page.getByRole('textbox').last();
      await box.fill(reply.type ?? '');
      await box.press('Enter');
    }
    await waitForMoreBotMessages(page, said.length);
  }

  expect(reference).toBeDefined();
  const stored = await app.db.connection.collection('cases').findOne({ reference });
  expect(stored).toMatchObject({ channel: 'webchat', category: { id: 'asb', subcategoryId: 'noise' }, triage: { disposition: expect.any(String) } });
  expect(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length)).toBe(0);
  await page.close();
}, 120_000);
