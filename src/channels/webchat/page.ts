// The /chat page: the official Web Chat bundle (served from here, no CDN) inside a small page that
// carries the safety chrome: quick exit, 999 guidance, a browse-safely tip and a language selector.
// The words come from locales/<lng>/webchat.json; the page has no inline script (CSP script-src 'self').
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRightToLeft } from './bidi';

type Words = Record<string, unknown>;

export interface PageLanguage {
  code: string;
  name: string;
  dir: 'ltr' | 'rtl';
  /** The locale Web Chat is given (its own strings; Urdu falls back to English inside Web Chat). */
  webChatLocale: string;
}

/** Web Chat's strings a person sees on this page (its ids), given in locales/<lng>/webchat.json `webChat`. */
const WEB_CHAT_STRINGS = ['TEXT_INPUT_PLACEHOLDER', 'TEXT_INPUT_ALT', 'TEXT_INPUT_SEND_BUTTON_ALT', 'TEXT_INPUT_UPLOAD_BUTTON_ALT', 'ACTIVITY_YOU_SAID_ALT', 'ACTIVITY_STATUS_SEND_STATUS_ALT_SENDING', 'CONNECTIVITY_STATUS_ALT_CONNECTING', 'CONNECTIVITY_STATUS_ALT_RECONNECTING', 'CONNECTIVITY_STATUS_ALT_FATAL', 'TRANSCRIPT_NEW_MESSAGES'] as const;

const WEB_CHAT_LOCALES: Record<string, string> = { en: 'en-GB', ar: 'ar-SA', ur: 'ur-PK', cy: 'cy-GB', pl: 'pl-PL', ro: 'ro-RO' };

/** Finds a folder by walking up from here (works from src/ under tsx and from dist/ after a build). */
export function findUp(relative: string, from = __dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i += 1) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export class PageWords {
  private readonly byLanguage = new Map<string, Words>();

  constructor(localesDir: string | undefined = findUp('locales'), offered?: readonly string[]) {
    if (!localesDir) throw new Error('locales folder not found');
    for (const entry of readdirSync(localesDir, { withFileTypes: true })) {
      const file = path.join(localesDir, entry.name, 'webchat.json');
      if (offered && entry.name !== 'en' && !offered.includes(entry.name)) continue;
      if (entry.isDirectory() && existsSync(file)) this.byLanguage.set(entry.name, JSON.parse(readFileSync(file, 'utf8')) as Words);
    }
    if (!this.byLanguage.has('en')) throw new Error('locales/en/webchat.json is missing');
  }

  languages(): PageLanguage[] {
    return [...this.byLanguage.keys()]
      .sort((a, b) => (a === 'en' ? -1 : b === 'en' ? 1 : a.localeCompare(b)))
      .map((code) => ({
        code,
        name: this.t(code, 'language.name'),
        dir: isRightToLeft(code) ? 'rtl' : 'ltr',
        webChatLocale: WEB_CHAT_LOCALES[code] ?? code,
      }));
  }

  /** The best page language for a requested code or an Accept-Language header. */
  pick(requested: string | undefined, acceptLanguage: string | undefined): string {
    const tryCode = (code: string | undefined): string | undefined => {
      const base = code?.trim().toLowerCase().split(/[-_;]/)[0];
      return base && this.byLanguage.has(base) ? base : undefined;
    };
    const chosen = tryCode(requested);
    if (chosen) return chosen;
    for (const part of (acceptLanguage ?? '').split(',')) {
      const found = tryCode(part);
      if (found) return found;
    }
    return 'en';
  }

  /** `webchat:<key>` in the language itself, or undefined (no English fallback). */
  own(language: string, key: string): string | undefined {
    let node: unknown = this.byLanguage.get(language);
    for (const part of key.split('.')) node = (node as Words | undefined)?.[part];
    return typeof node === 'string' ? node : undefined;
  }

  /** `webchat:<key>` in the language, falling back to English; `{{name}}` replaced from params. */
  t(language: string, key: string, params: Record<string, string> = {}): string {
    const look = (words: Words | undefined): string | undefined => {
      let node: unknown = words;
      for (const part of key.split('.')) node = (node as Words | undefined)?.[part];
      return typeof node === 'string' ? node : undefined;
    };
    const text = look(this.byLanguage.get(language)) ?? look(this.byLanguage.get('en')) ?? key;
    return text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => params[name] ?? '');
  }
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export interface PageOptions {
  language: string;
  organisationName: string;
  quickExitUrl: string;
  uploads: boolean;
  /** Fingerprinted URLs of the page's files. */
  assets: { quickExit: string; start: string; chat: string; css: string; webChat: string; mark: string };
}

/**
 * The page is one screen: a bar with the landlord and Quick exit, one line on danger, the notices folded
 * into one "Safety and settings" line that opens with a tap, and the chat taking the rest (the only part
 * that scrolls). The quick-exit script comes first and on its own, so Shift three times works before Web
 * Chat's bundle has arrived.
 */
export function renderChatPage(words: PageWords, options: PageOptions): string {
  const lang = options.language;
  const languages = words.languages();
  const current = languages.find((l) => l.code === lang) ?? languages[0];
  if (!current) throw new Error('no page language');
  const p = { organisation: options.organisationName };
  const t = (key: string): string => escapeHtml(words.t(lang, key, p));
  const a = options.assets;
  const options_ = languages
    .map((l) => `<option value="${escapeHtml(l.code)}" lang="${escapeHtml(l.code)}" dir="${l.dir}"${l.code === lang ? ' selected' : ''}>${escapeHtml(l.name)}</option>`)
    .join('');
  // Words chat.js shows (Web Chat's own strings, the final screen, refused sends), in the page's language.
  // Web Chat's own words (send box, send button...) where this language gives them: Web Chat has no Welsh,
  // Urdu, Punjabi or Bengali of its own, and a language that gives none keeps Web Chat's.
  const webChatWords = Object.fromEntries(WEB_CHAT_STRINGS.flatMap((id) => {
    const text = words.own(lang, `webChat.${id}`);
    return text === undefined ? [] : [[id, text]];
  }));
  const chatWords = Object.fromEntries(
    ['botSaid', 'copy', 'copied', 'referenceLabel', 'finalHint', 'fileTooBig', 'fileType', 'tooLong', 'tooFast', 'sendFailed', 'fileChosen', 'fileEmpty'].map((key) => [key, words.t(lang, `chat.${key}`, { ...p, name: '{{name}}' })]),
  );
  return `<!doctype html>
<html lang="${escapeHtml(lang)}" dir="${current.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${t('page.title')}</title>
<link rel="icon" href="data:,">
<script src="${a.quickExit}"></script>
<link rel="preload" href="${a.webChat}" as="script">
<script src="${a.start}"></script>
<link rel="stylesheet" href="${a.css}">
<script src="${a.webChat}" defer></script>
<script src="${a.chat}" defer></script>
</head>
<body>
<header class="bar">
<p class="org"><img class="mark" src="${a.mark}" alt="" width="24" height="24"> ${escapeHtml(options.organisationName)}</p>
<a id="quick-exit" class="quick-exit" href="${escapeHtml(options.quickExitUrl)}" target="_top" rel="noreferrer">${t('page.quickExit')}</a>
</header>
<main id="main" class="main">
<h1 class="heading">${t('page.heading')}</h1>
<p class="danger"><strong>${t('page.danger')}</strong></p>
<details class="more">
<summary>${t('page.moreSummary')}</summary>
<p class="hint">${t('page.quickExitHint')}</p>
<section class="tip" aria-labelledby="tip-heading">
<h2 id="tip-heading">${t('page.safetyHeading')}</h2>
<p>${t('page.safetyTip')}</p>
</section>
<p class="intro">${t('page.intro')}</p>
<div class="controls">
<form id="language-form" class="language" method="get" action="/chat">
<label for="language">${t('page.languageLabel')}</label>
<select id="language" name="lang">${options_}</select>
<button type="submit">${t('page.languageChange')}</button>
</form>
<div class="stay">
<input type="checkbox" id="stay" aria-describedby="stay-hint">
<label for="stay">${t('page.stayLabel')}</label>
<p id="stay-hint" class="hint">${t('page.stayHint')}</p>
</div>
</div>
</details>
<section id="webchat" class="webchat" aria-label="${t('page.chatLabel')}"
 data-locale="${escapeHtml(current.webChatLocale)}" data-lang="${escapeHtml(lang)}" data-dir="${current.dir}"
 data-quick-exit-url="${escapeHtml(options.quickExitUrl)}" data-uploads="${options.uploads ? 'true' : 'false'}"
 data-bot-name="${escapeHtml(options.organisationName)}" data-mark="${escapeHtml(a.mark)}" data-failed="${t('page.failed')}"
 data-words="${escapeHtml(JSON.stringify({ ...chatWords, webChat: webChatWords }))}">
<p class="status" role="status">${t('page.connecting')}</p>
</section>
<p id="keys-hint" class="keys-hint" hidden>${t('chat.arrowHint')}</p>
<div id="final" class="final" hidden></div>
<p id="notice" class="notice" role="alert" hidden></p>
<noscript><p class="danger">${t('page.noScript')}</p></noscript>
</main>
</body>
</html>
`;
}
