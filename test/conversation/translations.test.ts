// The translations against English (docs/translation.md): every language a reporter can choose has every
// English key, the same placeholders and the plural forms its grammar needs; a translation made from an
// English string that has changed since is flagged stale; tier 1 strings need a sign-off for the English
// they were checked against; 999 and the Silent Solution are said in every language.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTranslations } from '../../src/conversation/i18n';
import { englishHashes, isTier1, readStrings, readTiers, signedOffLanguages, translationStatus } from '../../src/conversation/translation-status';

const localesDir = path.resolve(__dirname, '../../locales');
const i18n = createTranslations({ localesDir });
const translated = i18n.shipped.filter((lng) => lng !== 'en');

test('Welsh, Polish and Romanian are shipped languages a conversation can use', () => {
  expect(translated).toEqual(expect.arrayContaining(['cy']));
});

/** Languages in the catalogue's process: their translations record the English they came from (_meta.json). */
const catalogued = translated.filter((lng) => existsSync(path.join(localesDir, lng, '_meta.json')));

describe.each(translated)('%s', (lng) => {
  const status = translationStatus(localesDir, lng);

  test('has no key English lacks, the same placeholders as English and its own plural forms', () => {
    expect({ extra: status.extra, placeholders: status.placeholders, plurals: status.plurals }).toEqual({ extra: [], placeholders: [], plurals: [] });
    expect(status.strings).toBeGreaterThan(400);
  });

  test('gives 999 and the Silent Solution (999, then 55 from a mobile)', () => {
    const t = i18n.tFor(lng);
    for (const key of ['common:danger.guidance', 'intake:danger.guidance', 'policy:helpline.silentSolution', 'webchat:page.danger', 'sms:fallback.message']) {
      const text = lng === 'en' ? '' : String(readStrings(localesDir, lng).get(key) ?? t(key));
      expect({ key, text: /999/.test(text) && /\b55\b/.test(text) }).toEqual({ key, text: true });
    }
  });

});

describe.each(catalogued)('%s (catalogued)', (lng) => {
  test('has every English key a reporter reads, each recording the English it was translated from (npm run i18n:stamp)', () => {
    const status = translationStatus(localesDir, lng);
    expect({ missing: status.missing, unstamped: status.unstamped }).toEqual({ missing: [], unstamped: [] });
  });
});

test('languages not yet catalogued are listed with what they lack (npm run i18n:check)', () => {
  for (const lng of translated.filter((l) => !catalogued.includes(l))) {
    const status = translationStatus(localesDir, lng);
    console.log(`${lng}: not catalogued yet (no _meta.json): ${status.missing.length} English keys missing, ${status.unstamped.length} strings unstamped`);
  }
  expect(catalogued).toEqual(expect.arrayContaining(['cy']));
});

test('every English string that gives 999, the Silent Solution or a crisis line is tier 1 (needs a qualified sign-off)', () => {
  const tier1 = readTiers(localesDir);
  const english = readStrings(localesDir, 'en');
  const unmarked = [...english].filter(([key, text]) => /\b999\b|\b55\b|Samaritans|116 123|0808 2000 247/.test(text) && !isTier1(key, tier1)).map(([key]) => key);
  expect(unmarked).toEqual([]);
});

describe('with a small catalogue of its own', () => {
  let dir = '';
  const write = (file: string, body: unknown) => writeFileSync(path.join(dir, file), JSON.stringify(body));
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'locales-'));
    for (const lng of ['en', 'cy', 'ar', 'pl']) mkdirSync(path.join(dir, lng));
    write('tiers.json', { tier1: ['common:danger.*'] });
    write('en/common.json', { danger: { guidance: 'Call 999.' }, greeting: 'Hello {{name}}', files_one: '{{count}} file', files_other: '{{count}} files' });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const stamp = (lng: string) => {
    const source = Object.fromEntries(englishHashes(dir));
    write(`${lng}/_meta.json`, { source, signedOff: {} });
    return source;
  };

  test('a changed English string flags its translation stale, and voids a sign-off of it', () => {
    write('cy/common.json', { danger: { guidance: 'Ffoniwch 999.' }, greeting: 'Helo {{name}}', files_zero: '{{count}} ffeil', files_one: '{{count}} ffeil', files_two: '{{count}} ffeil', files_few: '{{count}} ffeil', files_many: '{{count}} ffeil', files_other: '{{count}} ffeil' });
    const source = stamp('cy');
    write('cy/_meta.json', { source, signedOff: { 'common:danger.guidance': { by: 'A Translator, MCIL', on: '2026-12-01', source: source['common:danger.guidance'] } } });
    expect(translationStatus(dir, 'cy')).toMatchObject({ stale: [], unstamped: [], awaitingSignOff: [], missing: [], plurals: [], placeholders: [] });
    expect(signedOffLanguages(dir, ['en', 'cy'])).toEqual(['en', 'cy']);

    write('en/common.json', { danger: { guidance: 'Call 999 now.' }, greeting: 'Hello {{name}}', files_one: '{{count}} file', files_other: '{{count}} files' });
    expect(translationStatus(dir, 'cy')).toMatchObject({ stale: ['common:danger.guidance'], awaitingSignOff: ['common:danger.guidance'] });
    expect(signedOffLanguages(dir, ['en', 'cy'])).toEqual(['en']);
  });

  test('a missing key, a placeholder changed in translation and an extra key are each found', () => {
    write('pl/common.json', { greeting: 'Witaj {{imie}}', files_one: '{{count}} plik', files_few: '{{count}} pliki', files_many: '{{count}} plików', files_other: '{{count}} pliku', stray: 'x' });
    expect(translationStatus(dir, 'pl')).toMatchObject({ missing: ['common:danger.guidance'], placeholders: ['common:greeting'], extra: ['common:stray'], plurals: [] });
  });

  test('plural forms follow the language: Arabic needs six, Polish four', () => {
    write('ar/common.json', { danger: { guidance: 'اتصل بالرقم 999.' }, greeting: 'مرحبا {{name}}', files_one: 'ملف واحد', files_other: '{{count}} ملف' });
    write('pl/common.json', { danger: { guidance: 'Zadzwoń pod 999.' }, greeting: 'Witaj {{name}}', files_one: '{{count}} plik', files_few: '{{count}} pliki', files_many: '{{count}} plików', files_other: '{{count}} pliku' });
    expect(translationStatus(dir, 'ar').plurals).toEqual(['common:files']);
    expect(translationStatus(dir, 'pl').plurals).toEqual([]);
    write('ar/common.json', { danger: { guidance: 'اتصل بالرقم 999.' }, greeting: 'مرحبا {{name}}', files_zero: 'لا ملفات', files_one: 'ملف واحد', files_two: 'ملفان', files_few: '{{count}} ملفات', files_many: '{{count}} ملفا', files_other: '{{count}} ملف' });
    expect(translationStatus(dir, 'ar').plurals).toEqual([]);
    // i18next picks the form by the language's rules.
    const t = createTranslations({ localesDir: dir }).tFor('ar');
    expect([0, 1, 2, 3, 11, 100].map((count) => t('common:files', { count }))).toEqual(['لا ملفات', 'ملف واحد', 'ملفان', '3 ملفات', '11 ملفا', '100 ملف']);
  });

  test('npm run i18n:check lists what is missing and stale per language and fails on a missing key', () => {
    write('cy/common.json', { greeting: 'Helo {{name}}' });
    let output = '';
    let code = 0;
    try {
      output = execFileSync(process.execPath, [require.resolve('tsx/cli'), path.resolve(__dirname, '../../src/cli/i18n.ts'), 'check', 'cy', '--locales', dir], { encoding: 'utf8' });
    } catch (error) {
      code = (error as { status: number }).status;
      output = String((error as { stdout: string }).stdout);
    }
    expect(code).toBe(1);
    expect(output).toMatch(/^cy: 1 strings/m);
    expect(output).toMatch(/missing \(2\):\n {4}common:danger.guidance\n {4}common:files/);
    expect(output).toMatch(/unstamped \(1\):\n {4}common:greeting/);
    expect(readFileSync(path.join(dir, 'tiers.json'), 'utf8')).toContain('common:danger');
  });
});
