// A whole report made through /chat in a real Chromium, against the app as main.ts builds it
// (createServices), ending with the triaged case in the database.
import type { Browser } from 'playwright-core';
import type { ServedApp } from '../channels/webchat/composed-app';
import { answer, REFERENCE } from '../channels/webchat/persona';
import { botMessages, give, useServedWebChat, waitForMoreBotMessages } from '../support/webchat-page';

let app: ServedApp;
let base: string;
let browser: Browser;

useServedWebChat('webchat-browser', (served) => ({ app, base, browser } = served));

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
    await give(page, answer(said.at(-1) ?? '', buttons));
    await waitForMoreBotMessages(page, said.length);
  }

  expect(reference).toBeDefined();
  const stored = await app.db.connection.collection('cases').findOne({ reference });
  expect(stored).toMatchObject({ channel: 'webchat', category: { id: 'asb', subcategoryId: 'noise' }, triage: { disposition: expect.any(String) } });
  expect(await page.evaluate(() => window.localStorage.length + window.sessionStorage.length)).toBe(0);
  await page.close();
}, 120_000);
