// A whole report over SMS and over WhatsApp, through the HTTP endpoints of the app as main.ts builds it
// (createServices), on the real database: ending with the triaged case stored, and the photo kept with it.
import { createHash, randomBytes } from 'node:crypto';
import nock from 'nock';
import { encodingOf, segmentCount } from '../../../src/channels/twilio/render';
import { createTwilioClient, createTwilioSender } from '../../../src/channels/twilio/twilio-sender';
import { createServices, type Services } from '../../../src/compose';
import { createLogger } from '../../../src/log/logger';
import { contactHash, conversationKey } from '../../../src/crypto/keyed-hash';
import { openTestDatabase } from '../../support/database';
import { dashAnswers, draftInput } from '../../cases/support/drafts';
import { ACCOUNT_SID, AUTH_TOKEN, messageSid, messagesIn, signedPost, testConfig } from './twilio-harness';

/** A noise report from a tenant, answered the way a person would on a phone keypad. */
const BEFORE_EVIDENCE = [
  'Hi',
  'no', // not in danger
  'yes', // safe to talk
  'no', // nobody else reads the messages
  '1', // it happened to me
  '1', // anti-social behaviour
  '1', // noise
  '1', // social rent
  'Every night after midnight.',
  '1', // at my home
  'The music next door is very loud and they shout at me.',
  '1', // finished describing
  '1', // still going on
  '2', // nobody hurt
  '1', // knows who
  'Flat 3 neighbour',
  '1', // they rent from us
  '2', // no children
  '2', // no vulnerable adult
  '2', // police not told
];
const AFTER_EVIDENCE = [
  'SKIP', // impact
  '2', // confidential
  'SKIP', // name
  '1', // contact by this channel
  'SKIP', // no other channel
  'SKIP', // use this number
  '1', // any time
  '2', // no voicemail
  'SKIP', // no code word
  '1', // send my report
];

describe('a complete report through the Twilio webhooks (the app as composed for production)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let services: Services;
  let hashSecret = '';

  beforeAll(async () => {
    db = await openTestDatabase();
    const config = testConfig();
    hashSecret = config.secrets.hashSecret;
    // Twilio's REST client without keep-alive, so nock can stand in for it; everything else as in production.
    const twilioConfig = config.twilio!;
    const messageSender = createTwilioSender({ config: twilioConfig, publicBaseUrl: config.publicBaseUrl, client: createTwilioClient(twilioConfig, { keepAlive: false }) });
    services = await createServices({ config, logger: createLogger({ level: 'silent' }), database: db }, { messageSender, scheduler: false });
    await services.start();
  });
  afterAll(async () => {
    nock.cleanAll();
    await services.stop();
    await db.drop();
  });

  async function say(path: string, from: string, body: string, extra: Record<string, string> = {}): Promise<string[]> {
    const res = await signedPost(services.app, path, { MessageSid: messageSid(), AccountSid: ACCOUNT_SID, From: from, To: '+447700900000', Body: body, NumMedia: '0', ...extra });
    expect(res.status).toBe(200);
    return messagesIn(res.text);
  }

  it('over SMS: every reply is readable plain GSM-7 text, and the report ends as a triaged case', async () => {
    const from = '+447700900811';
    const replies: string[] = [];
    for (const line of [...BEFORE_EVIDENCE, '1', ...AFTER_EVIDENCE]) replies.push(...(await say('/webhooks/twilio/sms', from, line)));

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
  });

  it('over WhatsApp: a photo sent mid-report is kept as evidence on the case with its SHA-256', async () => {
    const from = 'whatsapp:+447700900822';
    const photo = randomBytes(4096);
    const mediaPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/MM00e2e/Media/ME00e2e`;
    const media = nock('https://api.twilio.com').get(mediaPath).basicAuth({ user: ACCOUNT_SID, pass: AUTH_TOKEN }).reply(200, photo, { 'content-type': 'image/jpeg' });

    const replies: string[] = [];
    for (const line of BEFORE_EVIDENCE) replies.push(...(await say('/webhooks/twilio/whatsapp', from, line)));
    replies.push(...(await say('/webhooks/twilio/whatsapp', from, '', { NumMedia: '1', MediaUrl0: `https://api.twilio.com${mediaPath}`, MediaContentType0: 'image/jpeg' })));
    expect(media.isDone()).toBe(true);
    replies.push(...(await say('/webhooks/twilio/whatsapp', from, '1'))); // finished sending evidence
    for (const line of AFTER_EVIDENCE) replies.push(...(await say('/webhooks/twilio/whatsapp', from, line)));

    const reference = /reference is ([A-Z0-9-]+)/.exec(replies.join('\n'))?.[1];
    expect(reference).toBeDefined();
    const stored = await db.connection.collection<{ _id: string; evidence: { mediaIds: string[] } }>('cases').findOne({ reference });
    expect(stored?.evidence.mediaIds).toHaveLength(1);
    const file = await db.connection.collection('evidence_files').findOne({ _id: stored!.evidence.mediaIds[0] as never });
    expect(file).toMatchObject({ caseId: stored!._id, contentType: 'image/jpeg', sha256: createHash('sha256').update(photo).digest('hex'), size: photo.length });
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
