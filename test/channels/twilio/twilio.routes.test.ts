import { createHash, randomBytes } from 'node:crypto';
import nock from 'nock';
import twilio from 'twilio';
import { contactHash, conversationKey } from '../../../src/crypto/keyed-hash';
import type { InboundMessage, TurnResult } from '../../../src/conversation/types';
import pino from 'pino';
import { connectDatabase } from '../../../src/db/connection.mongo';
import { openTestDatabase, testDatabaseUri, uniqueDbName } from '../../support/database';
import { startPausableProxy } from '../../support/pausable-proxy';
import { ACCOUNT_SID, AUTH_TOKEN, buildChannel, eventually, fakeCases, MESSAGES_PATH, messageSid, messagesIn, signedPost } from './twilio-harness';

const REPORTER = '+447700900123';

function reply(texts: { text: string; labels?: string[] }[], extra: Partial<TurnResult> = {}): TurnResult {
  return {
    prompts: texts.map((t) => ({
      key: 'test:prompt',
      text: t.text,
      ...(t.labels ? { choiceLabels: t.labels.map((label, i) => ({ id: `c${i}`, label })) } : {}),
    })),
    locale: 'en',
    ended: false,
    erased: false,
    duplicate: false,
    ...extra,
  };
}

describe('Twilio webhooks', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const received: InboundMessage[] = [];
  const cases = fakeCases();
  let channel: ReturnType<typeof buildChannel>;

  beforeAll(async () => {
    db = await openTestDatabase();
    channel = buildChannel(db, {
      cases: cases.cases,
      handleTurn: async (message) => {
        // Like the runtime: a message it has seen before gets its earlier answer and nothing runs again.
        const seen = received.some((m) => m.providerMessageId === message.providerMessageId);
        if (seen) return reply([{ text: 'Are you in immediate danger right now?', labels: ['Yes', 'No'] }], { duplicate: true });
        received.push(message);
        if (message.text === 'exit') return reply([{ text: 'This chat has been deleted.' }], { erased: true, ended: true });
        return reply([{ text: 'Are you in immediate danger right now?', labels: ['Yes', 'No'] }]);
      },
    });
    await channel.ensureIndexes();
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('answers an SMS with TwiML, the choices as numbered lines, and never hands the raw number to the conversation', async () => {
    const sid = messageSid();
    const res = await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: sid, From: REPORTER, To: '+447700900000', Body: 'Hi', NumMedia: '0' });
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/xml');
    expect(messagesIn(res.text)).toEqual(['Are you in immediate danger right now?\n1. Yes\n2. No']);
    const last = received.at(-1)!;
    expect(last).toMatchObject({ channel: 'sms', providerMessageId: sid, text: 'Hi' });
    expect(last.conversationKey).toBe(conversationKey(channel.config.secrets.hashSecret, 'sms', REPORTER));
    expect(JSON.stringify(last)).not.toContain('7700900123');
    // The address kept for replies is encrypted.
    const stored = await db.connection.collection('outbound_contacts').find().toArray();
    expect(JSON.stringify(stored)).not.toContain('7700900123');
    // ...and only the outbound path can read it back, to reply or to link the case to its contact.
    expect(await channel.outbound.addressOf(last.conversationKey)).toBe(REPORTER);
  });

  it('refuses a request with no signature (400) or a forged one (403), storing nothing', async () => {
    const before = received.length;
    const number = '+447700900999';
    const params = { MessageSid: messageSid(), From: number, Body: 'forged', NumMedia: '0' };
    const url = 'https://reports.example.org/webhooks/twilio/sms';

    expect((await signedPost(channel.app, '/webhooks/twilio/sms', params, null)).status).toBe(400);
    expect((await signedPost(channel.app, '/webhooks/twilio/sms', params, 'bm90IGEgcmVhbCBzaWduYXR1cmU=')).status).toBe(403);
    // Signed by someone without our auth token.
    expect((await signedPost(channel.app, '/webhooks/twilio/sms', params, twilio.getExpectedTwilioSignature('another-token', url, params))).status).toBe(403);
    // A genuine signature, but for different words.
    const tampered = twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, { ...params, Body: 'original' });
    expect((await signedPost(channel.app, '/webhooks/twilio/sms', params, tampered)).status).toBe(403);
    // Signed against the internal host rather than the public URL.
    const internal = twilio.getExpectedTwilioSignature(AUTH_TOKEN, 'http://127.0.0.1:3000/webhooks/twilio/sms', params);
    expect((await signedPost(channel.app, '/webhooks/twilio/sms', params, internal)).status).toBe(403);

    expect(received.length).toBe(before);
    const hash = contactHash(channel.config.secrets.hashSecret, number);
    expect(await db.connection.collection('outbound_contacts').countDocuments({ contactHash: hash })).toBe(0);
    expect(await db.connection.collection('outbound_webhook_replies').countDocuments({ _id: params.MessageSid as never })).toBe(0);

    // The same request properly signed is accepted.
    expect((await signedPost(channel.app, '/webhooks/twilio/sms', params)).status).toBe(200);
    expect(received.length).toBe(before + 1);
  });

  it('gives a Twilio retry of the same MessageSid the same answer without running the turn again', async () => {
    const params = { MessageSid: messageSid(), From: REPORTER, Body: 'again', NumMedia: '0' };
    const first = await signedPost(channel.app, '/webhooks/twilio/sms', params);
    const count = received.length;
    const retry = await signedPost(channel.app, '/webhooks/twilio/sms', params);
    expect(retry.status).toBe(200);
    expect(retry.text).toBe(first.text);
    expect(received.length).toBe(count);
  });

  it('keeps no words of its answers for retries: only what kind of answer it was', async () => {
    const params = { MessageSid: messageSid(), From: REPORTER, Body: 'my neighbour John Smith shouted at me', NumMedia: '0' };
    await signedPost(channel.app, '/webhooks/twilio/sms', params);
    const stored = await db.connection.collection('outbound_webhook_replies').findOne({ _id: params.MessageSid as never });
    expect(stored).toMatchObject({ kind: 'turn' });
    expect(JSON.stringify(stored)).not.toMatch(/immediate danger|John Smith|Message/);
  });

  it('does not fetch or store a retried message\'s attachment again, and says the same about one it could not keep', async () => {
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM0009/Media/ME0009`;
    const params = { MessageSid: messageSid(), From: REPORTER, Body: '', NumMedia: '1', MediaUrl0: `https://api.twilio.com${mediaPath}`, MediaContentType0: 'image/jpeg' };
    const media = nock('https://api.twilio.com').get(mediaPath).once().reply(200, '<html></html>', { 'content-type': 'text/html' });
    const first = await signedPost(channel.app, '/webhooks/twilio/sms', params);
    expect(media.isDone()).toBe(true);
    expect(messagesIn(first.text)[0]).toMatch(/could not keep a file/);
    const retry = await signedPost(channel.app, '/webhooks/twilio/sms', params);
    expect(retry.text).toBe(first.text);
  });

  it('stores a WhatsApp photo as evidence with its SHA-256, fetched with the account credentials', async () => {
    const photo = randomBytes(2048);
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM0001/Media/ME0001`;
    const media = nock('https://api.twilio.com')
      .get(mediaPath)
      .basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN })
      .reply(200, photo, { 'content-type': 'image/jpeg', 'content-length': String(photo.length) });
    const res = await signedPost(channel.app, '/webhooks/twilio/whatsapp', {
      MessageSid: messageSid(),
      From: `whatsapp:${REPORTER}`,
      Body: '',
      NumMedia: '1',
      MediaUrl0: `https://api.twilio.com${mediaPath}`,
      MediaContentType0: 'image/jpeg',
    });
    expect(res.status).toBe(200);
    expect(media.isDone()).toBe(true);
    const last = received.at(-1)!;
    expect(last.channel).toBe('whatsapp');
    expect(last.media).toHaveLength(1);
    const stored = await channel.evidence.read(last.media![0]!.id);
    expect(stored?.item.sha256).toBe(createHash('sha256').update(photo).digest('hex'));
    expect(stored?.item.contentType).toBe('image/jpeg');
    expect(stored?.data.equals(photo)).toBe(true);
  });

  it('does not keep a file of a type we cannot store, and says so', async () => {
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM0002/Media/ME0002`;
    const res = await signedPost(channel.app, '/webhooks/twilio/sms', {
      MessageSid: messageSid(),
      From: REPORTER,
      Body: 'see this',
      NumMedia: '1',
      MediaUrl0: `https://api.twilio.com${mediaPath}`,
      MediaContentType0: 'text/html',
    });
    expect(received.at(-1)!.media).toBeUndefined();
    expect(messagesIn(res.text)[0]).toMatch(/could not keep a file/);
  });

  it('STOP: records the opt-out, tells the person how to undo it, alerts an open high-risk case, and blocks proactive messages', async () => {
    const number = '+447700900555';
    const hash = contactHash(channel.config.secrets.hashSecret, number);
    cases.open.push({ id: 'case-high', contactHash: hash, highRisk: true }, { id: 'case-low', contactHash: hash, highRisk: false });
    await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: number, Body: 'hello', NumMedia: '0' });
    const before = received.length;

    const stop = await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: number, Body: ' Stop ', NumMedia: '0' });
    const [text] = messagesIn(stop.text);
    expect(text).toMatch(/no more texts/);
    expect(text).toMatch(/START/);
    expect(text).toMatch(/999/);
    expect(received.length).toBe(before);
    expect(cases.alerts.filter((a) => a.type === 'contact_opted_out').map((a) => a.caseId)).toEqual(['case-high']);

    const key = conversationKey(channel.config.secrets.hashSecret, 'sms', number);
    const refused = await channel.outbound.sendProactive({ caseId: 'case-high', channel: 'sms', conversationKey: key, prompts: [{ key: 'x', text: 'Update on your case' }] });
    expect(refused).toEqual({ status: 'refused', reason: 'opted_out' });

    const start = await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: number, Body: 'YES', NumMedia: '0' });
    expect(messagesIn(start.text)[0]).toMatch(/texts from us again/);
    expect(await channel.outbound.isOptedOut(hash)).toBe(false);
  });

  it('treats YES as an answer, not a subscription word, when the person has not opted out', async () => {
    await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: REPORTER, Body: 'yes', NumMedia: '0' });
    expect(received.at(-1)!.text).toBe('yes');
  });

  it('after a quick exit keeps no record of its answer (the turn has forgotten the conversation)', async () => {
    const number = '+447700900777';
    const params = { MessageSid: messageSid(), From: number, Body: 'exit', NumMedia: '0' };
    const res = await signedPost(channel.app, '/webhooks/twilio/sms', params);
    expect(messagesIn(res.text)).toEqual(['This chat has been deleted.']);
    expect(await db.connection.collection('outbound_webhook_replies').countDocuments({ _id: params.MessageSid as never })).toBe(0);
  });
});

describe('a turn slower than the webhook budget', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  afterAll(async () => {
    nock.cleanAll();
    await db.drop();
  });

  it('answers within the budget with 999 guidance, then sends the real reply through the REST API when it is ready', async () => {
    db = await openTestDatabase();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const channel = buildChannel(db, {
      replyBudgetMs: 20,
      handleTurn: async () => {
        await gate;
        return reply([{ text: 'Thank you. Where did it happen?' }]);
      },
    });
    await channel.ensureIndexes();
    let sentBody: Record<string, string> = {};
    const rest = nock('https://api.twilio.com')
      .post(MESSAGES_PATH, (body: Record<string, string>) => {
        sentBody = body;
        return true;
      })
      .reply(201, { sid: `SM${'f'.repeat(32)}`, status: 'queued' });

    const res = await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: REPORTER, Body: 'slow', NumMedia: '0' });
    expect(res.status).toBe(200);
    const [holding, ...more] = messagesIn(res.text);
    expect(more).toEqual([]);
    expect(holding).toMatch(/slow to answer/);
    expect(holding).toMatch(/call 999/);
    expect(holding).toMatch(/press 55/);
    release();
    await eventually(() => rest.isDone());
    expect(sentBody).toMatchObject({ To: REPORTER, From: '+447700900000', Body: 'Thank you. Where did it happen?', StatusCallback: 'https://reports.example.org/webhooks/twilio/status' });
    const key = conversationKey(channel.config.secrets.hashSecret, 'sms', REPORTER);
    await eventually(async () => (await channel.outbound.listForConversation(key)).length === 1);
    expect((await channel.outbound.listForConversation(key))[0]).toMatchObject({ kind: 'reply', status: 'queued' });
  });
});

describe('a late reply to a conversation that has just been forgotten (an anonymous report)', () => {
  it('still reaches the person who wrote: their number came with the message', async () => {
    const db = await openTestDatabase();
    const channel: ReturnType<typeof buildChannel> = buildChannel(db, {
      replyBudgetMs: 20,
      handleTurn: async (message) => {
        await new Promise((r) => setTimeout(r, 200));
        // As submitting an anonymous report does: the conversation's number is forgotten.
        await channel.outbound.forget(message.conversationKey);
        return reply([{ text: 'Thank you. Your reference is ABCD-EFGH.' }], { ended: true });
      },
    });
    await channel.ensureIndexes();
    const rest = nock('https://api.twilio.com')
      .post(MESSAGES_PATH, (body: Record<string, string>) => body['To'] === REPORTER && /ABCD-EFGH/.test(body['Body'] ?? ''))
      .reply(201, { sid: `SM${'d'.repeat(32)}`, status: 'queued' });
    const res = await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: REPORTER, Body: '1', NumMedia: '0' });
    expect(messagesIn(res.text)[0]).toMatch(/call 999/);
    await eventually(() => rest.isDone());
    const key = conversationKey(channel.config.secrets.hashSecret, 'sms', REPORTER);
    expect(await channel.outbound.addressOf(key)).toBeUndefined();
    await db.drop();
  });
});

describe('when the database stalls mid-turn (connections open, no answers)', () => {
  it('the person still gets 999 guidance within the budget, and the real reply once the database is back', async () => {
    const proxy = await startPausableProxy(testDatabaseUri());
    const name = uniqueDbName();
    const db = connectDatabase(proxy.uri, name, pino({ level: 'silent' }), { maxDelayMs: 500 });
    await db.connected;
    try {
      const channel = buildChannel(db, { replyBudgetMs: 400, handleTurn: async () => reply([{ text: 'Is it safe for you to message us now?' }]) });
      await channel.ensureIndexes();
      const rest = nock('https://api.twilio.com').post(MESSAGES_PATH, (body: Record<string, string>) => body['Body'] === 'Is it safe for you to message us now?').reply(201, { sid: `SM${'e'.repeat(32)}`, status: 'queued' });

      proxy.pause();
      // The answer comes back while the database is still stalled: it did not wait for it.
      const res = await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: REPORTER, Body: 'no', NumMedia: '0' });
      expect(res.status).toBe(200);
      expect(messagesIn(res.text)[0]).toMatch(/call 999/);
      expect(rest.isDone()).toBe(false);

      proxy.resume();
      await eventually(() => rest.isDone());
    } finally {
      await db.connection.dropDatabase().catch(() => {});
      await db.close();
      await proxy.close();
    }
  });
});

describe('WhatsApp without a WhatsApp sender configured', () => {
  it('is off: a signed WhatsApp message gets no answer and starts no conversation, while SMS still works', async () => {
    const db = await openTestDatabase();
    const turns: InboundMessage[] = [];
    const channel = buildChannel(db, {
      env: { TWILIO_WHATSAPP_FROM: undefined },
      handleTurn: async (message) => {
        turns.push(message);
        return reply([{ text: 'Are you in immediate danger right now?' }]);
      },
    });
    expect(channel.config.disabledChannels.map((c) => c.channel)).toContain('whatsapp');
    await channel.ensureIndexes();
    const res = await signedPost(channel.app, '/webhooks/twilio/whatsapp', { MessageSid: messageSid(), From: `whatsapp:${REPORTER}`, Body: 'hello', NumMedia: '0' });
    expect(res.status).toBe(404);
    expect(messagesIn(res.text)).toEqual([]);
    expect(turns).toEqual([]);
    const sms = await signedPost(channel.app, '/webhooks/twilio/sms', { MessageSid: messageSid(), From: REPORTER, Body: 'hello', NumMedia: '0' });
    expect(messagesIn(sms.text)).toEqual(['Are you in immediate danger right now?']);
    await db.drop();
  });
});

describe('when the database is down', () => {
  it('the fallback URL still answers with 999 guidance and when to try again, and so does the main webhook', async () => {
    const db = await openTestDatabase();
    const channel = buildChannel(db, { handleTurn: async () => reply([{ text: 'never' }]) });
    await db.drop(); // closes the connection
    expect(await db.isReady()).toBe(false);

    const params = { MessageSid: messageSid(), From: REPORTER, Body: 'help', NumMedia: '0' };
    const fallback = await signedPost(channel.app, '/webhooks/twilio/fallback', params);
    expect(fallback.status).toBe(200);
    const [text] = messagesIn(fallback.text);
    expect(text).toMatch(/999/);
    expect(text).toMatch(/try again in an hour/);

    const main = await signedPost(channel.app, '/webhooks/twilio/sms', params);
    expect(main.status).toBe(200);
    expect(messagesIn(main.text)[0]).toMatch(/999/);

    expect((await signedPost(channel.app, '/webhooks/twilio/fallback', params, 'forged')).status).toBe(403);
  });
});

// nock patches http globally; undo it so the next test file in this worker starts clean.
afterAll(() => {
  nock.restore();
});
