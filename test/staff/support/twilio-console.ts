// The staff console with SMS and WhatsApp switched on and Twilio's REST API stood in by nock: a reporter texting
// the signed webhooks, Twilio's delivery callbacks, and what was asked of Twilio's REST API, for the tests of
// what officers send to reporters (updates, the closing survey).
import nock from 'nock';
import request from 'supertest';
import twilio from 'twilio';
import { createTwilioClient, createTwilioSender } from '../../../src/channels/twilio/twilio-sender';
import type { Config } from '../../../src/config';
import { conversationKey } from '../../../src/crypto/keyed-hash';
import { localClock } from '../../../src/policy/working-days';
import { draftInput, type DraftOverrides } from '../../cases/support/drafts';
import { csrfOf, firstSignIn, startStaffApp, type StaffApp } from './staff-app';

export const ACCOUNT_SID = `AC${'c3'.repeat(16)}`;
const AUTH_TOKEN = 'updates-auth-token-0123456789abcd';
export const NEUTRAL_SID = `HX${'d4'.repeat(16)}`;
export const SMS_FROM = '+447700900000';
const TWILIO = {
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  TWILIO_SMS_FROM: SMS_FROM,
  TWILIO_WHATSAPP_FROM: 'whatsapp:+447700900001',
  TWILIO_WHATSAPP_TEMPLATES: JSON.stringify({ newMessage: NEUTRAL_SID }),
};
const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;

/** The app with Twilio configured; its REST client without keep-alive, so that nock can stand in for Twilio. */
export async function startTwilioConsole(): Promise<StaffApp> {
  const config: NonNullable<Config['twilio']> = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, messagingServiceSid: undefined, smsFrom: SMS_FROM, whatsappFrom: TWILIO.TWILIO_WHATSAPP_FROM, whatsappTemplates: { newMessage: NEUTRAL_SID } };
  const client = createTwilioClient(config, { keepAlive: false });
  return startStaffApp(TWILIO, { messageSender: createTwilioSender({ config, publicBaseUrl: 'http://127.0.0.1', client }) });
}

let inbound = 0;
let outboundSids = 0;

/** The console with Twilio stood in, and a Neighbourhood Services team leader signed in (as the follow-up tests need). */
export async function consoleWithLeader(username: string): Promise<{ app: StaffApp; leader: ReturnType<typeof request.agent> }> {
  const app = await startTwilioConsole();
  const name = username[0]!.toUpperCase() + username.slice(1);
  const account = await app.services.staff.accounts.create({ username, displayName: name, teamId: 'neighbourhoodServices', roles: ['teamLeader'] });
  const leader = request.agent(app.services.app);
  await firstSignIn(leader, username, account.password!, `${username} long password`, app.clock);
  return { app, leader };
}

/**
 * The follow-up tests' one set-up: the console with a team leader signed in before the file's tests (handed to
 * `started`, which keeps them in the file's own variables), closed after them, and nock's stand-ins cleared after
 * each test.
 */
export function useConsoleWithLeader(username: string, started: (ready: Awaited<ReturnType<typeof consoleWithLeader>>) => void): void {
  let app: StaffApp | undefined;
  beforeAll(async () => {
    const ready = await consoleWithLeader(username);
    app = ready.app;
    started(ready);
  }, 60_000);
  afterAll(async () => app?.close());
  afterEach(() => nock.cleanAll());
}

/** A message to the webhook as Twilio signs it, from the reporter's phone; the replies in its TwiML. */
export async function textUs(app: StaffApp, channel: 'sms' | 'whatsapp', from: string, body: string, messageSid?: string): Promise<string[]> {
  inbound += 1;
  const params = { MessageSid: messageSid ?? `SM${inbound.toString(16).padStart(32, 'e')}`, AccountSid: ACCOUNT_SID, From: from, To: SMS_FROM, Body: body, NumMedia: '0' };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${app.config.publicBaseUrl}/webhooks/twilio/${channel}`, params);
  const res = await request(app.services.app).post(`/webhooks/twilio/${channel}`).type('form').set('X-Twilio-Signature', signature).send(params);
  expect(res.status).toBe(200);
  return [...res.text.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => (m[1] ?? '').replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

/** The option of an SMS question whose label matches, by its number ('' when none does). */
export const optionNumber = (question: string, label: RegExp): string => [...question.matchAll(/^(\d+)\. (.+)$/gm)].find((o) => label.test(o[2] ?? ''))?.[1] ?? '';

/**
 * Texting us again from this phone, they say someone else can read their messages now: the conversation goes
 * discreet (docs/discreet-mode.md), which a case reported earlier from the number does not record.
 */
export async function sayOthersReadNow(app: StaffApp, channel: 'sms' | 'whatsapp', from: string): Promise<void> {
  let question = (await textUs(app, channel, from, 'Hi')).join('\n');
  for (let turn = 0; turn < 6 && !/someone else (read|see)/.test(question); turn += 1) {
    question = (await textUs(app, channel, from, optionNumber(question, /in danger right now/.test(question) ? /^No$/ : /^Yes$/))).join('\n');
  }
  expect(question).toMatch(/someone else (read|see)/);
  await textUs(app, channel, from, optionNumber(question, /^Yes/));
}

/** Twilio's delivery callback for a message it was given. */
export async function deliveryStatus(app: StaffApp, sid: string, status: string): Promise<void> {
  const params = { MessageSid: sid, MessageStatus: status, AccountSid: ACCOUNT_SID };
  const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${app.config.publicBaseUrl}/webhooks/twilio/status`, params);
  expect((await request(app.services.app).post('/webhooks/twilio/status').type('form').set('X-Twilio-Signature', signature).send(params)).status).toBe(204);
}

/** A report made from this phone: the person texted us (their number is kept for replies), then the case. */
export async function reportFrom(app: StaffApp, channel: 'sms' | 'whatsapp', from: string, overrides: DraftOverrides = {}): Promise<{ reference: string; caseId: string }> {
  await textUs(app, channel, from, 'Hi');
  const key = conversationKey(app.config.secrets.hashSecret, channel, from);
  return app.services.cases.submitReport(draftInput({ channel, ...overrides }), { conversationKey: key, senderAddress: from });
}

/** Twilio's REST API: records what was asked of it (form fields) and the sids it gave, answering each as queued. */
export function twilioApi(times = 1) {
  const bodies: Record<string, string>[] = [];
  const sids: string[] = [];
  const scope = nock('https://api.twilio.com')
    .post(MESSAGES, (body: Record<string, string>) => {
      bodies.push(body);
      return true;
    })
    .times(times)
    .reply(201, () => {
      sids.push(`SM${String((outboundSids += 1)).padStart(32, 'f')}`);
      return { sid: sids.at(-1), status: 'queued' };
    });
  return { bodies, sids, scope };
}

/** As an officer does it: open the case, write the update, send; the case page as it then is. */
export async function sendUpdate(officer: ReturnType<typeof request.agent>, reference: string, words: string, revision?: string): Promise<{ page: string; revision: string }> {
  const page = await officer.get(`/staff/cases/${reference}`);
  expect(page.status).toBe(200);
  const seen = revision ?? /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  const sent = await officer.post(`/staff/cases/${reference}/update`).type('form').send({ _csrf: csrfOf(page.text), revision: seen, update: words });
  expect(sent.status).toBe(303);
  return { page: (await officer.get(`/staff/cases/${reference}`)).text, revision: seen };
}

/** As an officer does it: the next status from the case page (closing takes an outcome); the case page after. */
export async function moveCase(officer: ReturnType<typeof request.agent>, reference: string, status: string, outcome = ''): Promise<string> {
  const page = await officer.get(`/staff/cases/${reference}`);
  const revision = /name="revision" value="(\d+)"/.exec(page.text)?.[1] ?? '';
  const res = await officer.post(`/staff/cases/${reference}/status`).type('form').send({ _csrf: csrfOf(page.text), revision, status, outcome });
  expect(res.status).toBe(303);
  return (await officer.get(`/staff/cases/${reference}`)).text;
}

/** A case acknowledged, investigated and closed as resolved by mediation (which sends the closing survey); the page after. */
export async function investigateAndClose(officer: ReturnType<typeof request.agent>, reference: string): Promise<string> {
  await moveCase(officer, reference, 'acknowledged');
  await moveCase(officer, reference, 'investigating');
  return moveCase(officer, reference, 'closed', 'resolvedMediation');
}

/** "HH:MM-HH:MM" in London time, starting `fromHours` from now and lasting `hours`. */
export function safeTimes(fromHours: number, hours: number): string {
  const now = localClock(new Date(), 'Europe/London').minutes;
  const at = (m: number) => {
    const x = (((now + m) % 1440) + 1440) % 1440;
    return `${String(Math.floor(x / 60)).padStart(2, '0')}:${String(x % 60).padStart(2, '0')}`;
  };
  return `${at(fromHours * 60)}-${at((fromHours + hours) * 60)}`;
}
