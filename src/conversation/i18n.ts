// Every word a person reads: locales/<lng>/<namespace>.json loaded once at start. A turn renders with a
// fixed t for the session's language (never the global language, which concurrent turns would share).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type i18n as I18nInstance, type Resource, type TFunction } from 'i18next';
import { foldText } from './interpret/text';

export type KeywordKind = 'danger' | 'exit' | 'person' | 'help' | 'back' | 'skip' | 'language';

export interface Translations {
  /** Languages a conversation can use: those shipping a `common` namespace that the landlord offers, 'en' first. */
  languages: string[];
  /** Every language shipping a `common` namespace, offered or not (danger and self-harm are read in all of them). */
  shipped: string[];
  tFor(locale: string): TFunction;
  /** The key (or its plural forms) exists in this language itself, without falling back. */
  has(locale: string, key: string): boolean;
  namespaces(locale: string): string[];
  /** A shipped language for a hint like "cy-GB" or "pl", else 'en'. */
  resolveLocale(hint: string | undefined): string;
  /** The offered language a hint like "cy-GB" names, or undefined when it names none. */
  offeredLocale(hint: string | undefined): string | undefined;
  /** Words that work everywhere, for a language as written in its understanding.json (normalised, lower case). */
  keywords(locale: string, kind: KeywordKind): string[];
  /** A namespace of one language as written (word lists), or undefined when the language has none. */
  resource(locale: string, namespace: string): unknown;
}

/** The shipped locales/ folder. */
export function defaultLocalesDir(): string {
  // From src/conversation (tsx) or dist/src/conversation (compiled); a folder counts only if it holds
  // the common words, so a stray partial copy in dist/ is never taken for the real one.
  for (const candidate of [path.resolve(__dirname, '../../locales'), path.resolve(__dirname, '../../../locales')]) {
    if (existsSync(path.join(candidate, 'en', 'common.json'))) return candidate;
  }
  return path.resolve('locales');
}

export function loadLocaleFiles(dir: string): Resource {
  const resources: Resource = {};
  for (const lng of readdirSync(dir, { withFileTypes: true })) {
    if (!lng.isDirectory()) continue;
    const bundle: Record<string, Record<string, unknown>> = {};
    for (const file of readdirSync(path.join(dir, lng.name))) {
      // `_meta.json` and the like are about the translations (docs/translation.md), not words anyone reads.
      if (!file.endsWith('.json') || file.startsWith('_')) continue;
      bundle[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(path.join(dir, lng.name, file), 'utf8')) as Record<string, unknown>;
    }
    if (Object.keys(bundle).length > 0) resources[lng.name] = bundle;
  }
  return resources;
}

/** Plain-text normalisation used for keywords and choices: case, punctuation and spacing do not matter. */
export function normaliseAnswer(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ')
    .trim();
}

/** English first, then by code. */
export const byLanguageOrder = (a: string, b: string): number => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b));

export function createTranslations(options: { localesDir?: string; extraResources?: Resource; offered?: readonly string[] } = {}): Translations {
  const resources = loadLocaleFiles(options.localesDir ?? defaultLocalesDir());
  for (const [lng, bundle] of Object.entries(options.extraResources ?? {})) {
    resources[lng] = { ...(resources[lng] ?? {}), ...bundle };
  }
  const shipped = Object.keys(resources).filter((lng) => resources[lng]?.['common']).sort(byLanguageOrder);
  // English is always offered: it is what every other language falls back to.
  const languages = options.offered ? shipped.filter((lng) => lng === 'en' || options.offered!.includes(lng)) : shipped;
  const allNamespaces = [...new Set(Object.values(resources).flatMap((bundle) => Object.keys(bundle)))];
  const instance: I18nInstance = i18next.createInstance();
  void instance.init({
    resources,
    initAsync: false,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: Object.keys(resources),
    ns: allNamespaces,
    defaultNS: 'common',
    nsSeparator: ':',
    keySeparator: '.',
    returnNull: false,
    // Plain text for SMS and chat, not HTML.
    interpolation: { escapeValue: false },
  });
  const fixed = new Map<string, TFunction>();
  const keywordCache = new Map<string, string[]>();

  const resolveLocale = (hint: string | undefined): string => {
    if (!hint) return 'en';
    const lower = hint.toLowerCase();
    if (languages.includes(lower)) return lower;
    const base = lower.split(/[-_]/)[0] ?? '';
    return languages.includes(base) ? base : 'en';
  };
  const offeredLocale = (hint: string | undefined): string | undefined => {
    const base = hint?.trim().toLowerCase().split(/[-_]/)[0];
    return base && languages.includes(base) ? base : undefined;
  };

  return {
    languages,
    shipped,
    offeredLocale,
    tFor(locale) {
      const lng = resolveLocale(locale);
      let t = fixed.get(lng);
      if (!t) {
        t = instance.getFixedT(lng);
        fixed.set(lng, t);
      }
      return t;
    },
    has(locale, key) {
      const [ns, rest] = key.includes(':') ? (key.split(/:(.*)/s) as [string, string]) : ['common', key];
      const bundle = resources[locale]?.[ns] as Record<string, unknown> | undefined;
      if (!bundle) return false;
      const lookup = (p: string): unknown => p.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), bundle);
      if (lookup(rest) !== undefined) return true;
      return ['_other', '_one', '_zero', '_few', '_many', '_two'].some((suffix) => lookup(rest + suffix) !== undefined);
    },
    namespaces(locale) {
      return Object.keys(resources[locale] ?? {});
    },
    resource(locale, namespace) {
      return resources[locale]?.[namespace];
    },
    resolveLocale,
    keywords(locale, kind) {
      const lng = resolveLocale(locale);
      const cacheKey = `${lng}:${kind}`;
      let words = keywordCache.get(cacheKey);
      if (!words) {
        const raw = (resources[lng]?.['understanding'] as { commands?: Record<string, unknown> } | undefined)?.commands?.[kind];
        words = Array.isArray(raw) ? raw.map((w) => normaliseAnswer(String(w))).filter((w) => w.length > 0) : [];
        keywordCache.set(cacheKey, words);
      }
      return words;
    },
  };
}

let codes: string[] | undefined;

/** The languages the shipped locales/ folder has words for (a `common` namespace), English first, without loading them. */
export function shippedLanguageCodes(): string[] {
  const dir = defaultLocalesDir();
  codes ??= readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'common.json')))
    .map((entry) => entry.name)
    .sort(byLanguageOrder);
  return codes;
}

let loaded: Translations | undefined;

/** The shipped locales/ loaded once per process, for every part that needs no extra words. */
export function shippedTranslations(): Translations {
  loaded ??= createTranslations();
  return loaded;
}
