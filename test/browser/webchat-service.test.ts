// Web chat as a frightened tenant meets it, on a phone (390x844) and a desktop (1280x800), against the app
// as main.ts builds it: the first question in view at once, web words, one answer per question, buttons
// back after a reload, a summary to check with a main Send button, a final screen with the reference, and
// accessibility (axe) in English and Arabic.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousAccessibilityViolations, startNeutralSite } from '../support/browser';
import type { ServedApp } from '../channels/webchat/composed-app';
import { answer } from '../channels/webchat/persona';
import { BOT, botMessages as botTexts, give, sendText, USER, useServedWebChat, waitForMoreBotMessages } from '../support/webchat-page';

let app: ServedApp;
let base: string;
let browser: Browser;
let neutral: Awaited<ReturnType<typeof startNeutralSite>>;

useServedWebChat('webchat-service', (served) => ({ app, base, browser } = served));
beforeAll(async () => {
  neutral = await startNeutralSite();
});
afterAll(async () => neutral?.close());

const SMS_ONLY = [/\breply (\d|with|to|when|if)\b/i, /\bnumber of your answer\b/i, /\b(send|text) (SKIP|EXIT|PERSON|BACK|LANGUAGE|CHANGE)\b/];
const DESCRIPTION = 'The music next door is very loud every night after midnight, they bang on the wall when I knock, and last week they shouted at my children on the stairs.';

const buttons = async (page: Page) => (await page.locator('.webchat__suggested-action').allInnerTexts()).map((t) => t.trim());
async function firstQuestion(page: Page, query = ''): Promise<void> {
  await page.goto(`${base}/chat${query}`);
  await page.locator('.webchat__suggested-action').first().waitFor();
}
function inView(box: { y: number; height: number } | null, viewportHeight: number): boolean {
  return box !== null && box.y >= 0 && box.y + box.height <= viewportHeight;
}

/** Answers as the persona would until `stop` says so; returns every bot text seen. */
async function answerUntil(page: Page, stop: (texts: string[]) => boolean): Promise<string[]> {
  for (let turn = 0; turn < 80; turn += 1) {
    const said = await botTexts(page);
    if (stop(said)) return said;
    const last = said.at(-1) ?? '';
    const reply = /what happened, in your own words/i.test(last) ? { type: DESCRIPTION } : answer(last, await buttons(page));
    await give(page, reply);
    await waitForMoreBotMessages(page, said.length);
  }
  throw new Error('the conversation did not get there');
}

describe.each([
  ['a phone', { width: 390, height: 844 }],
  ['a desktop', { width: 1280, height: 800 }],
])('on %s', (_name, viewport) => {
  let context: BrowserContext;
  let page: Page;
  beforeEach(async () => {
    context = await browser.newContext({ viewport });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it('shows the first question and its answers at once, with the chat as the one scroll area', async () => {
    await firstQuestion(page);
    const question = page.locator(BOT).filter({ hasText: 'in danger right now' });
    expect(inView(await question.boundingBox(), viewport.height)).toBe(true);
    expect(inView(await page.locator('.webchat__suggested-action', { hasText: 'Yes' }).boundingBox(), viewport.height)).toBe(true);
    expect(inView(await page.locator('.webchat__send-box').boundingBox(), viewport.height)).toBe(true);
    // The page itself does not scroll; the safety notes are one tap away.
    expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true);
    await expect(page.locator('details.more summary').isVisible()).resolves.toBe(true);
    expect(await page.locator('.webchat__bubble img, .webchat__defaultAvatar, .webchat__imageAvatar').count()).toBeGreaterThan(0);
  });

  it('answers a double click once, speaks web words, shows the whole report to check, and ends with the reference', async () => {
    await firstQuestion(page);
    // A frightened double click on "No" answers "are you in danger?" only.
    await page.locator('.webchat__suggested-action', { hasText: 'No' }).first().dblclick();
    await page.locator(BOT).filter({ hasText: /safe for you to message/i }).waitFor();
    await page.waitForTimeout(500);
    expect((await page.locator(USER).allInnerTexts()).map((t) => t.trim())).toEqual(['No']);
    expect(await page.locator(BOT).filter({ hasText: /safe for you to message/i }).count()).toBe(1);
    expect(await buttons(page)).toEqual(expect.arrayContaining(['Yes', 'No']));

    const said = await answerUntil(page, (texts) => /send my report/i.test(texts.at(-1) ?? ''));
    expect(said.filter((text) => SMS_ONLY.some((re) => re.test(text)))).toEqual([]);
    // The review: every answer in full, in a card, and Send my report as the main button.
    const card = page.locator('.ac-adaptiveCard').last();
    await card.waitFor();
    const cardText = await card.innerText();
    for (const label of ['When', 'Where', 'What happened', 'Who is doing it', 'Photos and files', 'Your name', 'Code word']) expect(cardText).toContain(label);
    expect(cardText.replace(/\s+/g, ' ')).toContain(DESCRIPTION);
    const send = page.locator('.webchat__suggested-action', { hasText: 'Send my report' });
    await expect(send.getAttribute('class')).resolves.toContain('is-primary');
    expect(await page.locator('.webchat__suggested-action.is-primary').count()).toBe(1);

    await send.dblclick();
    const reference = page.locator('#final .reference');
    await reference.waitFor();
    const ref = (await reference.innerText()).trim();
    expect(ref).toMatch(/^[A-Z0-9]+(-[A-Z0-9]+)+$/);
    // The reference never breaks across lines, can be copied, and the screen reminds about quick exit.
    const box = await reference.boundingBox();
    expect(box && box.height < 40).toBe(true);
    await page.locator('#final button', { hasText: 'Copy reference' }).waitFor();
    expect(await page.locator('#final').innerText()).toMatch(/Quick exit/);
    // The double click sent one report.
    expect(await app.db.connection.collection('cases').countDocuments({ reference: ref })).toBe(1);
    await page.waitForTimeout(500);
    expect(await page.locator(BOT).filter({ hasText: /in danger right now/ }).count()).toBe(1);

    // Writing after the end is kept and answered, not silently a new report.
    const before = (await botTexts(page)).length;
    await sendText(page, 'I forgot to say they have a dog too');
    await waitForMoreBotMessages(page, before);
    expect((await botTexts(page)).at(-1)).toMatch(new RegExp(`already been sent.*${ref}`));
    expect(await buttons(page)).toContain('Start a new report');
  }, 120_000);

  it('brings the current question back with its buttons after a reload', async () => {
    await firstQuestion(page);
    await page.locator('details.more summary').click();
    await page.check('#stay');
    await page.locator('.webchat__suggested-action', { hasText: 'No' }).first().click();
    await page.locator(BOT).filter({ hasText: /safe for you to message/i }).waitFor();
    await page.reload();
    await page.locator(BOT).filter({ hasText: /safe for you to message/i }).waitFor();
    await page.locator('.webchat__suggested-action', { hasText: 'Yes' }).waitFor();
    expect(await buttons(page)).toEqual(expect.arrayContaining(['Yes', 'No']));
  });

  it('deleting the chat from inside it clears the page like quick exit, in every open tab', async () => {
    // The landlord's neutral site, served here (no network).
    const exitUrl = app.services.pack.quickExitUrl;
    await context.route(`${new URL(exitUrl).origin}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Weather</title></html>' }));
    await page.goto(neutral.home);
    await firstQuestion(page);
    await page.locator('details.more summary').click();
    await page.check('#stay');
    const saved = await page.evaluate(() => sessionStorage.getItem('webchat.resume'));
    const second = await context.newPage();
    // A second tab of the same conversation (as "duplicate tab" makes one).
    await second.addInitScript((value) => {
      if (location.pathname === '/chat') sessionStorage.setItem('webchat.resume', value as string);
    }, saved);
    await second.goto(`${base}/chat`);
    await second.locator(BOT).filter({ hasText: 'in danger right now' }).waitFor();
    await sendText(page, 'EXIT');
    await page.waitForURL(exitUrl);
    await second.waitForURL(exitUrl);
    expect(await second.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
  });

  it('takes long text in pieces, names a chosen photo, and explains a file it cannot take', async () => {
    await firstQuestion(page);
    await answerUntil(page, (texts) => /what happened, in your own words/i.test(texts.at(-1) ?? ''));
    const photo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await page.locator('input[type="file"]').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: photo });
    // Named in words, and announced (the notice is an alert region).
    await page.locator('#notice', { hasText: 'door.png' }).waitFor();
    expect(await page.getAttribute('#notice', 'role')).toBe('alert');
    await page.locator('#notice img.thumb').waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.locator('#notice', { hasText: /photos, voice notes, videos and PDFs/ }).waitFor();

    const long = `${'They shout through the wall every night and I cannot sleep. '.repeat(80)}The end.`;
    expect(long.length).toBeGreaterThan(4675);
    await sendText(page, long);
    await page.locator(USER).filter({ hasText: 'The end.' }).waitFor();
    await page.locator(BOT).filter({ hasText: /send more if you want to add anything/i }).first().waitFor();
    expect(await page.locator(USER).filter({ hasText: 'They shout through the wall' }).count()).toBe(2);
  }, 90_000);

  it('keeps keyboard help from popping over the chat, hints at the arrow keys, and has no serious accessibility problems in English and Arabic', async () => {
    await firstQuestion(page);
    // The answers are reached with Tab, moved between with the arrow keys, as the hint says.
    const onAnAnswer = () => page.evaluate(() => Boolean(document.activeElement?.closest('.webchat__suggested-actions')));
    for (let i = 0; i < 30 && !(await onAnAnswer()); i += 1) await page.keyboard.press('Tab');
    expect(await onAnAnswer()).toBe(true);
    await page.locator('#keys-hint').waitFor();
    expect(await page.locator('.webchat__keyboard-help').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length)).toBe(0);
    expect(await page.locator('#keys-hint').innerText()).toMatch(/arrow keys/);
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('No');
    await page.reload();
    await page.locator('.webchat__suggested-action').first().waitFor();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Tab');
    expect(await page.locator('.webchat__keyboard-help').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null).length)).toBe(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await firstQuestion(page, '?lang=ar');
    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('quick exit by Shift three times works before Web Chat has loaded', async () => {
    const exitUrl = app.services.pack.quickExitUrl;
    await context.route(`${new URL(exitUrl).origin}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>Weather</title></html>' }));
    // Web Chat's bundle never arrives (a slow network): the quick-exit script works on its own.
    await page.route(/\/chat\/static\/webchat\./, () => undefined);
    await page.goto(`${base}/chat`, { waitUntil: 'commit' });
    await page.locator('#quick-exit').waitFor();
    expect(await page.evaluate(() => 'WebChat' in window)).toBe(false);
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift');
    await page.waitForURL(exitUrl);
  });
});
