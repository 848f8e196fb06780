// A domestic-abuse report made by text message through the signed Twilio webhook, answered the way a
// frightened person on a phone would: short answers, numbers for options, some questions skipped.
import twilio from 'twilio';

export const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';

export const TWILIO_ENV = {
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_SMS_FROM: '+447700900000',
};

type Answer = string | { pick: RegExp };
export const DOMESTIC_ABUSE_ANSWERS: [RegExp, Answer][] = [
  [/in danger right now/, { pick: /^No$/ }],
  [/safe for you to message us now/, { pick: /^Yes$/ }],
  [/someone else (read|see) (the )?messages/, { pick: /^Yes/ }],
  [/Who is this report about/, { pick: /happened to me/ }],
  // Someone may read her messages: the category is worded discreetly (docs/discreet-mode.md).
  [/What is it about/, { pick: /[Dd]omestic|Someone close to me/ }],
  [/best describes your home|home of the person affected/, { pick: /social rent/ }],
  [/When did it happen/, 'last night and most weekends'],
  [/Where did it happen/, { pick: /At my home/ }],
  [/tell us what happened/, 'my partner pushed me against the wall and took my phone. he says no one will believe me'],
  [/Send more if you want to add anything/, { pick: /finished/ }],
  [/How old are you/, { pick: /18 or over/ }],
  [/hurt, or (threatened|told they will be)/, { pick: /^Yes$/ }],
  [/still (there|a danger|going on)/, { pick: /^Yes$/ }],
  [/know who is doing this/, { pick: /^Yes$/ }],
  [/who they are or what they look like/, 'my partner'],
  [/How would you like to report this/, { pick: /^Confidential/ }],
  [/What is your name/, 'Dee'],
  [/How is it safe for us to contact you/, { pick: /^Phone call$|^Phone$/ }],
  [/Any other safe way/, { pick: /That's all/ }],
  [/Which phone number, email or address/, 'SKIP'],
  [/When is it safe to contact you/, 'weekdays 10am to 2pm only'],
  [/voicemail/, { pick: /^No$/ }],
  [/code word/, 'bluebell'],
  [/Reply 1 to send your report/, '1'],
  [/send your report/, { pick: /Send my report/ }],
];

let counter = 0;
const messageSid = () => `SM${(++counter + 0x5000).toString(16).padStart(32, '0')}`;

const messagesIn = (twiml: string): string[] =>
  [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => (m[1] ?? '').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

/** Texts the service through its public address until a reference comes back; returns it. */
/** `publicBaseUrl`: the address Twilio signs (the service's PUBLIC_BASE_URL); `base`: where it listens. */
export async function reportBySms(base: string, publicBaseUrl: string, from: string, answers = DOMESTIC_ABUSE_ANSWERS): Promise<string> {
  const say = async (body: string): Promise<string[]> => {
    const params = { MessageSid: messageSid(), AccountSid: ACCOUNT_SID, From: from, To: TWILIO_ENV.TWILIO_SMS_FROM, Body: body, NumMedia: '0' };
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${publicBaseUrl}/webhooks/twilio/sms`, params);
    const res = await fetch(`${base}/webhooks/twilio/sms`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature }, body: new URLSearchParams(params) });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    return messagesIn(await res.text());
  };
  let reply = await say('Hi');
  for (let turn = 0; turn < 80; turn += 1) {
    const all = reply.join('\n');
    const reference = /reference is ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(all)?.[1];
    if (reference) return reference;
    const question = all.split('\n\n').at(-1) ?? '';
    const row = answers.find(([pattern]) => pattern.test(question));
    const fallback: Answer | undefined = /^\d+\. No$/m.test(question) ? { pick: /^No$/ } : /SKIP/.test(question) ? 'SKIP' : /^1\. /m.test(question) ? { pick: /./ } : undefined;
    const answer = row?.[1] ?? fallback;
    if (answer === undefined) throw new Error(`no answer for: ${question}`);
    if (typeof answer === 'string') {
      reply = await say(answer);
    } else {
      const options = [...question.matchAll(/^(\d+)\. (.+)$/gm)];
      const chosen = options.find((o) => answer.pick.test(o[2] ?? ''));
      if (!chosen) throw new Error(`no option ${answer.pick} in: ${question}`);
      reply = await say(chosen[1] ?? '');
    }
  }
  throw new Error('no reference after 80 messages');
}
