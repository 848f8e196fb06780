// Every word a person can be shown exists in every shipped language that has its namespace; a fixed t
// per language never changes what another conversation sees; plural forms follow the language.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dialogs } from '../../dialogs/index';
import type { DialogDefinition } from '../../dialogs/shared/contract';
import { createTranslations, loadLocaleFiles } from '../../src/conversation/i18n';
import { keyLiteralsInSource, promptKeysOfMachine } from '../../src/conversation/prompt-keys';
import { RUNTIME_PROMPT_KEYS } from '../../src/conversation/prompts';
import { fixtureDialog, fixtureResources } from '../support/fixture-dialogs';

const localesDir = path.resolve(__dirname, '../../locales');
const shipped = loadLocaleFiles(localesDir);

async function registeredDialogs(): Promise<DialogDefinition[]> {
  return dialogs;
}

function missingKeys(keys: string[], resources: typeof shipped, has: (lng: string, key: string) => boolean): string[] {
  const missing: string[] = [];
  for (const key of keys) {
    const ns = key.split(':')[0] ?? '';
    if (!resources['en']?.[ns]) {
      missing.push(`en: ${key} (no locales/en/${ns}.json)`);
      continue;
    }
    for (const lng of Object.keys(resources)) {
      if (resources[lng]?.[ns] && !has(lng, key)) missing.push(`${lng}: ${key}`);
    }
  }
  return missing;
}

test('every prompt key of every registered dialog, and every runtime key, is in every shipped locale with that namespace', async () => {
  const i18n = createTranslations({ localesDir });
  const namespaces = new Set(Object.values(shipped).flatMap((bundle) => Object.keys(bundle)));
  const keys = new Set<string>(RUNTIME_PROMPT_KEYS);
  for (const dialog of await registeredDialogs()) {
    for (const key of promptKeysOfMachine(dialog.machine)) keys.add(key);
    namespaces.add(dialog.id);
  }
  if (existsSync(path.resolve(__dirname, '../../dialogs'))) {
    for (const key of keyLiteralsInSource(path.resolve(__dirname, '../../dialogs'), namespaces)) {
      // Keys of the policy pack's own words are checked by the policy tests.
      if (!key.startsWith('policy:')) keys.add(key);
    }
  }
  expect(missingKeys([...keys], shipped, (lng, key) => i18n.has(lng, key))).toEqual([]);
  for (const lng of i18n.languages) expect(i18n.has(lng, `common:language.names.${lng}`)).toBe(true);
});

test('the same check catches a key missing from a second language (fixture dialog, Welsh)', () => {
  const i18n = createTranslations({ localesDir, extraResources: fixtureResources });
  const resources = { ...shipped, ...fixtureResources } as typeof shipped;
  const missing = missingKeys(promptKeysOfMachine(fixtureDialog.machine), resources, (lng, key) => i18n.has(lng, key));
  expect(missing).toEqual(['cy: fixture:collectingWords.prompt', 'cy: fixture:submitFailed.prompt']);
});

test('a fixed t per language: Welsh and English conversations render side by side without changing each other', () => {
  const i18n = createTranslations({ localesDir, extraResources: fixtureResources });
  const cy = i18n.tFor('cy');
  const en = i18n.tFor('en');
  expect(cy('fixture:askingColour.prompt')).toBe('Dewiswch liw.');
  expect(en('fixture:askingColour.prompt')).toBe('Pick a colour.');
  expect(cy('fixture:askingColour.prompt')).toBe('Dewiswch liw.');
  // A key not yet translated falls back to English rather than showing a raw key.
  expect(cy('fixture:submitFailed.prompt')).toBe(en('fixture:submitFailed.prompt'));
  expect(i18n.resolveLocale('cy-GB')).toBe('cy');
  expect(i18n.resolveLocale('xx')).toBe('en');
});

test('plural forms follow the count', () => {
  const i18n = createTranslations({ localesDir, extraResources: fixtureResources });
  const t = i18n.tFor('en');
  expect(t('fixture:collectingWords.prompt', { count: 1, colour: 'red' })).toBe('You said 1 thing about red. More, or DONE.');
  expect(t('fixture:collectingWords.prompt', { count: 3, colour: 'red' })).toBe('You said 3 things about red. More, or DONE.');
});

test('every common prompt fits in two SMS segments and uses only plain characters', () => {
  const common = shipped['en']?.['common'] as Record<string, unknown>;
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') texts.push(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(common);
  for (const text of texts) {
    expect(text.length).toBeLessThanOrEqual(306);
    expect(text).not.toMatch(/[\u2018\u2019\u201c\u201d\u{1F300}-\u{1FAFF}]/u);
  }
});
