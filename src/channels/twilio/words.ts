// The Twilio channel's own words (opt-out replies, the fallback message, templates as SMS text), from
// locales/en/sms.json. Read at start-up so the fallback answer needs nothing else at request time.
import sms from '../../../locales/en/sms.json';

type Tree = { [key: string]: string | Tree };

export function smsText(key: string, params: Record<string, string | number> = {}): string {
  let node: string | Tree | undefined = sms as Tree;
  for (const part of key.replace(/^sms:/, '').split('.')) {
    node = typeof node === 'object' ? node[part] : undefined;
  }
  if (typeof node !== 'string') throw new Error(`missing words for sms:${key}`);
  return node.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, name: string) => String(params[name] ?? ''));
}
