// Discreet mode end to end, through the signed Twilio webhooks of the app as composed for production: a woman
// reporting her partner on a phone she says someone else may read gets no message that names abuse, risk, a
// helpline or the safety team; she is never offered texts or WhatsApp as a safe way to reach her; and whatever the
// landlord later sends her on its own initiative goes out as the neutral "you have a new message" and nothing more.
import nock from 'nock';
import { conversationKey } from '../../../src/crypto/keyed-hash';
import { type TwilioServices, useTwilioServices } from '../../support/twilio-services';
import { converseBySms, type AnswerRow } from '../../support/sms-reporter';
import { MESSAGES_PATH, NEW_MESSAGE_TEMPLATE } from './twilio-harness';

/** Words a reader of her phone must never see (the dialog's own model test keeps the longer list). */
const TELLING = /\b(abuse|abusive|violen|kill|risk|dash|marac|domestic|hate|harass|police|helpline|refuge|safety team|community safety|crime|threat|victim)/i;

const SOMEONE_READS: AnswerRow[] = [
  [/someone else read the messages on this phone/, { pick: /^Yes$/ }],
  [/What is it about/, { pick: /Someone close to me/ }],
  [/How old are you/, { pick: /18 or over/ }],
  [/Where would suit you better/, { pick: /A call from us/ }],
  [/How is it safe for us to contact you/, { pick: /Phone call/ }],
  // The number she writes from is kept for replies; any other would be asked for here.
  [/Which phone number, email or address/, 'SKIP'],
  [/When is it safe to contact you/, 'weekdays 10am to 2pm'],
  [/photos, voice notes or videos/, { pick: /none/i }],
];

/** The update an officer might write: everything the neutral template must keep off her phone. */
const CASE_UPDATE = [{ key: 'followUp:update', text: 'Your Community Safety Team officer has an update on the domestic abuse you reported and the Dash risk checklist.' }];

describe('discreet mode on a phone someone else may read', () => {
  let app: TwilioServices;
  useTwilioServices((started) => (app = started));
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });

  it.each([
    ['sms', '+447700900871'],
    ['whatsapp', 'whatsapp:+447700900872'],
  ] as const)('on %s: every later message is neutral, the read channel is never offered, and proactive messages are the neutral template', async (channel, from) => {
    const { services, db, hashSecret } = app;
    const received = await converseBySms(services.app, channel, from, { overrides: SOMEONE_READS, until: /reference is/ });

    const asked = received.findIndex((m) => /someone else read the messages on this phone/.test(m));
    expect(asked).toBeGreaterThan(0);
    const later = received.slice(asked + 1);
    expect(later.filter((m) => TELLING.test(m))).toEqual([]);
    expect(later.join('\n')).toMatch(/A call from us at a time you choose/);
    const contactOptions = later.find((m) => /How is it safe for us to contact you/.test(m)) ?? '';
    expect(contactOptions).toMatch(/Phone call/);
    expect(contactOptions).not.toMatch(/Text message|WhatsApp/);

    const key = conversationKey(hashSecret, channel, from);
    const stored = await db.connection.collection('cases').findOne({ conversationKey: key });
    expect(stored).toMatchObject({ category: expect.objectContaining({ id: 'domesticAbuse' }), safety: { discreet: true, othersMayReadMessages: 'yes' }, risk: expect.objectContaining({ saferPlace: 'call', dashDeferred: true }) });

    // Later, an officer's update on her case goes through the one outbound path: only the neutral template leaves.
    let body: Record<string, string> = {};
    nock('https://api.twilio.com')
      .post(MESSAGES_PATH, (b: Record<string, string>) => ((body = b), true))
      .reply(201, { sid: `SM${channel === 'sms' ? '8'.repeat(32) : '9'.repeat(32)}`, status: 'queued' });
    const outcome = await services.outbound!.sendProactive({ caseId: String(stored!['_id']), channel, conversationKey: key, prompts: CASE_UPDATE });
    expect(outcome.status).toBe('sent');
    if (channel === 'sms') expect(body.Body).toBe('You have a new message from One Vision Housing. Reply to read it.');
    else expect(body).toMatchObject({ ContentSid: NEW_MESSAGE_TEMPLATE });
    expect(JSON.stringify(body)).not.toMatch(TELLING);
  });
});
