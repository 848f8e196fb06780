// Urdu and Arabic on /chat in a real Chromium, against the app as main.ts builds it (issue 20, "RTL rendering
// and axe in Chromium for ar and ur"): the page and Web Chat right to left with the language named on them, a
// helpline number inside a right-to-left sentence read in its own order (not "123 116"), what the person types
// in Latin letters laid out left to right in its bubble, and no accessibility violation at all once the bot has
// spoken. The whole report in each language is webchat-languages.test.ts.
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser';
import { serveComposedApp, type ServedApp } from '../channels/webchat/composed-app';

let app: ServedApp;
let browser: Browser;

beforeAll(async () => {
  app = await serveComposedApp('webchat-rtl');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const BOT = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
const USER = '.webchat__bubble--from-user .webchat__bubble__content';

async function send(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox').last();
  await box.fill(text);
  await box.press('Enter');
}

/**
 * Where two pieces of the last element holding them are drawn on their line, left edges in pixels: each piece
 * is found in one text node and measured with a Range, as the person sees it on the screen.
 */
async function leftEdges(page: Page, selector: string, pieces: [string, string]): Promise<[number, number]> {
  return page.evaluate(
    ([sel, first, second]) => {
      const holders = Array.from(document.querySelectorAll(sel)).filter((e) => (e.textContent ?? '').includes(first) && (e.textContent ?? '').includes(second));
      const holder = holders[holders.length - 1];
      if (!holder) throw new Error(`nothing holds ${first} and ${second}`);
      const where = (piece: string): { left: number; top: number } => {
        const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = (node.textContent ?? '').indexOf(piece);
          if (at === -1) continue;
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + piece.length);
          const rect = range.getBoundingClientRect();
          return { left: rect.left, top: rect.top };
        }
        throw new Error(`no text node holds ${piece}`);
      };
      const [a, b] = [where(first), where(second)];
      // On one line, or the comparison says nothing about their order.
      if (Math.abs(a.top - b.top) > 2) throw new Error(`${first} and ${second} are on different lines`);
      return [a.left, b.left] as [number, number];
    },
    [selector, ...pieces] as const,
  );
}

const LANGUAGES = [
  // Urdu typed in Roman letters ("no, I'm fine") answers the danger question; then "I want to die".
  { lng: 'ur', latin: 'nahi, main theek hoon.', selfHarm: 'میں مرنا چاہتی ہوں' },
  // Arabic in Latin letters and digits (Arabizi, "no, I'm fine"); then "I want to end my life".
  { lng: 'ar', latin: 'la, ana bkhair.', selfHarm: 'أريد أن أنهي حياتي' },
];

test.each(LANGUAGES)('$lng: right to left with the language named, a helpline number and Latin typing each in their own order, and no axe violation', async ({ lng, latin, selfHarm }) => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(`${app.base}/chat?lang=${lng}`);
  await page.locator(BOT).first().waitFor();

  // The page and Web Chat inside it say the language and its direction; each language offered names its own.
  expect(await page.getAttribute('html', 'lang')).toBe(lng);
  expect(await page.getAttribute('html', 'dir')).toBe('rtl');
  expect(await page.locator('#webchat [dir]').first().getAttribute('dir')).toBe('rtl');
  expect(await page.locator('#language option[value="en"]').evaluate((o) => [o.getAttribute('lang'), o.getAttribute('dir')])).toEqual(['en', 'ltr']);
  expect(await page.locator(`#language option[value="${lng}"]`).evaluate((o) => [o.getAttribute('lang'), o.getAttribute('dir')])).toEqual([lng, 'rtl']);

  // Typed in Latin letters, the message reads left to right: its full stop ends it on the right.
  await send(page, latin);
  await page.locator(USER).filter({ hasText: latin.slice(0, 4) }).waitFor();
  const [word, stop] = await leftEdges(page, USER, [latin.slice(0, 4), '.']);
  expect(stop).toBeGreaterThan(word);

  // Samaritans' number inside the Urdu or Arabic sentence reads 116 123, as it is dialled.
  await send(page, selfHarm);
  await page.locator(BOT).filter({ hasText: '116' }).waitFor();
  const [first, second] = await leftEdges(page, BOT, ['116', '123']);
  expect(first).toBeLessThan(second);
  expect(await page.locator(`${BOT} a[href="tel:116123"]`).count()).toBeGreaterThan(0);

  expect(await accessibilityViolations(page)).toEqual([]);
  await page.close();
}, 60_000);
