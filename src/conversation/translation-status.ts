// Where each language's translation stands against English (docs/translation.md): keys missing or extra,
// placeholders and plural forms that differ, strings whose English changed since they were translated (each
// translation records a hash of the English it was made from in locales/<lng>/_meta.json), and the tier 1
// strings (locales/tiers.json) still waiting for a qualified translator's sign-off.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The namespaces a reporter reads (staff.json, triage.json are for staff, in English; understanding.json is word lists). */
export const REPORTER_NAMESPACES = ['common', 'intake', 'policy', 'risk', 'sms', 'webchat'] as const;

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Keys a language may leave out: Web Chat's own words, which Web Chat already has in many languages. */
const OPTIONAL = ['webchat:webChat.'];
/**
 * Discreet wordings (docs/discreet-mode.md) a language has not translated yet: the prompt then falls back to the
 * English discreet words, never to the language's own plain ones (prompts.ts picks the variant through English),
 * so a reader of the phone still learns nothing.
 */
const OPTIONAL_SUFFIX = /_discreet(_web)?$/;

export interface MetaFile {
  /** The hash of the English each string was translated from, by `ns:key`. */
  source: Record<string, string>;
  /** Tier 1 sign-offs: who checked the translation of which English (a changed English voids it). */
  signedOff: Record<string, { by: string; on: string; source: string }>;
}

export interface LanguageStatus {
  language: string;
  /** Strings in the reporter's namespaces (each plural form counted). */
  strings: number;
  missing: string[];
  extra: string[];
  /** Translated from an English string that has changed since. */
  stale: string[];
  /** Translated, but with no record of the English it came from. */
  unstamped: string[];
  placeholders: string[];
  /** A plural key without every form the language needs (Arabic and Welsh six, Polish four). */
  plurals: string[];
  tier1: string[];
  /** Tier 1 strings without a sign-off for their current English. */
  awaitingSignOff: string[];
}

type Flat = Map<string, string>;

function flatten(node: unknown, prefix: string, into: Flat): void {
  if (typeof node === 'string') into.set(prefix, node);
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== '_readme') flatten(v, prefix ? `${prefix}.${k}` : k, into);
}

function readJson(file: string): unknown {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
}

/** Every reporter string of a language, `ns:key` → text (plural forms under their own keys). */
export function readStrings(localesDir: string, language: string): Flat {
  const out: Flat = new Map();
  for (const ns of REPORTER_NAMESPACES) {
    const flat: Flat = new Map();
    flatten(readJson(path.join(localesDir, language, `${ns}.json`)), '', flat);
    for (const [key, text] of flat) out.set(`${ns}:${key}`, text);
  }
  return out;
}

/** Plural forms folded into their base key: `ns:a.b_one`, `ns:a.b_other` → `ns:a.b` with forms one, other. */
function grouped(strings: Flat): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const [key, text] of strings) {
    const form = PLURAL_SUFFIX.exec(key)?.[1];
    const base = form ? key.slice(0, -form.length - 1) : key;
    if (!out.has(base)) out.set(base, new Map());
    out.get(base)!.set(form ?? '', text);
  }
  return out;
}

/** A short hash of an English string (all its plural forms, in order), what a translation was made from. */
export function sourceHash(forms: ReadonlyMap<string, string>): string {
  const text = [...forms.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([form, t]) => `${form}\u0000${t}`).join('\u0001');
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/** `{{name}}` and `$t(...)` nesting, which a translation must keep exactly. */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}|\$t\(([^)]*)\)/g)].map((m) => m[0].replace(/\s+/g, '')).sort();
}

export function readTiers(localesDir: string): string[] {
  return ((readJson(path.join(localesDir, 'tiers.json')) as { tier1?: string[] } | undefined)?.tier1 ?? []).slice();
}

/** `common:danger.*` covers every key under common:danger; a pattern without * is one key. */
export function isTier1(key: string, tier1: readonly string[]): boolean {
  return tier1.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1)) : key === p));
}

export function readMeta(localesDir: string, language: string): MetaFile {
  const raw = (readJson(path.join(localesDir, language, '_meta.json')) ?? {}) as Partial<MetaFile>;
  return { source: raw.source ?? {}, signedOff: raw.signedOff ?? {} };
}

export function translationStatus(localesDir: string, language: string): LanguageStatus {
  const english = grouped(readStrings(localesDir, 'en'));
  const strings = readStrings(localesDir, language);
  const own = grouped(strings);
  const meta = readMeta(localesDir, language);
  const tier1Patterns = readTiers(localesDir);
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories as string[];
  const status: LanguageStatus = { language, strings: strings.size, missing: [], extra: [], stale: [], unstamped: [], placeholders: [], plurals: [], tier1: [], awaitingSignOff: [] };

  for (const [key, enForms] of english) {
    const forms = own.get(key);
    const tier1 = isTier1(key, tier1Patterns);
    if (tier1) status.tier1.push(key);
    if (!forms) {
      if (!OPTIONAL.some((prefix) => key.startsWith(prefix)) && !OPTIONAL_SUFFIX.test(key)) status.missing.push(key);
      continue;
    }
    const plural = !enForms.has('');
    if (plural) {
      // Every form the language's plural rules use; `_zero` may be added in any language (i18next reads it for 0).
      if (categories.some((c) => !forms.has(c)) || forms.has('')) status.plurals.push(key);
    } else if (!forms.has('') || forms.size > 1) status.plurals.push(key);
    const expected = placeholdersOf([...enForms.values()][0] ?? '').filter((p) => !(plural && p === '{{count}}'));
    for (const text of forms.values()) {
      const found = placeholdersOf(text).filter((p) => !(plural && p === '{{count}}'));
      if (found.join(' ') !== expected.join(' ')) {
        status.placeholders.push(key);
        break;
      }
    }
    const hash = sourceHash(enForms);
    const recorded = meta.source[key];
    if (recorded === undefined) status.unstamped.push(key);
    else if (recorded !== hash) status.stale.push(key);
    if (tier1 && (meta.signedOff[key]?.source !== hash || recorded !== hash)) status.awaitingSignOff.push(key);
  }
  for (const key of own.keys()) if (!english.has(key)) status.extra.push(key);
  return status;
}

/** The English hash of each key, for recording what a translation was made from. */
export function englishHashes(localesDir: string): Map<string, string> {
  return new Map([...grouped(readStrings(localesDir, 'en'))].map(([key, forms]) => [key, sourceHash(forms)]));
}

/** Languages whose every tier 1 string is signed off for its current English (what production may offer). */
export function signedOffLanguages(localesDir: string, languages: readonly string[]): string[] {
  return languages.filter((lng) => lng === 'en' || translationStatus(localesDir, lng).awaitingSignOff.length === 0);
}
