// The first question before Web Chat has loaded (issue 14: under 8 s on slow 4G): on a network where Web Chat's
// bundle takes seconds, the page shows the bot's first question with its buttons from one request, a person
// can answer it there once, and when Web Chat arrives it shows the conversation with that answer and the next
// question, in place of the early one. Against the app as main.ts builds it, on a phone (390x844).
import type { Browser } from 'playwright-core';
import { seriousAccessibilityViolations } from '../support/browser';
import { BOT, USER, useServedWebChat } from '../support/webchat-page';

let base: string;
let browser: Browser;

useServedWebChat('webchat-early', (served) => ({ base, browser } = served));

it('shows the first question with its buttons before Web Chat has loaded, takes one answer there, and Web Chat carries on from it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  // Web Chat's bundle is held back (a slow network) until the early question has been answered.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(/\/chat\/static\/webchat\./, async (route) => {
    await held;
    await route.continue();
  });
  try {
    await page.goto(`${base}/chat`, { waitUntil: 'commit' });
    const no = page.locator('.early-action', { hasText: /^No$/ });
    await no.waitFor();
    expect(await page.evaluate(() => 'WebChat' in window)).toBe(false);
    expect(await page.locator('#early .early-line').allInnerTexts()).toEqual(['Before we start: are you in danger right now?']);
    expect((await page.locator('.early-action').allInnerTexts()).map((t) => t.trim())).toEqual(['Yes', 'No']);
    // In view at once on a phone, and accessible.
    const box = await no.boundingBox();
    expect(box !== null && box.y >= 0 && box.y + box.height <= 844).toBe(true);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A double tap answers once: the buttons are used at the first.
    await no.dblclick();
    expect(await page.locator('.early-action:disabled').count()).toBe(2);
    expect(await page.locator('.early-answer').allInnerTexts()).toEqual(['No']);

    release();
    // Web Chat shows the conversation from the start: the question, the one answer, the next question.
    await page.waitForFunction((selector) => document.querySelectorAll(selector).length >= 2, BOT);
    await page.locator('#early').waitFor({ state: 'detached' });
    const said = await page.locator(BOT).allInnerTexts();
    expect(said[0]).toMatch(/are you in danger right now/);
    expect(said[1]).toMatch(/safe for you to message us now/);
    expect(await page.locator(USER).allInnerTexts()).toEqual(['No']);
    expect(await page.locator('.webchat__suggested-action').count()).toBeGreaterThan(0);
  } finally {
    release();
    await context.close();
  }
});

it('/chat/start gives a token for the new conversation and its first question in the language asked for', async () => {
  const started = (await (await fetch(`${base}/chat/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ locale: 'cy' }) })).json()) as { activities: { type: string; text?: string }[]; token: string };
  expect(started.token).toEqual(expect.any(String));
  const question = started.activities.find((a) => a.type === 'message');
  expect(question?.text).toMatch(/perygl/i);
});
