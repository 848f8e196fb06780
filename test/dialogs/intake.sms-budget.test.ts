// Every question with its numbered options fits the SMS budget in every language (issue 20): 3 segments
// as it is sent. A letter GSM-7 lacks (ŵ, ą, ș, any Arabic or Bengali letter) makes a whole message UCS-2,
// 67 characters a segment; a Latin-script prompt over budget goes in plain letters (sms-text.ts), and a list
// that still does not fit (13 options in Urdu) goes a page at a time with "0. More" (sms-pages.ts).
import path from 'node:path';
import type { PromptSpec } from '../../dialogs/shared/contract';
import { createTranslations } from '../../src/conversation/i18n';
import { promptVariants, render } from '../../src/conversation/prompts';
import { encodingOf, promptText, SMS_PROMPT_SEGMENTS, segmentCount, smsPromptText } from '../../src/channels/twilio/render';
import { smsPages } from '../../src/conversation/sms-pages';
import { loadPolicyPack } from '../../src/policy/load';
import { packWords, toDialogPolicy } from '../../src/policy/dialog-policy';
import { promptOf, reachableStates } from './support/intake-harness';

// The fictional third pack brings a matrix question of its own, in its own words (English and Welsh).
const riverside = loadPolicyPack(path.resolve(__dirname, '../policy/fixtures/riverside-homes.json'));
const i18n = createTranslations({ extraResources: packWords(riverside) });

const prompts: PromptSpec[] = [];
for (const pack of [loadPolicyPack('one-vision-housing'), loadPolicyPack('seven-locks-housing'), riverside]) {
  for (const snapshot of reachableStates(toDialogPolicy(pack)).values()) {
    const spec = promptOf(snapshot);
    if (spec) prompts.push(spec);
  }
}
// What the runtime asks itself.
prompts.push({ key: 'common:welcomeBack.prompt', choices: [{ id: 'resume', key: 'common:welcomeBack.resume' }, { id: 'restart', key: 'common:welcomeBack.restart' }] });

test.each(i18n.languages)('%s: every question with its options fits %s SMS segments as sent, a long list a page at a time', (lng) => {
  const t = i18n.tFor(lng);
  const words = { more: String(t('sms:pages.more')), first: String(t('sms:pages.first')) };
  const sizes = prompts.flatMap((spec) => {
    const out = render(t, spec, promptVariants('sms'));
    const pages = smsPages(out, words);
    return pages.map((page, i) => {
      const sent = smsPromptText(page);
      return { key: `${spec.key} (${spec.choices?.length ?? 0} options${pages.length > 1 ? `, page ${i + 1} of ${pages.length}` : ''})`, sent, segments: segmentCount(sent) };
    });
  });
  const longest = [...sizes].sort((a, b) => b.segments - a.segments || b.sent.length - a.sent.length)[0]!;
  const paged = new Set(sizes.filter((s) => s.key.includes(' page ')).map((s) => s.key.split(' ')[0]));
  console.log(`${lng}: longest SMS prompt ${longest.key}: ${longest.sent.length} characters, ${longest.segments} segment(s), ${encodingOf(longest.sent)}; in pages: ${[...paged].join(', ') || 'none'}`);
  expect(sizes.filter((s) => s.segments > SMS_PROMPT_SEGMENTS).map((s) => `${s.key}: ${s.segments} segments`)).toEqual([]);
});

test.each(i18n.languages)('%s: every option of a paged list is on a page under its own number, and That\'s all and Don\'t know on every page', (lng) => {
  const t = i18n.tFor(lng);
  const words = { more: String(t('sms:pages.more')), first: String(t('sms:pages.first')) };
  for (const spec of prompts) {
    const out = render(t, spec, promptVariants('sms'));
    const pages = smsPages(out, words);
    if (pages.length === 1) continue;
    const shown = pages.map((page) => [...smsPromptText(page).matchAll(/^(\d+)\. (.+)$/gm)].map((m) => `${m[1]}. ${m[2]}`));
    const everyOption = out.choiceLabels!.map((c, i) => `${i + 1}. ${c.label}`);
    const always = out.choiceLabels!.flatMap((c, i) => (c.id === 'done' || c.id === 'dont_know' ? [`${i + 1}. ${c.label}`] : []));
    expect(new Set(shown.flat().filter((line) => !line.startsWith('0. ')))).toEqual(new Set(everyOption));
    for (const [i, lines] of shown.entries()) {
      expect(lines).toEqual(expect.arrayContaining(always));
      expect(lines.at(-1)).toBe(`0. ${i === pages.length - 1 ? words.first : words.more}`);
      expect(lines.filter((line) => !line.startsWith('0. ')).length).toBeGreaterThan(always.length + 1);
    }
  }
});

test('a Welsh prompt keeps its accents when it fits, and goes in plain letters only when they would take it over budget', () => {
  const short = smsPromptText({ key: 'x', text: 'Ydych chi mewn perygl ar hyn o bryd? Ffoniwch 999.', choiceLabels: [{ id: 'yes', label: 'Ie' }] });
  expect(short).toBe('Ydych chi mewn perygl ar hyn o bryd? Ffoniwch 999.\n1. Ie');
  const long = { key: 'x', text: 'Pa un o’r rhain sy’n ei ddisgrifio orau? Sŵn, gŵn, tŷ.', choiceLabels: Array.from({ length: 12 }, (_, i) => ({ id: String(i), label: `Dewis rhif ${i} â thŷ` })) };
  expect(encodingOf(promptText(long))).toBe('UCS-2');
  const sent = smsPromptText(long);
  expect(encodingOf(sent)).toBe('GSM-7');
  expect(sent).toContain("Swn, gwn, ty.");
  expect(sent).toContain('1. Dewis rhif 0 a thy');
  // Urdu has no plain letters to fall back on: it stays as written.
  const urdu = { key: 'x', text: 'کیا آپ ابھی خطرے میں ہیں؟'.repeat(10) };
  expect(smsPromptText(urdu)).toBe(urdu.text);
});
