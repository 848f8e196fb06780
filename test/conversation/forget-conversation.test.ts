// One way to forget a conversation (src/conversation/forget.ts), used by every path that erases one. A person
// who has written, sent a photo and asked for a person on WhatsApp, and a person on web chat, each leave;
// afterwards no collection of the database holds anything keyed to them. The collections listed below must
// have held something of theirs first, so the test cannot pass by looking at nothing.
import { useTwilioServices } from '../support/twilio-services';
import request from 'supertest';
import nock from 'nock';
import { type Services } from '../../src/compose';
import { contactHash, conversationKey } from '../../src/crypto/keyed-hash';
import { ACCOUNT_SID, AUTH_TOKEN } from '../channels/twilio/twilio-harness';
import { openTestDatabase } from '../support/database';
import { sendSms } from '../support/sms-reporter';

/** Every collection a WhatsApp conversation writes to before it is forgotten. */
const WHATSAPP_HOLDERS = ['sessions', 'inbound_messages', 'evidence_files', 'evidence_chunks', 'handoffs', 'outbound_contacts', 'outbound_webhook_replies'];
/** Every collection a web chat conversation writes to before it is forgotten. */
const WEBCHAT_HOLDERS = ['sessions', 'inbound_messages', 'webchat_transcripts', 'webchat_transcript_pages'];

describe('forgetting a conversation empties every collection of it', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let services: Services;
  let hashSecret = '';

  useTwilioServices((app) => ({ db, services, hashSecret } = app));

  /** Collections holding a document that mentions any of these values (keys, hashes, ids). */
  async function holders(values: string[]): Promise<string[]> {
    const found = new Set<string>();
    for (const { name } of await db.connection.db!.listCollections().toArray()) {
      for (const doc of await db.connection.collection(name).find({}).toArray()) {
        const text = JSON.stringify(doc);
        if (values.some((v) => text.includes(v))) found.add(name);
      }
    }
    return [...found].sort();
  }

  /** Evidence chunks name their file, not the conversation: the file ids stand for the conversation there. */
  async function evidenceIdsOf(key: string): Promise<string[]> {
    return (await db.connection.collection<{ _id: string }>('evidence_files').find({ conversationKey: key }).toArray()).map((f) => f._id);
  }

  it('on WhatsApp: the exit word leaves nothing of the conversation, its photo, its request for a person or its number', async () => {
    const from = 'whatsapp:+447700900977';
    const key = conversationKey(hashSecret, 'whatsapp', from);
    const hash = contactHash(hashSecret, from);
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MMforget/Media/MEforget`;
    nock('https://api.twilio.com').get(mediaPath).basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN }).reply(200, Buffer.alloc(3000, 7), { 'content-type': 'image/jpeg' });

    await sendSms(services.app, 'whatsapp', from, 'Hi');
    await sendSms(services.app, 'whatsapp', from, '', { NumMedia: '1', MediaUrl0: `https://api.twilio.com${mediaPath}`, MediaContentType0: 'image/jpeg' });
    await sendSms(services.app, 'whatsapp', from, 'I want to talk to a person');
    const files = await evidenceIdsOf(key);
    expect(files).toHaveLength(1);
    expect(await holders([key, hash, ...files])).toEqual(expect.arrayContaining(WHATSAPP_HOLDERS));

    const bye = await sendSms(services.app, 'whatsapp', from, 'EXIT');
    expect(bye.join('\n')).toMatch(/deleted/i);
    expect(await holders([key, hash, ...files])).toEqual([]);
  });

  it('on web chat: the page\'s quick exit leaves nothing of the conversation', async () => {
    const app = services.app;
    const token = (await request(app).post('/chat/token').expect(200)).body.token as string;
    const c = (await request(app).post('/v3/directline/conversations').set('Authorization', `Bearer ${token}`).send({}).expect(201)).body as { conversationId: string };
    const post = (body: object) => request(app).post(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${token}`).send(body).expect(200);
    await post({ type: 'event', name: 'webchat/join', from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: 'join' } });
    await post({ type: 'message', text: 'my neighbour keeps banging on the wall', from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: 'm1' } });
    const key = conversationKey(hashSecret, 'webchat', c.conversationId);
    expect(await holders([key, c.conversationId])).toEqual(expect.arrayContaining(WEBCHAT_HOLDERS));

    await request(app).post('/chat/exit').type('text/plain').send(token).expect(204);
    expect(await holders([key])).toEqual([]);
    // What is left is a tombstone under the conversation's random id, holding nothing else, so that the old
    // token can neither reopen nor refresh the conversation.
    expect(await holders([c.conversationId])).toEqual(['webchat_transcripts']);
    const tombstone = await db.connection.collection('webchat_transcripts').findOne({ _id: c.conversationId as never });
    expect(tombstone).toMatchObject({ erased: true, recent: [] });
    expect(JSON.stringify(tombstone)).not.toMatch(/banging|conversationKey/);
  });
});
