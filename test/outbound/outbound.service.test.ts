import nock from 'nock';
import { conversationKey, contactHash } from '../../src/crypto/keyed-hash';
import { openTestDatabase } from '../support/database';
import { buildChannel, fakeCases, MESSAGES_PATH, NEW_MESSAGE_TEMPLATE, signedPost } from '../channels/twilio/twilio-harness';

const SMS_NUMBER = '+447700900200';
const WA_NUMBER = 'whatsapp:+447700900300';
const update = [{ key: 'followUp:update.prompt', text: 'Your officer has an update on your case. Reply to read it.' }];

describe('the outbound path (every proactive message)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let clock = new Date('2026-11-20T10:00:00Z');
  const cases = fakeCases();
  let channel: ReturnType<typeof buildChannel>;
  let smsKey: string;
  let waKey: string;

  const twilioApi = () => nock('https://api.twilio.com');

  beforeAll(async () => {
    db = await openTestDatabase();
    channel = buildChannel(db, { cases: cases.cases, now: () => clock });
    await channel.ensureIndexes();
    const secret = channel.config.secrets.hashSecret;
    smsKey = conversationKey(secret, 'sms', SMS_NUMBER);
    waKey = conversationKey(secret, 'whatsapp', WA_NUMBER);
    await channel.outbound.recordInbound({ channel: 'sms', conversationKey: smsKey, contactHash: contactHash(secret, SMS_NUMBER), address: SMS_NUMBER, at: clock });
    await channel.outbound.recordInbound({ channel: 'whatsapp', conversationKey: waKey, contactHash: contactHash(secret, WA_NUMBER), address: WA_NUMBER, at: clock });
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('sends free text on WhatsApp within 24 hours of the last message', async () => {
    clock = new Date('2026-11-20T20:00:00Z');
    let body: Record<string, string> = {};
    twilioApi()
      .post(MESSAGES_PATH, (b: Record<string, string>) => ((body = b), true))
      .reply(201, { sid: `SM${'1'.repeat(32)}`, status: 'queued' });
    const outcome = await channel.outbound.sendProactive({ caseId: 'case-7', channel: 'whatsapp', conversationKey: waKey, prompts: update });
    expect(outcome.status).toBe('sent');
    expect(body).toMatchObject({ To: WA_NUMBER, From: 'whatsapp:+447700900001', Body: update[0]!.text });
  });

  it('after 24 hours refuses free text on WhatsApp itself, and sends only the neutral approved template', async () => {
    clock = new Date('2026-11-21T10:00:01Z');
    // No Twilio call is expected: our code refuses, not Twilio.
    const refused = await channel.outbound.sendProactive({ caseId: 'case-7', channel: 'whatsapp', conversationKey: waKey, prompts: update });
    expect(refused).toEqual({ status: 'refused', reason: 'template_required' });

    let body: Record<string, string> = {};
    twilioApi()
      .post(MESSAGES_PATH, (b: Record<string, string>) => ((body = b), true))
      .reply(201, { sid: `SM${'2'.repeat(32)}`, status: 'queued' });
    const sent = await channel.outbound.sendProactive({ caseId: 'case-7', channel: 'whatsapp', conversationKey: waKey, template: { name: 'newMessage' } });
    expect(sent.status).toBe('sent');
    expect(body.ContentSid).toBe(NEW_MESSAGE_TEMPLATE);
    expect(body.Body).toBeUndefined();
    expect(JSON.parse(body.ContentVariables ?? '{}')).toEqual({ organisation: 'One Vision Housing' });

    const unknown = await channel.outbound.sendProactive({ channel: 'whatsapp', conversationKey: waKey, template: { name: 'notApproved' } });
    expect(unknown).toEqual({ status: 'refused', reason: 'unknown_template' });
  });

  it('a new message from the person opens the WhatsApp window again', async () => {
    clock = new Date('2026-11-21T12:00:00Z');
    const secret = channel.config.secrets.hashSecret;
    expect(await channel.outbound.sendProactive({ channel: 'whatsapp', conversationKey: waKey, prompts: update })).toEqual({ status: 'refused', reason: 'template_required' });
    await channel.outbound.recordInbound({ channel: 'whatsapp', conversationKey: waKey, contactHash: contactHash(secret, WA_NUMBER), address: WA_NUMBER, at: clock });
    twilioApi().post(MESSAGES_PATH).reply(201, { sid: `SM${'7'.repeat(32)}`, status: 'queued' });
    clock = new Date('2026-11-22T11:59:00Z');
    expect((await channel.outbound.sendProactive({ channel: 'whatsapp', conversationKey: waKey, prompts: update })).status).toBe('sent');
  });

  it('when someone else reads the messages, sends only the neutral wording, never the case details', async () => {
    let body: Record<string, string> = {};
    twilioApi()
      .post(MESSAGES_PATH, (b: Record<string, string>) => ((body = b), true))
      .reply(201, { sid: `SM${'3'.repeat(32)}`, status: 'queued' });
    const outcome = await channel.outbound.sendProactive({ channel: 'sms', conversationKey: smsKey, prompts: update, safeContact: { someoneElseReads: true } });
    expect(outcome).toMatchObject({ status: 'sent', template: 'newMessage' });
    expect(body.Body).toBe('You have a new message from One Vision Housing. Reply to read it.');
    // A question that the neutral wording cannot stand for (the closing survey's) is asked in its words or not at all.
    expect(await channel.outbound.sendProactive({ channel: 'sms', conversationKey: smsKey, prompts: update, safeContact: { someoneElseReads: true }, wordsOnly: true })).toEqual({ status: 'refused', reason: 'neutral_only' });
  });

  it('keeps to the channels and times the reporter said are safe', async () => {
    expect(await channel.outbound.sendProactive({ channel: 'sms', conversationKey: smsKey, prompts: update, safeContact: { channels: ['whatsapp'] } })).toEqual({
      status: 'refused',
      reason: 'channel_not_allowed',
    });
    clock = new Date('2026-11-21T21:30:00Z'); // 21:30 in London
    expect(await channel.outbound.sendProactive({ channel: 'sms', conversationKey: smsKey, prompts: update, safeContact: { safeTimes: '09:00-17:00' } })).toEqual({
      status: 'refused',
      reason: 'outside_safe_times',
    });
    clock = new Date('2026-11-21T10:30:00Z');
    twilioApi().post(MESSAGES_PATH).reply(201, { sid: `SM${'4'.repeat(32)}`, status: 'queued' });
    expect((await channel.outbound.sendProactive({ channel: 'sms', conversationKey: smsKey, prompts: update, safeContact: { safeTimes: '09:00-17:00' } })).status).toBe('sent');
  });

  it('error 21610 (the person unsubscribed) is recorded on the message and the case, and nothing is retried', async () => {
    const number = '+447700900400';
    const secret = channel.config.secrets.hashSecret;
    const key = conversationKey(secret, 'sms', number);
    await channel.outbound.recordInbound({ channel: 'sms', conversationKey: key, contactHash: contactHash(secret, number), address: number, at: clock });
    const api = twilioApi()
      .post(MESSAGES_PATH)
      .once()
      .reply(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', more_info: 'https://www.twilio.com/docs/errors/21610', status: 400 });

    const outcome = await channel.outbound.sendProactive({ caseId: 'case-21610', channel: 'sms', conversationKey: key, prompts: update });
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 21610 });
    expect(api.isDone()).toBe(true);
    const records = await channel.outbound.listForCase('case-21610');
    expect(records).toEqual([expect.objectContaining({ status: 'failed', errorCode: 21610 })]);
    expect(cases.alerts).toContainEqual(expect.objectContaining({ caseId: 'case-21610', type: 'contact_failed' }));

    // A second attempt is stopped by us, not sent to Twilio to fail again.
    expect(await channel.outbound.sendProactive({ caseId: 'case-21610', channel: 'sms', conversationKey: key, prompts: update })).toEqual({ status: 'refused', reason: 'opted_out' });
  });

  it('sends to a number the person gave (not one they wrote from), keeps opt-outs for it, and never on WhatsApp without a template', async () => {
    const number = '+447700900450';
    const secret = channel.config.secrets.hashSecret;
    const to = { address: number, contactHash: contactHash(secret, number) };
    const key = conversationKey(secret, 'sms', number);
    let body: Record<string, string> = {};
    twilioApi()
      .post(MESSAGES_PATH, (b: Record<string, string>) => ((body = b), true))
      .reply(201, { sid: `SM${'7'.repeat(32)}`, status: 'queued' });
    expect((await channel.outbound.sendProactive({ caseId: 'case-given', ref: 'update-1', channel: 'sms', conversationKey: key, to, prompts: update })).status).toBe('sent');
    expect(body).toMatchObject({ To: number });
    expect(await channel.outbound.listForCase('case-given')).toEqual([expect.objectContaining({ ref: 'update-1', status: 'queued' })]);
    // They never wrote to us on WhatsApp: its window is closed.
    expect(await channel.outbound.sendProactive({ channel: 'whatsapp', conversationKey: conversationKey(secret, 'whatsapp', number), to, prompts: update })).toEqual({ status: 'refused', reason: 'template_required' });
    await channel.outbound.optOut(to.contactHash, 'STOP');
    expect(await channel.outbound.sendProactive({ channel: 'sms', conversationKey: key, to, prompts: update })).toEqual({ status: 'refused', reason: 'opted_out' });
  });

  it('delivery callbacks move a message forward, never back, whatever order they arrive in', async () => {
    const sid = `SM${'5'.repeat(32)}`;
    twilioApi().post(MESSAGES_PATH).reply(201, { sid, status: 'queued' });
    await channel.outbound.sendProactive({ caseId: 'case-order', channel: 'sms', conversationKey: smsKey, prompts: update });

    const status = (s: string) => signedPost(channel.app, '/webhooks/twilio/status', { MessageSid: sid, MessageStatus: s });
    expect((await status('delivered')).status).toBe(204);
    expect((await status('sent')).status).toBe(204);
    expect((await status('queued')).status).toBe(204);
    const [record] = await channel.outbound.listForCase('case-order');
    expect(record?.status).toBe('delivered');
    expect((await status('read')).status).toBe(204);
    expect((await channel.outbound.listForCase('case-order'))[0]?.status).toBe('read');
  });

  it('a WhatsApp window error reported in a callback (63016) goes against the message and the case', async () => {
    clock = new Date('2026-11-21T11:00:00Z');
    const sid = `SM${'6'.repeat(32)}`;
    twilioApi().post(MESSAGES_PATH).reply(201, { sid, status: 'queued' });
    const secret = channel.config.secrets.hashSecret;
    await channel.outbound.recordInbound({ channel: 'whatsapp', conversationKey: waKey, contactHash: contactHash(secret, WA_NUMBER), address: WA_NUMBER, at: clock });
    await channel.outbound.sendProactive({ caseId: 'case-63016', channel: 'whatsapp', conversationKey: waKey, prompts: update });
    const res = await signedPost(channel.app, '/webhooks/twilio/status', { MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '63016' });
    expect(res.status).toBe(204);
    expect((await channel.outbound.listForCase('case-63016'))[0]).toMatchObject({ status: 'undelivered', errorCode: 63016 });
    expect(cases.alerts).toContainEqual(expect.objectContaining({ caseId: 'case-63016', type: 'contact_failed' }));
  });

  it('a forged delivery callback changes nothing', async () => {
    const res = await signedPost(channel.app, '/webhooks/twilio/status', { MessageSid: `SM${'5'.repeat(32)}`, MessageStatus: 'failed' }, 'forged');
    expect(res.status).toBe(403);
    expect((await channel.outbound.listForCase('case-order'))[0]?.status).toBe('read');
  });
});

describe('retention of outbound records', () => {
  it('forgets cached webhook replies and the addresses of people who have gone quiet, keeping recent ones', async () => {
    const db = await openTestDatabase();
    let clock = new Date('2026-11-01T10:00:00Z');
    const channel = buildChannel(db, { now: () => clock });
    await channel.ensureIndexes();
    const secret = channel.config.secrets.hashSecret;
    const oldKey = conversationKey(secret, 'sms', '+447700900601');
    const newKey = conversationKey(secret, 'sms', '+447700900602');
    await channel.outbound.recordInbound({ channel: 'sms', conversationKey: oldKey, contactHash: 'h1', address: '+447700900601', at: clock });
    await channel.outbound.webhookReplies.save('SMold', oldKey, { kind: 'turn', refusedMedia: 0 }, clock);
    clock = new Date('2026-11-20T10:00:00Z');
    await channel.outbound.recordInbound({ channel: 'sms', conversationKey: newKey, contactHash: 'h2', address: '+447700900602', at: clock });
    await channel.outbound.webhookReplies.save('SMnew', newKey, { kind: 'turn', refusedMedia: 0 }, clock);

    const purged = await channel.outbound.purge({ repliesBefore: new Date('2026-11-19T10:00:00Z'), contactsIdleSince: new Date('2026-11-10T00:00:00Z') });
    expect(purged).toEqual({ replies: 1, contacts: 1 });
    expect(await channel.outbound.addressOf(oldKey)).toBeUndefined();
    expect(await channel.outbound.addressOf(newKey)).toBe('+447700900602');
    expect(await channel.outbound.webhookReplies.find('SMold')).toBeUndefined();
    expect(await channel.outbound.webhookReplies.find('SMnew')).toEqual({ kind: 'turn', refusedMedia: 0 });
    await db.drop();
  });
});

// nock patches http globally; undo it so the next test file in this worker starts clean.
afterAll(() => {
  nock.restore();
});
