// A whole report over SMS and over WhatsApp, through the HTTP endpoints of the app as main.ts builds it
// (createServices), on the real database: ending with the triaged case stored, and the photo kept with it.
import { useTwilioServices } from '../../support/twilio-services';
import { createHash, randomBytes } from 'node:crypto';
import nock from 'nock';
import { encodingOf, segmentCount } from '../../../src/channels/twilio/render';
import { type Services } from '../../../src/compose';
import { contactHash, conversationKey } from '../../../src/crypto/keyed-hash';
import { openTestDatabase } from '../../support/database';
import { dashAnswers, draftInput } from '../../cases/support/drafts';
import { reportBySms, sendSms, type AnswerRow } from '../../support/sms-reporter';
import { ACCOUNT_SID, AUTH_TOKEN } from './twilio-harness';

describe('a complete report through the Twilio webhooks (the app as composed for production)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let services: Services;
  let hashSecret = '';

  useTwilioServices((app) => ({ db, services, hashSecret } = app));

  const say = (path: string, from: string, body: string, extra: Record<string, string> = {}) =>
    sendSms(services.app, path.endsWith('whatsapp') ? 'whatsapp' : 'sms', from, body, extra);
  const converse = (channel: 'sms' | 'whatsapp', from: string, sendPhoto: () => Record<string, string>, overrides: AnswerRow[] = []) =>
    reportBySms(services.app, channel, from, { sendPhoto, overrides });

  it('over SMS: every reply is readable plain GSM-7 text, and the report ends as a triaged case', async () => {
    const from = '+447700900811';
    const replies = await converse('sms', from, () => ({}));

    for (const text of replies) {
      expect(encodingOf(text)).toBe('GSM-7');
      expect(segmentCount(text)).toBeLessThanOrEqual(2);
      expect(text).not.toMatch(/\$t\(|\{\{|intake:/);
    }
    const reference = /reference is ([A-Z0-9-]+)/.exec(replies.join('\n'))?.[1];
    expect(reference).toBeDefined();

    const stored = await db.connection.collection('cases').findOne({ reference });
    expect(stored).toMatchObject({ channel: 'sms', status: 'new', category: { id: 'asb', subcategoryId: 'noise' }, triage: { disposition: 'case' } });
    // What happened and who reported it are not readable in the database.
    expect(JSON.stringify(stored)).not.toContain('music next door');
    expect(JSON.stringify(stored)).not.toContain('7700900811');
    // The case links its conversation and can be found again from the sender's number (STOP, repeat reports).
    expect(stored).toMatchObject({ conversationKey: conversationKey(hashSecret, 'sms', from) });
    expect(stored?.contactHashes).toContain(contactHash(hashSecret, from));
    // The person is told the day in words, not a machine date.
    const closing = replies.join('\n');
    expect(closing).toMatch(/by (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+/);
    expect(closing).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('over WhatsApp: a photo sent mid-report is kept as evidence on the case with its SHA-256', async () => {
    const from = 'whatsapp:+447700900822';
    const photo = randomBytes(4096);
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM00e2e/Media/ME00e2e`;
    const media = nock('https://api.twilio.com').get(mediaPath).basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN }).reply(200, photo, { 'content-type': 'image/jpeg' });

    const replies = await converse('whatsapp', from, () => ({ NumMedia: '1', MediaUrl0: `https://api.twilio.com${mediaPath}`, MediaContentType0: 'image/jpeg' }));
    expect(media.isDone()).toBe(true);

    const reference = /reference is ([A-Z0-9-]+)/.exec(replies.join('\n'))?.[1];
    expect(reference).toBeDefined();
    const stored = await db.connection.collection<{ _id: string; evidence: { mediaIds: string[] } }>('cases').findOne({ reference });
    expect(stored?.evidence.mediaIds).toHaveLength(1);
    const file = await db.connection.collection('evidence_files').findOne({ _id: stored!.evidence.mediaIds[0] as never });
    expect(file).toMatchObject({ caseId: stored!._id, contentType: 'image/jpeg', sha256: createHash('sha256').update(photo).digest('hex'), size: photo.length });
  });

  it('an anonymous WhatsApp report with a photo leaves nothing that leads back to the sender', async () => {
    const from = 'whatsapp:+447700900844';
    const key = conversationKey(hashSecret, 'whatsapp', from);
    const photo = randomBytes(2048);
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM00anon/Media/ME00anon`;
    nock('https://api.twilio.com').get(mediaPath).basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN }).reply(200, photo, { 'content-type': 'image/jpeg' });

    const replies = await converse('whatsapp', from, () => ({ NumMedia: '1', MediaUrl0: `https://api.twilio.com${mediaPath}`, MediaContentType0: 'image/jpeg' }), [
      [/How would you like to report this/, { pick: /^Anonymous/ }],
    ]);
    const reference = /reference is ([A-Z0-9-]+)/.exec(replies.join('\n'))?.[1];
    expect(reference).toBeDefined();
    const stored = await db.connection.collection<{ _id: string; evidence: { mediaIds: string[] } }>('cases').findOne({ reference });
    expect(stored).toMatchObject({ anonymity: 'anonymous', contactHashes: [] });
    expect(stored).not.toHaveProperty('conversationKey');
    // The photo is on the case, and no longer names the conversation.
    expect(stored?.evidence.mediaIds).toHaveLength(1);
    const file = await db.connection.collection('evidence_files').findOne({ _id: stored!.evidence.mediaIds[0] as never });
    expect(file).toMatchObject({ caseId: stored!._id, sha256: createHash('sha256').update(photo).digest('hex') });
    expect(file?.['conversationKey']).not.toBe(key);
    // The number the conversation came from is forgotten.
    expect(await services.outbound!.addressOf(key)).toBeUndefined();
    expect(await db.connection.collection('outbound_contacts').countDocuments({ _id: key as never })).toBe(0);
    // Nothing anywhere holds both the case and anything derived from the sender's number.
    const hash = contactHash(hashSecret, from);
    for (const { name } of await db.connection.db!.listCollections().toArray()) {
      const docs = await db.connection.collection(name).find({}).toArray();
      for (const doc of docs) {
        const text = JSON.stringify(doc);
        const aboutCase = text.includes(stored!._id) || text.includes(reference!);
        expect({ collection: name, linked: aboutCase && (text.includes(key) || text.includes(hash) || text.includes('7700900844')) }).toEqual({ collection: name, linked: false });
      }
    }
  });

  it('STOP from the number on an open high-risk case alerts the case, and nothing more is sent to that number', async () => {
    const number = '+447700900833';
    const secret = hashSecret;
    const key = conversationKey(secret, 'sms', number);
    // The person has been texting us, and a domestic abuse report with a high Dash score is open.
    await say('/webhooks/twilio/sms', number, 'Hi');
    const report = draftInput({ incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: dashAnswers(14), completed: true } } });
    const made = await services.cases.submitReport(report, { conversationKey: key, senderAddress: number });
    const open = await services.cases.findOpenCasesByContactHash(contactHash(secret, number));
    expect(open).toEqual([expect.objectContaining({ id: made.caseId, highRisk: true })]);

    const [answer] = await say('/webhooks/twilio/sms', number, 'STOP');
    expect(answer).toMatch(/START/);
    const alerts = await db.connection.collection('case_alerts').find({ caseId: made.caseId }).toArray();
    expect(alerts).toEqual([expect.objectContaining({ type: 'contact_opted_out' })]);

    const outcome = await services.outbound!.sendProactive({ caseId: made.caseId, channel: 'sms', conversationKey: key, prompts: [{ key: 'x', text: 'An update on your case.' }] });
    expect(outcome).toEqual({ status: 'refused', reason: 'opted_out' });
  });
});
