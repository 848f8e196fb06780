// The Twilio channel's own words (opt-out replies, the fallback message, templates as SMS text), from
// locales/<lng>/sms.json through the same i18next translations as every prompt. Loaded once at start-up
// from files, so the fallback answer needs no database at request time.
import { shippedTranslations } from '../../conversation/i18n';

const english = shippedTranslations().tFor('en');

export function smsText(key: string, params: Record<string, string | number> = {}): string {
  const full = key.startsWith('sms:') ? key : `sms:${key}`;
  const text = english(full, params);
  if (typeof text !== 'string' || text === full || text === key.replace(/^sms:/, '')) throw new Error(`missing words for ${full}`);
  return text;
}
