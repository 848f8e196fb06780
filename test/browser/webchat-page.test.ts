// The /chat page in a real Chromium: the official Web Chat on our Direct Line endpoint, quick exit by
// button and by keyboard, a dropped socket, right-to-left Arabic, and axe-core accessibility checks.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, seriousAccessibilityViolations, startNeutralSite } from '../support/browser';
import { echoTurn, startHarness, type Harness } from '../channels/webchat/harness';
import type { InboundMessage } from '../../src/conversation/types';
import { sendText } from '../support/webchat-page';

let browser: Browser;
let neutral: Awaited<ReturnType<typeof startNeutralSite>>;
let h: Harness;
const turns: InboundMessage[] = [];
let releaseSlow: (() => void) | undefined;
let slowStarted: (() => void) | undefined;

beforeAll(async () => {
  neutral = await startNeutralSite();
  const echo = echoTurn(turns);
  h = await startHarness({
    quickExitUrl: neutral.url,
    handleTurn: async (message) => {
      if (message.text === 'slow') {
        slowStarted?.();
        await new Promise<void>((resolve) => (releaseSlow = resolve));
      }
      return echo(message);
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await h?.close();
  await neutral?.close();
});

let context: BrowserContext;
let page: Page;
let pageErrors: string[];
beforeEach(async () => {
  context = await browser.newContext();
  page = await context.newPage();
  pageErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
});
afterEach(async () => {
  await context.close();
});

/** Until `check` holds; a named failure after 15 s rather than a test that never ends. */
async function waitUntil(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const bubbles = (p: Page) => p.locator('.webchat__bubble__content');

async function openChat(p: Page, query = ''): Promise<void> {
  await p.goto(neutral.home);
  await p.goto(`${h.base}/chat${query}`);
  await bubbles(p).filter({ hasText: 'Are you in immediate danger?' }).waitFor();
}

/** The notices, language and "keep this chat" are one tap away, folded under one line. */
async function openSettings(p: Page): Promise<void> {
  if (!(await p.locator('details.more').evaluate((d) => (d as HTMLDetailsElement).open))) await p.locator('details.more summary').click();
}

async function storage(p: Page): Promise<{ local: number; session: number }> {
  return p.evaluate(() => ({ local: window.localStorage.length, session: window.sessionStorage.length }));
}

it('talks through the official Web Chat: the bot speaks first, buttons answer, and nothing is kept in storage', async () => {
  await openChat(page);
  await sendText(page, 'hello there');
  await bubbles(page).filter({ hasText: 'You said: hello there' }).waitFor();
  await page.locator('.webchat__suggested-action', { hasText: 'Yes' }).last().click();
  await bubbles(page).filter({ hasText: 'You said: Yes' }).waitFor();
  expect(await storage(page)).toEqual({ local: 0, session: 0 });
  expect(pageErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
});

it('quick exit by the button ends on the neutral site with empty storage and no way back into the chat', async () => {
  await openChat(page);
  await openSettings(page);
  await page.check('#stay');
  await sendText(page, 'something private');
  await bubbles(page).filter({ hasText: 'You said: something private' }).waitFor();
  expect((await storage(page)).session).toBe(1);

  await page.getByRole('link', { name: 'Quick exit' }).click();
  await page.waitForURL(neutral.url);
  expect(await page.title()).toBe('Weather');
  expect(await storage(page)).toEqual({ local: 0, session: 0 });
  await page.goBack();
  expect(page.url()).not.toContain('/chat');
  // The server forgot the conversation as well.
  await waitUntil(() => h.erasedSessions.length > 0, 'the server to forget the conversation');
});

it('quick exit by pressing Shift three times, from inside the message box', async () => {
  await openChat(page);
  await page.getByRole('textbox').last().focus();
  for (let i = 0; i < 3; i += 1) await page.keyboard.press('Shift');
  await page.waitForURL(neutral.url);
  expect(await storage(page)).toEqual({ local: 0, session: 0 });
  await page.goBack();
  expect(page.url()).not.toContain('/chat');
});

it('typing capital letters does not trigger the quick exit', async () => {
  await openChat(page);
  const box = page.getByRole('textbox').last();
  await box.focus();
  await page.keyboard.type('I Am On The Landing');
  await box.press('Enter');
  await bubbles(page).filter({ hasText: 'You said: I Am On The Landing' }).waitFor();
  expect(page.url()).toContain('/chat');
});

it('sends a photo from the upload button: it is stored as evidence and reaches the turn', async () => {
  await openChat(page);
  const before = h.stored.length;
  const photo = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  await page.locator('input[type="file"]').setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: photo });
  // Web Chat holds the file in the send box until the person sends it; the page says it is ready (a person sends
  // after seeing that; text sent before Web Chat has taken the file goes without it).
  await page.locator('#notice', { hasText: 'door.png' }).waitFor();
  await sendText(page, 'a photo of the door');
  await bubbles(page).filter({ hasText: 'You said: a photo of the door' }).waitFor();
  await waitUntil(() => h.stored.length > before, 'the photo to be stored');
  expect(h.stored.at(-1)).toMatchObject({ contentType: 'image/png', size: photo.length });
  await waitUntil(() => turns.some((t) => (t.media ?? []).length > 0), 'a turn with the photo');
  expect(pageErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
});

it('a socket dropped mid-conversation loses no message', async () => {
  await openChat(page);
  const started = new Promise<void>((resolve) => (slowStarted = resolve));
  await sendText(page, 'slow');
  await started;
  // The connection drops while the bot is still working on its reply.
  h.webchat.close();
  releaseSlow?.();
  await sendText(page, 'after the drop');
  await bubbles(page).filter({ hasText: 'You said: slow' }).waitFor({ timeout: 45_000 });
  await bubbles(page).filter({ hasText: 'You said: after the drop' }).waitFor({ timeout: 45_000 });
  expect(await bubbles(page).filter({ hasText: 'You said: slow' }).count()).toBe(1);
}, 90_000);

it('keeps the chat across a reload only when the person chose to stay', async () => {
  await openChat(page);
  await sendText(page, 'first visit');
  await bubbles(page).filter({ hasText: 'You said: first visit' }).waitFor();
  await page.reload();
  await bubbles(page).filter({ hasText: 'Are you in immediate danger?' }).waitFor();
  expect(await bubbles(page).filter({ hasText: 'first visit' }).count()).toBe(0);

  await openSettings(page);
  await page.check('#stay');
  await sendText(page, 'keep me');
  await bubbles(page).filter({ hasText: 'You said: keep me' }).waitFor();
  await page.reload();
  await bubbles(page).filter({ hasText: 'You said: keep me' }).waitFor();
  expect(await page.isChecked('#stay')).toBe(true);
});

it('changing language keeps the conversation and keeps nothing in storage afterwards', async () => {
  await openChat(page);
  await sendText(page, 'before switching');
  await bubbles(page).filter({ hasText: 'You said: before switching' }).waitFor();
  await openSettings(page);
  await page.selectOption('#language', 'ar');
  await page.getByRole('button', { name: 'Change language' }).click();
  await page.waitForURL(/lang=ar/);
  await bubbles(page).filter({ hasText: 'You said: before switching' }).waitFor();
  expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  expect(await storage(page)).toEqual({ local: 0, session: 0 });
  // The switch replaced the page: back goes to the landlord's site, not to the English chat.
  await page.goBack();
  expect(page.url()).toBe(neutral.home);
});

it('lays Arabic out right to left, page and Web Chat alike', async () => {
  await openChat(page, '?lang=ar');
  expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  expect(await page.getAttribute('html', 'lang')).toBe('ar');
  await page.getByRole('link', { name: 'خروج سريع' }).waitFor();
  const webChatDir = await page.locator('#webchat [dir]').first().getAttribute('dir');
  expect(webChatDir).toBe('rtl');
  // Web Chat mirrors too: the send button is on the left of the send box.
  const box = await page.locator('.webchat__send-box').boundingBox();
  const send = await page.locator('.webchat__send-button').boundingBox();
  expect(box && send && send.x < box.x + box.width / 2).toBe(true);
});

it('has no serious or critical accessibility violations (axe-core), in English and in Urdu', async () => {
  await openChat(page);
  await sendText(page, 'hello');
  await bubbles(page).filter({ hasText: 'You said: hello' }).waitFor();
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
  await openChat(page, '?lang=ur');
  expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  expect(await seriousAccessibilityViolations(page)).toEqual([]);
});

it('can be used with the keyboard alone and announces new messages to screen readers', async () => {
  await openChat(page);
  // Tab from the top reaches the quick exit first.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-exit');
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-id') ?? document.activeElement?.id ?? '');
  for (let i = 0; i < 40 && (await focused()) !== 'webchat-sendbox-input'; i += 1) await page.keyboard.press('Tab');
  expect(await focused()).toBe('webchat-sendbox-input');
  await page.keyboard.type('by keyboard');
  await page.keyboard.press('Enter');
  await bubbles(page).filter({ hasText: 'You said: by keyboard' }).waitFor();
  const live = page.locator('[aria-live]');
  expect(await live.count()).toBeGreaterThan(0);
  await page.waitForFunction(() => Array.from(document.querySelectorAll('[aria-live]')).some((e) => e.textContent?.includes('You said: by keyboard')));
});

it('shows the bot typing while a turn runs, and names the landlord on its messages for screen readers', async () => {
  await openChat(page);
  const started = new Promise<void>((resolve) => (slowStarted = resolve));
  await sendText(page, 'slow');
  await started;
  await page.locator('.webchat__typing-indicator').waitFor();
  releaseSlow?.();
  await bubbles(page).filter({ hasText: 'You said: slow' }).waitFor();
  expect(await page.locator('#webchat').evaluate((el) => el.innerHTML.includes('Test Housing said:'))).toBe(true);
  expect(await page.locator('#webchat').evaluate((el) => /\bBot said\b/.test(el.innerHTML))).toBe(false);
});
