// How long an SMS is: GSM-7 or UCS-2, segments, and one prompt with its numbered options as it is sent. The
// conversation pages long option lists by these figures (sms-pages.ts); the Twilio channel splits by them.
import type { OutboundPrompt } from './types';

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const GSM_BASIC_SET = new Set(GSM_BASIC);
const GSM_EXTENDED_SET = new Set(GSM_EXTENDED);

export type Encoding = 'GSM-7' | 'UCS-2';

const SEGMENT_LIMITS: Record<Encoding, { single: number; multi: number }> = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
};

export function encodingOf(text: string): Encoding {
  for (const ch of text) if (!GSM_BASIC_SET.has(ch) && !GSM_EXTENDED_SET.has(ch)) return 'UCS-2';
  return 'GSM-7';
}

/** Length in the units the network counts: septets (extended characters take two) or UTF-16 code units. */
export function smsLength(text: string, encoding = encodingOf(text)): number {
  if (encoding === 'UCS-2') return text.length;
  let n = 0;
  for (const ch of text) n += GSM_EXTENDED_SET.has(ch) ? 2 : 1;
  return n;
}

export function segmentCount(text: string): number {
  const encoding = encodingOf(text);
  const length = smsLength(text, encoding);
  const limits = SEGMENT_LIMITS[encoding];
  return length <= limits.single ? 1 : Math.ceil(length / limits.multi);
}

const REPLACEMENTS: [RegExp, string][] = [
  [/[\u2018\u2019\u201A\u201B\u2032\u00B4`]/g, "'"],
  [/[\u201C\u201D\u201E\u201F\u2033]/g, '"'],
  [/[\u2013\u2014\u2015\u2212]/g, '-'],
  [/\u2026/g, '...'],
  [/[\u00A0\u2007\u202F\u2009\u200A]/g, ' '],
  [/\u2022/g, '-'],
  // Emoji and their joiners/variation selectors: they would turn the whole message into UCS-2.
  [/\p{Extended_Pictographic}|\u200D|\uFE0E|\uFE0F|\u20E3|[\u{1F1E6}-\u{1F1FF}]|[\u{1F3FB}-\u{1F3FF}]/gu, ''],
];

/** Straight quotes and plain dashes so Latin text stays GSM-7; emoji dropped. Non-Latin scripts are left alone. */
export function toSmsSafe(text: string): string {
  let out = text;
  for (const [re, to] of REPLACEMENTS) out = out.replace(re, to);
  return out.replace(/[ \t]{2,}/g, ' ').replace(/ +\n/g, '\n').trim();
}

/**
 * The segments one prompt with its options may take as an SMS (issue 20's target: 3 UCS-2 segments, 201
 * characters). Welsh, Polish or Romanian letters GSM-7 lacks (ŵ, ą, ș) make a message UCS-2; a prompt over
 * the budget in UCS-2 is sent in plain letters instead (ŵ → w, ą → a, ł → l), as people text these languages,
 * which gives it GSM-7's 153 characters a segment. Scripts that have no plain letters (Urdu, Arabic) stay, and
 * a long list in them goes a page at a time (sms-pages.ts).
 */
export const SMS_PROMPT_SEGMENTS = 3;

/** The text in plain Latin letters if that makes it GSM-7, else undefined. */
export function foldToGsm(text: string): string | undefined {
  const folded = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l').replace(/Ł/g, 'L').normalize('NFC');
  return encodingOf(folded) === 'GSM-7' ? folded : undefined;
}

/** One prompt as SMS text: GSM-7-safe punctuation, and plain letters when its accents would take it over budget. */
export function smsPromptText(prompt: OutboundPrompt): string {
  const text = toSmsSafe(promptText(prompt));
  return segmentCount(text) > SMS_PROMPT_SEGMENTS ? (foldToGsm(text) ?? text) : text;
}

/** The prompt's text with its choices as short numbered lines ("1. Yes"); a page of a long list keeps each option's own number. */
export function promptText(prompt: OutboundPrompt): string {
  const lines = [prompt.text.trim()];
  const labels = prompt.choiceLabels ?? [];
  labels.forEach((choice, i) => lines.push(`${choice.number ?? i + 1}. ${choice.label}`));
  return lines.filter((l) => l.length > 0).join('\n');
}
