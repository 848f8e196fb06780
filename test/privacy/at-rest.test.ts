// Nothing a reporter wrote is readable at rest: after a whole report, an anonymous report, a quick exit
// half-way through and a retention purge, no collection holds the words they typed (or the number they
// wrote from) in plain text, and neither do the embedded database's own files on disk. The app is built as
// main.ts builds it (createServices) and driven through the signed Twilio webhooks.
import { useTwilioServices } from '../support/twilio-services';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { type Services } from '../../src/compose';
import { conversationKey } from '../../src/crypto/keyed-hash';
import { openTestDatabase } from '../support/database';
import { reportBySms, sendSms } from '../support/sms-reporter';

/** Words no test or fixture uses anywhere else, so finding one anywhere means it came from here. */
const NAMED = { when: 'Lammastide evening by the Quillback garages', what: 'Zebedee Quartermaine threw paint at my door', who: 'Zebedee Quartermaine from Larkspur Walk' };
const ANONYMOUS = { what: 'Ottoline Brackenwhistle keeps shouting at my children' };
const EXITED = { what: 'Perpetua Fennimore-Glade pushed me down the stairs' };
const FORBIDDEN = ['Quartermaine', 'Lammastide', 'Quillback', 'Larkspur', 'Brackenwhistle', 'Ottoline', 'Fennimore', 'Perpetua'];
const NUMBERS = ['+447700900911', '+447700900922', '+447700900933'];

describe('nothing a reporter wrote is stored readable', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let services: Services;
  let clock = new Date('2026-03-02T10:00:00Z');
  let hashSecret = '';

  useTwilioServices((app) => ({ db, services, hashSecret } = app), { now: () => clock });

  /** Every document of every collection, as text (binary fields read byte for byte). */
  async function everything(): Promise<{ collection: string; text: string }[]> {
    const out: { collection: string; text: string }[] = [];
    for (const { name } of await db.connection.db!.listCollections().toArray()) {
      for (const doc of await db.connection.collection(name).find({}).toArray()) {
        out.push({ collection: name, text: JSON.stringify(doc, (_k, v: unknown) => (v && typeof v === 'object' && 'buffer' in v && (v as { buffer: unknown }).buffer instanceof Uint8Array ? Buffer.from((v as { buffer: Uint8Array }).buffer).toString('latin1') : v)) });
      }
    }
    return out;
  }

  function readable(docs: { collection: string; text: string }[], words: string[]): string[] {
    return docs.flatMap(({ collection, text }) => words.filter((w) => text.includes(w)).map((w) => `${collection}: ${w}`));
  }

  it('after a named report, an anonymous report and a quick exit half-way, no collection holds their words or numbers', async () => {
    const named = await reportBySms(services.app, 'sms', NUMBERS[0]!, {
      overrides: [
        [/When did it happen/, NAMED.when],
        [/tell us what happened/, NAMED.what],
        [/who they are or what they look like/, NAMED.who],
      ],
    });
    expect(named.join('\n')).toMatch(/reference is/);
    const anonymous = await reportBySms(services.app, 'sms', NUMBERS[1]!, {
      overrides: [
        [/tell us what happened/, ANONYMOUS.what],
        [/How would you like to report this/, { pick: /^Anonymous/ }],
      ],
    });
    expect(anonymous.join('\n')).toMatch(/reference is/);

    // A third person starts, says what happened, then leaves with the exit word.
    const exiting = NUMBERS[2]!;
    let reply = await sendSms(services.app, 'sms', exiting, 'Hi');
    for (const answer of ['2', '1', '2', '1']) reply = await sendSms(services.app, 'sms', exiting, answer);
    await sendSms(services.app, 'sms', exiting, EXITED.what);
    reply = await sendSms(services.app, 'sms', exiting, 'EXIT');
    expect(reply.join('\n')).toMatch(/deleted/i);

    const docs = await everything();
    expect(readable(docs, FORBIDDEN)).toEqual([]);
    expect(readable(docs, NUMBERS.map((n) => n.slice(3)))).toEqual([]);
    // The person who left: nothing of their conversation at all.
    const key = conversationKey(hashSecret, 'sms', exiting);
    expect(readable(docs, [key])).toEqual([]);
  }, 120_000); // two whole SMS reports and half of a third: time to finish on a busy machine, not a measurement

  it('a retention purge takes the case with everything that belongs to it', async () => {
    const reference = /reference is ([A-Z0-9-]+)/.exec((await reportBySms(services.app, 'sms', '+447700900944')).join('\n'))?.[1];
    const found = await db.connection.collection<{ _id: string }>('cases').findOne({ reference });
    const caseId = found!._id;
    expect(await db.connection.collection('case_events').countDocuments({ caseId })).toBeGreaterThan(0);
    // Closed (as staff close it), and an update was sent to the person about it.
    await db.connection.collection<{ _id: string }>('cases').updateOne({ _id: caseId }, { $set: { status: 'closed', outcome: 'resolvedEarlyIntervention', 'sla.closedAt': clock } });
    nock('https://api.twilio.com').post(/Messages\.json$/).reply(201, { sid: `SM${'c'.repeat(32)}`, status: 'queued' });
    const update = await services.outbound!.sendProactive({ caseId, channel: 'sms', conversationKey: conversationKey(hashSecret, 'sms', '+447700900944'), prompts: [{ key: 'x', text: 'Your case is closed.' }] });
    expect(update.status).toBe('sent');
    await services.evidence.put({ conversationKey: 'k', channel: 'sms', contentType: 'image/jpeg', data: Buffer.from('a photo'), receivedAt: clock }).then(({ id }) => services.evidence.attachToCase([id], caseId));

    // Seven years later (the packs keep closed cases for six).
    clock = new Date('2033-03-02T10:00:00Z');
    const run = await services.housekeeping.run();
    expect(run.cases).toBeGreaterThanOrEqual(1);
    expect(run.evidence).toBeGreaterThanOrEqual(1);

    const docs = await everything();
    expect(readable(docs, [caseId, reference!])).toEqual([]);
  });

  it('the embedded database files on disk hold none of the words either', () => {
    const dir = process.env['TEST_DATA_DIR'];
    if (!dir) throw new Error('TEST_DATA_DIR is not set: run through jest (global setup starts the database)');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(0);
    const found: string[] = [];
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      for (const word of FORBIDDEN) if (bytes.includes(word)) found.push(`${path.basename(file)}: ${word}`);
    }
    expect(found).toEqual([]);
  });
});
