// Fills the database with years of stored work (as many as the packs keep), in the proportions issue 10 measured FerretDB with: per case,
// its history and alerts, the conversation's dedupe records, outbound messages, a web chat transcript for half
// of them, a live session for one in ten, and one ~200 kB photo per ten cases. Each kind of record is made
// once by the product's own code (so it has the product's exact shape), then copied with new keys.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { Services } from '../src/compose';
import { createTranscriptStore, type TranscriptCipher } from '../src/channels/webchat/transcript.mongo';
import { contactHash } from '../src/crypto/keyed-hash';
import { OPEN_STATUSES } from '../src/cases/case.repository';
import { draftInput } from '../test/cases/support/drafts';

type Doc = Record<string, unknown>;
type Templates = Map<string, Doc[]>;

/** Per case: how many of each record (fractions: one per 1/n cases). */
export const PROPORTIONS = { events: 4, alerts: 0.05, inbound: 5, outbound: 2, transcripts: 0.5, sessions: 0.1, photos: 0.1, handoffs: 0.05 };

const COLLECTIONS = ['cases', 'case_queue', 'case_events', 'case_alerts', 'sessions', 'inbound_messages', 'outbound_messages', 'webchat_transcripts', 'webchat_transcript_pages', 'evidence_files', 'evidence_chunks', 'handoffs'];

export interface Seeder {
  /** Adds cases (and their related records) until there are `total`. */
  seedTo(total: number, progress: (done: number, total: number) => void): Promise<void>;
  /** A few keys of what was seeded, for the measured operations. */
  sample(): { teamIds: string[]; contactHashes: string[]; photoIds: string[] };
}

/** Copies a value, replacing every occurrence of each token in its strings (ids nest in other ids). */
function rewrite(value: unknown, tokens: [string, string][]): unknown {
  if (typeof value === 'string') return tokens.reduce((s, [from, to]) => (s.includes(from) ? s.split(from).join(to) : s), value);
  if (Array.isArray(value)) return value.map((v) => rewrite(v, tokens));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value as Doc).map(([k, v]) => [k, rewrite(v, tokens)]));
  }
  return value; // Date, Binary, numbers: as they are
}

async function snapshot(connection: Connection): Promise<Map<string, Set<string>>> {
  const seen = new Map<string, Set<string>>();
  for (const name of COLLECTIONS) {
    const ids = await connection.collection(name).find({}, { projection: { _id: 1 } }).toArray();
    seen.set(name, new Set(ids.map((d) => String(d._id))));
  }
  return seen;
}

/** The documents `action` created, by collection. */
async function captured(connection: Connection, action: () => Promise<void>): Promise<Templates> {
  const before = await snapshot(connection);
  await action();
  const made: Templates = new Map();
  for (const name of COLLECTIONS) {
    const docs = await connection.collection(name).find({}).toArray();
    made.set(name, docs.filter((d) => !before.get(name)!.has(String(d._id))) as Doc[]);
  }
  return made;
}

const PRIORITIES = [['urgent', 1], ['high', 2], ['normal', 3]] as const;

const REFERENCE = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function referenceFor(n: number): string {
  let s = '';
  for (let i = 0, v = n + 32 ** 6; i < 8; i += 1, v = Math.floor(v / 32)) s = REFERENCE[v % 32] + s;
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

export async function createSeeder(services: Services, connection: Connection, secrets: { hashSecret: string; cipher: TranscriptCipher }): Promise<Seeder> {
  const { hashSecret, cipher } = secrets;
  const teams = [...new Set(services.pack.teams.map((t) => t.id))];
  const run = randomUUID().slice(0, 8);
  const phone = '+447700900000';
  const conversationKey = `tmpl-conv-${run}`;
  const templateReport = draftInput({ reporter: { role: 'victim', person: { name: 'Sam Example' }, contact: { phone } } } as never, services.pack.id);

  // One of each record, made by the product itself.
  let caseId = '';
  let reference = '';
  let fileId = '';
  const caseDocs = await captured(connection, async () => {
    const result = await services.cases.submitReport(templateReport, { conversationKey, senderAddress: `sms:${phone}` });
    caseId = result.caseId;
    reference = result.reference;
    await services.cases.addAlert(caseId, { type: 'stop.received', detail: 'the reporter texted STOP' });
    await services.cases.recordEvent(caseId, { type: 'reporter.contacted', actor: 'officer-1' });
    await services.cases.recordEvent(caseId, { type: 'note.added', actor: 'officer-1' });
  });
  const photo = randomBytes(200 * 1024);
  const photoDocs = await captured(connection, async () => {
    fileId = (await services.evidence.put({ conversationKey, channel: 'sms', contentType: 'image/jpeg', data: photo, receivedAt: new Date() })).id;
  });
  const conversationDocs = await captured(connection, async () => {
    for (const [i, text] of ['hi', 'no', 'yes'].entries()) {
      await services.handleTurn({ channel: 'sms', conversationKey, providerMessageId: `tmpl-${run}-${i}`, text, receivedAt: new Date() });
    }
  });
  const webchat = await captured(connection, async () => {
    const transcripts = createTranscriptStore(connection, cipher);
    const chat = `tmpl-chat-${run}`;
    await transcripts.open(chat, { conversationKey, locale: 'en' }, new Date());
    for (let i = 0; i < 6; i += 1) {
      await transcripts.append(chat, [{ id: `${chat}|${i}`, type: 'message', text: 'Someone has been shouting outside my door every night.' }], new Date());
    }
  });
  if (caseDocs.get('case_queue')!.length !== 1) throw new Error('the template report did not open a case in the staff queue');
  const sessionTemplate = conversationDocs.get('sessions')![0]!;
  const inboundTemplates = conversationDocs.get('inbound_messages')!;

  let seeded = 0;
  const sample = { teamIds: teams, contactHashes: [] as string[], photoIds: [] as string[] };
  // The years a landlord keeps: closed cases go six years after closure (the packs' retention), so a database
  // that housekeeping has looked after holds about that much. Records that live for hours or days (dedupe
  // records, live sessions and their web chat transcripts) are recent, as housekeeping leaves them; a backlog
  // of years of them is not a state the product is ever in.
  const RETENTION_YEARS = 6;
  const base = Date.now() - RETENTION_YEARS * 365 * 86_400_000;
  const span = Date.now() - base;
  const recent = (i: number) => new Date(Date.now() - ((i * 7919) % 48) * 3_600_000);

  async function addBatch(from: number, to: number): Promise<void> {
    const out = new Map<string, Doc[]>(COLLECTIONS.map((c) => [c, []]));
    const push = (name: string, doc: unknown) => out.get(name)!.push(doc as Doc);
    for (let i = from; i < to; i += 1) {
      const person = Math.floor(i / 1.2);
      const newHash = contactHash(hashSecret, `sms:+4477${String(person).padStart(9, '0')}`);
      const tokens: [string, string][] = [
        [caseId, `case-${run}-${i}`],
        [reference, referenceFor(i)],
        [templateReport.sessionId, `session-${run}-${i}`],
        [conversationKey, `conv-${run}-${i}`],
        [contactHash(hashSecret, `sms:${phone}`), newHash],
        [contactHash(hashSecret, phone), newHash],
      ];
      // Spread over the retention years whatever the size, so that every size has old and recent work.
      const at = new Date(base + ((i * 7919) % 100_000) * (span / 100_000));
      const open = i % 7 === 0;
      const [priority, priorityRank] = PRIORITIES[i % 3]!;
      const fields: Doc = {
        teamId: teams[i % teams.length],
        status: open ? OPEN_STATUSES[i % OPEN_STATUSES.length] : 'closed',
        createdAt: at,
        updatedAt: at,
        firstResponseDue: new Date(at.getTime() + 86_400_000),
        priority,
        priorityRank,
      };
      for (const c of caseDocs.get('cases')!) {
        const doc = { ...(rewrite(c, tokens) as Doc), ...fields };
        if (!open) doc['sla'] = { closedAt: new Date(at.getTime() + 30 * 86_400_000) };
        push('cases', doc);
      }
      // The staff queue's projection holds the open ones (the repository keeps it so after every change).
      if (open) for (const q of caseDocs.get('case_queue')!) push('case_queue', { ...(rewrite(q, tokens) as Doc), ...fields });
      const events = caseDocs.get('case_events')!;
      for (let e = 0; e < PROPORTIONS.events; e += 1) push('case_events', { ...(rewrite(events[e % events.length], tokens) as Doc), _id: `ev-${run}-${i}-${e}` });
      if (i % Math.round(1 / PROPORTIONS.alerts) === 0) for (const a of caseDocs.get('case_alerts')!) push('case_alerts', { ...(rewrite(a, tokens) as Doc), _id: `al-${run}-${i}` });
      for (let m = 0; m < PROPORTIONS.inbound; m += 1) {
        const t = inboundTemplates[m % inboundTemplates.length]!;
        push('inbound_messages', { ...(rewrite(t, tokens) as Doc), _id: `in-${run}-${i}-${m}`, providerMessageId: `in-${run}-${i}-${m}`, createdAt: recent(i) });
      }
      for (let m = 0; m < PROPORTIONS.outbound; m += 1) {
        push('outbound_messages', { _id: `out-${run}-${i}-${m}`, providerMessageId: `SM${run}${i}x${m}`, caseId: `case-${run}-${i}`, channel: 'sms', conversationKey: `conv-${run}-${i}`, kind: 'reply', status: 'delivered', statusRank: 4, createdAt: at, updatedAt: at });
      }
      if (i % Math.round(1 / PROPORTIONS.transcripts) === 0) {
        const chatTokens: [string, string][] = [[`tmpl-chat-${run}`, `chat-${run}-${i}`], ...tokens];
        for (const d of webchat.get('webchat_transcripts')!) push('webchat_transcripts', { ...(rewrite(d, chatTokens) as Doc), lastActiveAt: recent(i) });
        for (const d of webchat.get('webchat_transcript_pages')!) push('webchat_transcript_pages', rewrite(d, chatTokens));
      }
      if (i % Math.round(1 / PROPORTIONS.sessions) === 0) {
        // Most are live conversations; some have expired and wait for the purge.
        const expired = i % 50 === 0;
        push('sessions', { ...(rewrite(sessionTemplate, tokens) as Doc), expiresAt: new Date(Date.now() + (expired ? -3_600_000 : 72 * 3_600_000)) });
      }
      if (i % Math.round(1 / PROPORTIONS.photos) === 0) {
        const fileTokens: [string, string][] = [[fileId, `file-${run}-${i}`], ...tokens];
        for (const f of photoDocs.get('evidence_files')!) push('evidence_files', { ...(rewrite(f, fileTokens) as Doc), caseId: `case-${run}-${i}` });
        for (const c of photoDocs.get('evidence_chunks')!) push('evidence_chunks', rewrite(c, fileTokens));
        if (sample.photoIds.length < 50) sample.photoIds.push(`file-${run}-${i}`);
      }
      if (open && sample.contactHashes.length < 50) sample.contactHashes.push(newHash);
    }
    for (const [name, docs] of out) if (docs.length > 0) await connection.collection(name).insertMany(docs as never[], { ordered: false });
  }

  return {
    async seedTo(total, progress) {
      const batch = 500;
      while (seeded < total) {
        const to = Math.min(total, seeded + batch);
        await addBatch(seeded, to);
        seeded = to;
        progress(seeded, total);
      }
    },
    sample: () => sample,
  };
}
