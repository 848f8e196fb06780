// Turns a turn's prompts into SMS or WhatsApp text: short numbered options, GSM-7-safe punctuation, and
// long SMS split between prompts, lines or sentences (never inside an option) so that every message stays
// within two segments.
import type { OutboundPrompt } from '../../conversation/types';
import { withFittedSummary } from './review-summary';

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

/** A message may run to this many segments before it is split into separate messages. */
const MAX_SEGMENTS_PER_MESSAGE = 2;

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
 * which gives it GSM-7's 153 characters a segment. Scripts that have no plain letters (Urdu, Arabic) stay.
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

/** The prompt's text with its choices as short numbered lines ("1. Yes"). */
export function promptText(prompt: OutboundPrompt): string {
  const lines = [prompt.text.trim()];
  const labels = prompt.choiceLabels ?? [];
  labels.forEach((choice, i) => lines.push(`${i + 1}. ${choice.label}`));
  return lines.filter((l) => l.length > 0).join('\n');
}

/** "1. I rent from us": an option line, which is never split from its number or broken into sentences. */
const OPTION_LINE = /^\d+\.\s/;

/** A line in pieces that are never split further unless one alone is too long: sentences, or a whole option. */
function sentencesOf(line: string): string[] {
  return OPTION_LINE.test(line) ? [line] : line.split(/(?<=[.!?])\s+(?=\S)/);
}

/**
 * Splits text into pieces that each fit: whole prompts (blocks between blank lines) where they fit, so that a
 * question keeps its options; else at line and sentence ends, never inside an option; a single sentence
 * longer than a message at words; and only a word longer than a message (a long URL) inside itself.
 */
export function splitText(text: string, fits: (piece: string) => boolean): string[] {
  if (fits(text)) return [text];
  // Units keep their separator so that joining them again gives the original text.
  const units: { text: string; sep: string }[] = [];
  const blocks = text.split('\n\n');
  blocks.forEach((block, bi) => {
    const blockSep = bi === blocks.length - 1 ? '' : '\n\n';
    if (fits(block)) {
      units.push({ text: block, sep: blockSep });
      return;
    }
    const lines = block.split('\n');
    lines.forEach((line, li) => {
      const sentences = sentencesOf(line);
      sentences.forEach((s, si) => {
        const last = si === sentences.length - 1;
        units.push({ text: s, sep: last ? (li === lines.length - 1 ? blockSep : '\n') : ' ' });
      });
    });
  });

  const parts: string[] = [];
  let current = '';
  let pendingSep = '';
  const flush = (): void => {
    if (current.trim()) parts.push(current.trim());
    current = '';
    pendingSep = '';
  };
  for (const unit of units) {
    const candidate = current ? current + pendingSep + unit.text : unit.text;
    if (fits(candidate)) {
      current = candidate;
      pendingSep = unit.sep;
      continue;
    }
    flush();
    if (fits(unit.text)) {
      current = unit.text;
      pendingSep = unit.sep;
      continue;
    }
    // One sentence longer than a message: break at words, then (a long URL) anywhere.
    for (const word of unit.text.split(/\s+/)) {
      const withWord = current ? `${current} ${word}` : word;
      if (fits(withWord)) {
        current = withWord;
        continue;
      }
      flush();
      let rest = word;
      while (!fits(rest)) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut))) cut -= 1;
        parts.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      current = rest;
    }
    pendingSep = unit.sep;
  }
  flush();
  return parts;
}

/** One SMS message must stay within MAX_SEGMENTS_PER_MESSAGE segments in its own encoding. */
export function fitsInSms(piece: string): boolean {
  return segmentCount(piece) <= MAX_SEGMENTS_PER_MESSAGE;
}

/** WhatsApp through Twilio takes up to 1600 characters in a message. */
const WHATSAPP_MAX_CHARS = 1600;

/** The review summary's budget: a question's, as sent (so its "send ALL" line and the question may follow it in two messages). */
const summaryFits: Record<'sms' | 'whatsapp', (text: string) => boolean> = {
  sms: (text) => segmentCount(smsPromptText({ key: '', text })) <= SMS_PROMPT_SEGMENTS,
  whatsapp: (text) => text.length <= WHATSAPP_MAX_CHARS,
};

/**
 * The messages to send for one turn: SMS as few GSM-7-safe parts as fit; WhatsApp as one message. With the
 * conversation's `locale`, the review summary shows as much of the answers as fits (review-summary.ts).
 */
export function renderTurn(turn: OutboundPrompt[], channel: 'sms' | 'whatsapp', locale?: string): string[] {
  const prompts = withFittedSummary(turn, locale, summaryFits[channel]);
  if (channel === 'whatsapp') {
    const joined = prompts.map(promptText).filter((t) => t.length > 0).join('\n\n');
    return joined ? splitText(joined, (p) => p.length <= WHATSAPP_MAX_CHARS) : [];
  }
  const joined = prompts.map(smsPromptText).filter((t) => t.length > 0).join('\n\n');
  return joined ? splitText(joined, fitsInSms) : [];
}
