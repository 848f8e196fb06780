// A whole report through /chat in a real Chromium in every language the bot speaks besides English (Welsh,
// Polish, Romanian, Urdu, Arabic, Punjabi, Bengali; Urdu and Arabic right to left), one page each, against
// the app as main.ts builds it: the page opened in the language asks everything in it, the person answers with
// the buttons and words of their language (noiseReportIn, as the SMS runs do), and the case is stored with it.
import type { Browser, Page } from 'playwright-core';
import { accessibilityViolations, launchBrowser } from '../support/browser';
import { serveComposedApp, type ServedApp } from '../channels/webchat/composed-app';
import { noiseReportIn } from '../support/reports-in-languages';

let app: ServedApp;
let base: string;
let browser: Browser;

beforeAll(async () => {
  app = await serveComposedApp('webchat-languages');
  base = app.base;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const BOT = '.webchat__bubble:not(.webchat__bubble--from-user) .webchat__bubble__content';
const REFERENCE = /\b([A-Z0-9]{4}-[A-Z0-9]{4})\b/;

async function waitForMoreBotMessages(page: Page, than: number): Promise<void> {
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector as string).length > (n as number), [BOT, than] as const);
}

// The words in each language as people type them: Polish and Romanian often without their accents, Urdu and
// Punjabi with the digit of the flat in Latin figures.
const LANGUAGES = [
  { lng: 'cy', dir: 'ltr', texts: { when: 'Bob nos ar ôl hanner nos.', what: "Mae'r gerddoriaeth drws nesaf yn uchel iawn ac maen nhw'n gweiddi arna i.", who: 'Cymydog fflat 3' } },
  { lng: 'pl', dir: 'ltr', texts: { when: 'co noc po polnocy', what: 'Muzyka u sasiada jest bardzo glosna i krzycza na mnie.', who: 'sąsiad z mieszkania 3' } },
  { lng: 'ro', dir: 'ltr', texts: { when: 'in fiecare noapte dupa miezul noptii', what: 'Muzica de la vecini e foarte tare si tipa la mine.', who: 'vecinul de la ap 3' } },
  { lng: 'ur', dir: 'rtl', texts: { when: 'ہر رات آدھی رات کے بعد', what: 'ساتھ والے گھر میں بہت اونچی موسیقی بجتی ہے اور وہ مجھ پر چیختے ہیں۔', who: 'فلیٹ 3 والا پڑوسی' } },
  { lng: 'ar', dir: 'rtl', texts: { when: 'كل ليلة بعد منتصف الليل', what: 'الموسيقى عند الجيران عالية جدا ويصرخون علي.', who: 'جار الشقة 3' } },
  { lng: 'pa', dir: 'ltr', texts: { when: 'ਹਰ ਰਾਤ ਅੱਧੀ ਰਾਤ ਤੋਂ ਬਾਅਦ', what: 'ਨਾਲ ਵਾਲੇ ਘਰ ਵਿੱਚ ਬਹੁਤ ਉੱਚਾ ਸੰਗੀਤ ਵੱਜਦਾ ਹੈ ਅਤੇ ਉਹ ਮੇਰੇ ਉੱਤੇ ਚੀਕਦੇ ਹਨ।', who: 'ਫਲੈਟ 3 ਵਾਲਾ ਗੁਆਂਢੀ' } },
  { lng: 'bn', dir: 'ltr', texts: { when: 'প্রতি রাতে মাঝরাতের পরে', what: 'পাশের বাড়িতে খুব জোরে গান বাজে আর ওরা আমার উপর চিৎকার করে।', who: 'ফ্ল্যাট ৩-এর প্রতিবেশী' } },
];
test.each(LANGUAGES)('$lng: a tenant reports loud music next door through /chat in the language, and the case is kept with it', async ({ lng, dir, texts }) => {
  const table = noiseReportIn(lng, texts);
  const page = await browser.newPage();
  await page.goto(`${base}/chat?lang=${lng}`);
  await waitForMoreBotMessages(page, 0);
  expect(await page.locator('html').getAttribute('dir')).toBe(dir);

  let reference: string | undefined;
  for (let turn = 0; turn < 80 && !reference; turn += 1) {
    // As the person reads it: the marks that isolate a number in right-to-left text are not seen.
    const said = (await page.locator(BOT).allInnerTexts()).map((t) => t.replace(/[\u2066-\u2069]/g, ''));
    reference = said.map((t) => REFERENCE.exec(t)?.[1]).find(Boolean);
    if (reference) break;
    const question = said.at(-1) ?? '';
    const buttons = (await page.locator('.webchat__suggested-action').allInnerTexts()).map((t) => t.trim());
    const row = table.find(([pattern]) => pattern.test(question));
    const answer = row && (typeof row[1] === 'function' ? row[1]('sms') : row[1]);
    if (answer === undefined || answer === 'PHOTO') throw new Error(`no answer for: ${question}`);
    const button = typeof answer === 'string' ? undefined : buttons.find((b) => answer.pick.test(b));
    if (typeof answer !== 'string' && !button) throw new Error(`no button ${answer.pick} among ${buttons.join(' | ')} for: ${question}`);
    if (button) await page.locator('.webchat__suggested-action', { hasText: button }).first().click();
    else {
      const box = page.getByRole('textbox').last();
      await box.fill(answer as string);
      await box.press('Enter');
    }
    await waitForMoreBotMessages(page, said.length);
  }

  expect(reference).toBeDefined();
  // The final screen's reference reads left to right even on a right-to-left page, and nothing on the page,
  // the summary card and the buttons included, breaks an accessibility rule (axe-core, every impact).
  await page.locator('#final .reference').waitFor();
  expect(await page.locator('#final .reference').getAttribute('dir')).toBe('ltr');
  expect(await accessibilityViolations(page)).toEqual([]);
  const stored = await app.db.connection.collection('cases').findOne({ reference });
  expect(stored).toMatchObject({ channel: 'webchat', locale: lng, category: { id: 'asb', subcategoryId: 'noise' } });
  await page.close();
}, 180_000);
