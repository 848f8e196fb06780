// The review summary as a text message: as much of the person's answers as fits the channel's budget, cut
// at word ends, and when anything is left out (an answer cut, or their name, contact, code word, the person
// responsible or photos, which the short form never lists) the line that offers "send ALL" for all of it.
import type { TFunction } from 'i18next';
import { clipAtWord } from '../../../dialogs/intake/intake.context';
import { shippedTranslations } from '../../conversation/i18n';
import { render } from '../../conversation/prompts';
import type { OutboundPrompt } from '../../conversation/types';

const SHORT_KEYS = new Set(['intake:reviewing.summary', 'intake:reviewing.summaryAtHome']);
const SEE_ALL = 'intake:reviewing.seeAll';

/** How long each answer may be, tried in turn until the summary fits: whole first, then shorter and shorter. */
const CAPS: [when: number, where: number, description: number][] = [
  [Infinity, Infinity, Infinity],
  [80, 80, 320],
  [60, 60, 200],
  [40, 40, 140],
  [40, 40, 100],
  [30, 30, 70],
  [24, 24, 48],
  [16, 16, 30],
  [10, 10, 16],
];

/** Answers the short form leaves out: anything here means there is more to read. */
const NOT_IN_SHORT = ['perpetrator', 'name', 'contact', 'safeTimes', 'codeWord'];

const clip = (text: string, max: number): { text: string; cut: boolean } =>
  text.length <= max ? { text, cut: false } : { text: `${clipAtWord(text, max - 3)}...`, cut: true };

/**
 * The summary's text within `fits`; undefined for any other prompt, or for a summary without the person's
 * answers in it (discreet mode, where nothing they wrote is repeated).
 */
export function fittedSummary(prompt: OutboundPrompt, t: TFunction, fits: (text: string) => boolean): string | undefined {
  const params = prompt.params;
  if (!SHORT_KEYS.has(prompt.key) || typeof params?.['descriptionFull'] !== 'string') return undefined;
  const full = (name: string) => String(params[`${name}Full`] ?? '-');
  const more = NOT_IN_SHORT.some((name) => params[name] !== undefined && params[name] !== '-') || Number(params['evidenceCount'] ?? 0) > 0;
  let text = '';
  for (const [when, where, description] of CAPS) {
    const parts = { when: clip(full('when'), when), where: clip(full('where'), where), description: clip(full('description'), description) };
    const shortened = more || Object.values(parts).some((p) => p.cut);
    const summary = render(t, { key: prompt.key, params: { ...params, when: parts.when.text, where: parts.where.text, description: parts.description.text } }).text;
    text = shortened ? `${summary}\n${String(t(SEE_ALL))}` : summary;
    if (fits(text)) return text;
  }
  return text;
}

/** The turn's prompts with the review summary fitted to the channel, in the conversation's language. */
export function withFittedSummary(prompts: OutboundPrompt[], locale: string | undefined, fits: (text: string) => boolean): OutboundPrompt[] {
  if (locale === undefined || !prompts.some((p) => SHORT_KEYS.has(p.key))) return prompts;
  const t = shippedTranslations().tFor(locale);
  return prompts.map((p) => {
    const text = fittedSummary(p, t, fits);
    return text === undefined ? p : { ...p, text };
  });
}
