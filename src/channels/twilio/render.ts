// Turns a turn's prompts into SMS or WhatsApp text: short numbered options, GSM-7-safe punctuation, and
// long SMS split between prompts, lines or sentences (never inside an option) so that every message stays
// within two segments.
import type { OutboundPrompt } from '../../conversation/types';
import { withFittedSummary } from './review-summary';

export { encodingOf, foldToGsm, promptText, segmentCount, smsLength, smsPromptText, SMS_PROMPT_SEGMENTS, toSmsSafe, type Encoding } from '../../conversation/sms-text';
import { promptText, segmentCount, SMS_PROMPT_SEGMENTS, smsPromptText } from '../../conversation/sms-text';

/** A message may run to this many segments before it is split into separate messages. */
const MAX_SEGMENTS_PER_MESSAGE = 2;

/** "1. I rent from us": an option line, which is never split from its number or broken into sentences. */
const OPTION_LINE = /^\d+\.\s/;

/**
 * A line in pieces that are never split further unless one alone is too long: sentences, or a whole option.
 * Sentences end at . ! ? and at the Urdu full stop ۔, the Arabic question mark ؟ and the danda । ॥ of
 * Gurmukhi and Bengali.
 */
function sentencesOf(line: string): string[] {
  return OPTION_LINE.test(line) ? [line] : line.split(/(?<=[.!?\u06d4\u061f\u0964\u0965])\s+(?=\S)/);
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
