// For the live hand-off's tests: a clock set to a working hour (the honest answer and escalation depend on
// it, and CI runs at any hour), a web chat person over the Direct Line REST routes, officers signed in, and
// Twilio's side (signed webhooks in, its REST API stood in by nock).
import nock from 'nock';
import request from 'supertest';
import twilio from 'twilio';
import type { PolicyPack } from '../../src/policy/pack.schema';
import { isWorkingTime } from '../../src/policy/working-days';
import { ACCOUNT_SID, AUTH_TOKEN, MESSAGES_PATH, messageSid, messagesIn, NEW_MESSAGE_TEMPLATE } from '../channels/twilio/twilio-harness';
import { firstSignIn, type StaffApp } from '../staff/support/staff-app';

/** The offset from now to the next hour that is working time for the next three hours (or, `outOfHours`, is not). */
export function offsetTo(pack: PolicyPack, want: 'inHours' | 'outOfHours'): number {
  const start = Math.ceil(Date.now() / 3600_000) * 3600_000 + 5 * 60_000;
  for (let at = start; at < start + 21 * 86_400_000; at += 3600_000) {
    const ok = (t: number) => isWorkingTime(new Date(t), pack.calendar, pack.officeHours) === (want === 'inHours');
    if (ok(at) && ok(at + 3600_000) && ok(at + 2 * 3600_000)) return at - Date.now();
  }
  throw new Error('no such hour in three weeks');
}

export interface Activity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  suggestedActions?: { actions: { title: string; value: unknown }[] };
}

/** A person in web chat, talking over the Direct Line REST routes (the page would use its stream). */
export async function webChatPerson(base: string) {
  const issued = await request(base).post('/chat/token').expect(200);
  const token = issued.body.token as string;
  const started = (await request(base).post('/v3/directline/conversations').set('Authorization', `Bearer ${token}`).send({}).expect(201)).body as { conversationId: string; streamUrl: string };
  let n = 0;
  let watermark = '';
  const post = (body: object) =>
    request(base)
      .post(`/v3/directline/conversations/${started.conversationId}/activities`)
      .set('Authorization', `Bearer ${token}`)
      .send({ from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: `a${(n += 1)}` }, ...body })
      .expect(200);
  const person = {
    conversationId: started.conversationId,
    token,
    say: (text: string) => post({ type: 'message', text }),
    /** What the bot (or the officer through it) sent since the last call. */
    async heard(): Promise<string[]> {
      const res = await request(base).get(`/v3/directline/conversations/${started.conversationId}/activities?watermark=${watermark}`).set('Authorization', `Bearer ${token}`).expect(200);
      watermark = res.body.watermark as string;
      return (res.body.activities as Activity[]).filter((a) => a.from.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');
    },
  };
  await post({ type: 'event', name: 'webchat/join' });
  return person;
}

let officers = 0;
/** A member of staff with an account made as `npm run staff -- add` makes it, signed in through the forms. */
export async function signedInOfficer(app: StaffApp, name: string, teamId: string, role: string) {
  officers += 1;
  const username = `officer${officers}@landlord.example`;
  const account = await app.services.staff.accounts.create({ username, displayName: name, teamId, roles: [role] });
  const agent = request.agent(app.base);
  const password = `${name} long password ${officers}`;
  const { secret } = await firstSignIn(agent, username, account.password!, password, app.clock);
  return { agent, id: account.account.id, name, username, password, secret };
}

/** Twilio's side, for the SMS and WhatsApp hand-off tests: signed webhooks to the app's public address. */
export const TWILIO_HANDOFF_ENV = {
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_SMS_FROM: '+447700900000',
  TWILIO_WHATSAPP_FROM: 'whatsapp:+447700900001',
  TWILIO_WHATSAPP_TEMPLATES: JSON.stringify({ newMessage: NEW_MESSAGE_TEMPLATE }),
};

async function signedWebhook(app: StaffApp, route: string, params: Record<string, string>): Promise<Response> {
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${app.config.publicBaseUrl}/webhooks/twilio/${route}`, params);
  return fetch(`${app.base}/webhooks/twilio/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature }, body: new URLSearchParams(params) });
}

/** A person's text or WhatsApp message, as Twilio delivers it; the messages the webhook answered with. */
export async function twilioSay(app: StaffApp, channel: 'sms' | 'whatsapp', from: string, body: string): Promise<string[]> {
  const res = await signedWebhook(app, channel, { MessageSid: messageSid(), AccountSid: ACCOUNT_SID, From: from, To: channel === 'sms' ? '+447700900000' : 'whatsapp:+447700900001', Body: body, NumMedia: '0' });
  if (res.status !== 200) throw new Error(`the webhook answered ${res.status}`);
  return messagesIn(await res.text());
}

/** Twilio's delivery callback for a message it sent. */
export async function twilioStatus(app: StaffApp, sid: string, status: string, errorCode?: number): Promise<void> {
  const res = await signedWebhook(app, 'status', { MessageSid: sid, AccountSid: ACCOUNT_SID, MessageStatus: status, ...(errorCode ? { ErrorCode: String(errorCode) } : {}) });
  if (res.status !== 204) throw new Error(`the status callback answered ${res.status}`);
}

/** Twilio's REST API stood in by nock: every message the service asks it to send, in order. */
export function twilioRestStandIn() {
  const sent: { sid: string; params: Record<string, string> }[] = [];
  const scope = nock('https://api.twilio.com')
    .persist()
    .post(MESSAGES_PATH)
    .reply(201, (_uri, body) => {
      const params = typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
      const sid = `SM${(sent.length + 1).toString(16).padStart(32, '0')}`;
      sent.push({ sid, params });
      return { sid, status: 'queued' };
    });
  return { sent, scope };
}
