// A person reporting over SMS or WhatsApp through the app's real Twilio webhooks: answers each question from a
// table (what a tenant reporting noise would say), reading the numbered options the way a person reads their
// phone, until the reference arrives. Tests pass rows of their own to change an answer.
import type { Express } from 'express';
import { ACCOUNT_SID, messageSid, messagesIn, signedPost } from '../channels/twilio/twilio-harness';

export type Answer = string | { pick: RegExp } | 'PHOTO';
export type AnswerRow = [RegExp, Answer | ((channel: 'sms' | 'whatsapp') => Answer)];

export const NOISE_REPORT: AnswerRow[] = [
  [/in danger right now/, { pick: /^No$/ }],
  [/safe for you to message us now/, { pick: /^Yes$/ }],
  [/someone else (read|see) (the )?messages/, { pick: /^No$/ }],
  [/Who is this report about/, { pick: /happened to me/ }],
  [/What is it about/, { pick: /Anti-social/ }],
  [/best describes it/, { pick: /^Noise$/ }],
  [/because of who you are/, { pick: /^No$/ }],
  [/best describes your home|home of the person affected/, { pick: /social rent/ }],
  [/When did it happen/, 'Every night after midnight.'],
  [/Where did it happen/, { pick: /At my home/ }],
  [/tell us what happened/, 'The music next door is very loud and they shout at me.'],
  [/Send more if you want to add anything/, { pick: /finished/ }],
  [/still going on/, { pick: /^Yes$/ }],
  [/hurt, or threatened/, { pick: /^No$/ }],
  [/damaged your home or belongings/, { pick: /^No$/ }],
  [/know who is doing this/, { pick: /^Yes$/ }],
  [/who they are or what they look like/, 'Flat 3 neighbour'],
  [/rent their home from us/, { pick: /^Yes$/ }],
  [/children affected/, { pick: /^No$/ }],
  [/hard to protect themselves/, { pick: /^No$/ }],
  [/police been told/, { pick: /^No$/ }],
  [/crime reference/, 'SKIP'],
  [/how this affects you help us support you/, { pick: /^No/ }],
  [/photos, voice notes or videos/, (channel) => (channel === 'whatsapp' ? 'PHOTO' : { pick: /none/i })],
  [/we have added that/, { pick: /finished/ }],
  [/affecting you or your family/, 'SKIP'],
  [/How would you like to report this/, { pick: /^Confidential/ }],
  [/What is your name/, 'SKIP'],
  [/How is it safe for us to contact you/, (channel) => ({ pick: channel === 'whatsapp' ? /^WhatsApp$/ : /^Text message$/ })],
  [/Any other safe way/, { pick: /That's all/ }],
  [/Which phone number, email or address/, 'SKIP'],
  [/When is it safe to contact you/, { pick: /Any time/ }],
  [/voicemail/, { pick: /^No$/ }],
  [/code word/, 'SKIP'],
  [/send your report/, { pick: /Send my report/ }],
];

/** One message to the webhook as Twilio would send it; the messages that came back. */
export async function sendSms(app: Express, channel: 'sms' | 'whatsapp', from: string, body: string, extra: Record<string, string> = {}): Promise<string[]> {
  const res = await signedPost(app, `/webhooks/twilio/${channel}`, { MessageSid: messageSid(), AccountSid: ACCOUNT_SID, From: from, To: '+447700900000', Body: body, NumMedia: '0', ...extra });
  if (res.status !== 200) throw new Error(`the webhook answered ${res.status}`);
  return messagesIn(res.text);
}

/** Answers each question from the table (rows in `overrides` first) until the report is sent; returns every message received. */
export async function reportBySms(
  app: Express,
  channel: 'sms' | 'whatsapp',
  from: string,
  options: { overrides?: AnswerRow[]; sendPhoto?: () => Record<string, string> } = {},
): Promise<string[]> {
  return converseBySms(app, channel, from, { ...options, until: /reference is/ });
}

/**
 * Answers each question from the table (rows in `overrides` first) until a message matches `until` (the person
 * stops there: nothing more is sent); returns every message received.
 */
export async function converseBySms(
  app: Express,
  channel: 'sms' | 'whatsapp',
  from: string,
  options: { overrides?: AnswerRow[]; sendPhoto?: () => Record<string, string>; until: RegExp; first?: string; table?: AnswerRow[] },
): Promise<string[]> {
  const table = [...(options.overrides ?? []), ...(options.table ?? NOISE_REPORT)];
  const received: string[] = [];
  // `first`: the person comes back to a conversation under way and answers the question they left.
  let reply = await sendSms(app, channel, from, options.first ?? 'Hi');
  for (let turn = 0; turn < 80; turn += 1) {
    received.push(...reply);
    const all = reply.join('\n');
    if (options.until.test(all)) return received;
    const question = all.split('\n\n').at(-1) ?? '';
    const row = table.find(([pattern]) => pattern.test(question));
    // A question added to the dialog since this table was written: "No" if offered, else SKIP if allowed.
    const fallback: Answer | undefined = /^\d+\. No$/m.test(question) ? { pick: /^No$/ } : /SKIP/.test(question) ? 'SKIP' : undefined;
    const answer = row ? (typeof row[1] === 'function' ? row[1](channel) : row[1]) : fallback;
    if (answer === undefined) throw new Error(`no answer in the table for: ${question}`);
    if (answer === 'PHOTO') {
      reply = await sendSms(app, channel, from, '', options.sendPhoto?.() ?? {});
    } else if (typeof answer === 'string') {
      reply = await sendSms(app, channel, from, answer);
    } else {
      const offered = [...question.matchAll(/^(\d+)\. (.+)$/gm)];
      const chosen = offered.find((o) => answer.pick.test(o[2] ?? ''));
      // A long list by SMS comes a page at a time: "0" shows the next page (src/conversation/sms-pages.ts).
      const morePages = offered.some((o) => o[1] === '0');
      if (!chosen && !morePages) throw new Error(`no option ${answer.pick} in: ${question}`);
      reply = await sendSms(app, channel, from, chosen ? (chosen[1] ?? '') : '0');
    }
  }
  throw new Error(`nothing matched ${options.until} within 80 messages`);
}
