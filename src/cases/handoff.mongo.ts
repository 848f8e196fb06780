// Requests to talk to a person, and who has each one. The idempotency key is the _id, so a retried effect
// finds the request it already made. Every change of hands is one conditional update of one document
// (`{_id, status, owner}` as read): two officers claiming at once, one wins; a release or a transfer by
// someone who no longer has it changes nothing.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, isDuplicateKey, modelFor } from '../db/store.mongo';

/**
 * waiting: in the list for a person; claimed: an officer has it (the bot is silent); returned: handed back to
 * the bot; closed: ended by the officer (with a case); gone: the person used quick exit (a tombstone, so the
 * officer's screen can say so; it holds nothing they wrote).
 */
export type HandoffStatus = 'waiting' | 'claimed' | 'returned' | 'closed' | 'gone';
export const OPEN_HANDOFF_STATUSES: readonly HandoffStatus[] = ['waiting', 'claimed'];

export interface HandoffOwner {
  id: string;
  name: string;
  at: Date;
}

export interface HandoffRecord {
  id: string;
  sessionId: string;
  /** Null once the conversation is over and the record is kept with a case (anonymity: nothing leads back). */
  conversationKey: string | null;
  channel: string;
  reason: 'asked' | 'not_understood' | 'danger';
  /** Sealed JSON of the partial report and any unmatched text ('' once gone). */
  summary: string;
  expectedReply: 'in_hours' | 'next_working_day';
  status: HandoffStatus;
  createdAt: Date;
  /** The team whose list it is in (from what the person said so far, or the pack's default team). */
  teamId?: string;
  /** The kind of report, when the person said what it is about. */
  kind?: string;
  /** Danger, self-harm or a high-risk sign: first in the list, escalated when nobody takes it in time. */
  urgent?: boolean;
  owner?: HandoffOwner | null;
  /** Goes up with every change of hands: a form posted against an older one changes nothing. */
  revision?: number;
  updatedAt?: Date;
  /** Messages in its log (handoff-messages.mongo.ts): every message below this number is stored. */
  watermark?: number;
  /** When the person last wrote (SMS and WhatsApp: the 24-hour window is counted from the channel's own record). */
  lastReporterAt?: Date;
  escalatedAt?: Date;
  /** The case the conversation became or joined. */
  caseId?: string;
  caseReference?: string;
  /** How it ended: handed back to carry on, finished by the bot, or closed by the officer. */
  outcome?: 'carryOn' | 'finish' | 'close';
}

type HandoffDoc = Omit<HandoffRecord, 'id'> & { _id: string };

const schema = new Schema<HandoffDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    conversationKey: { type: String, default: null },
    channel: { type: String, required: true },
    reason: { type: String, required: true },
    summary: { type: String, default: '' },
    expectedReply: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
    teamId: { type: String },
    kind: { type: String },
    urgent: { type: Boolean },
    owner: { type: {}, default: null },
    revision: { type: Number, default: 0 },
    updatedAt: { type: Date },
    watermark: { type: Number, default: 0 },
    lastReporterAt: { type: Date },
    escalatedAt: { type: Date },
    caseId: { type: String },
    caseReference: { type: String },
    outcome: { type: String },
  },
  { collection: 'handoffs', versionKey: false, minimize: false },
);
schema.index({ status: 1, createdAt: 1 }, { name: 'waiting_queue' });
schema.index({ conversationKey: 1, createdAt: 1 }, { name: 'by_conversation' });
schema.index({ sessionId: 1 }, { name: 'by_session' });
schema.index({ caseId: 1 }, { name: 'by_case' });

/** What one change of hands sets, and who must have it for the change to happen. */
export interface HandoffMove {
  /** The status it must still have, and (when given) who must still own it and at which revision. */
  from: { status: HandoffStatus; ownerId?: string; revision?: number };
  set: Partial<Pick<HandoffRecord, 'status' | 'owner' | 'teamId' | 'caseId' | 'caseReference' | 'outcome' | 'escalatedAt' | 'urgent'>>;
}

export interface HandoffRepository {
  ensureIndexes(): Promise<void>;
  /** Inserts, or returns the request already stored under this key. */
  insertOnce(record: HandoffRecord): Promise<{ record: HandoffRecord; created: boolean }>;
  findById(id: string): Promise<HandoffRecord | undefined>;
  listByStatus(status: HandoffRecord['status'], limit: number): Promise<HandoffRecord[]>;
  /** The conversation's request that is waiting or taken, if any (a lookup by key on every turn). */
  findOpen(conversationKey: string): Promise<HandoffRecord | undefined>;
  /** Every request made from one conversation session (the case page shows their conversations). */
  listBySession(sessionId: string): Promise<HandoffRecord[]>;
  listByCase(caseId: string): Promise<HandoffRecord[]>;
  /** One conditional update: the record after it, or undefined when it was not in the `from` state. */
  move(id: string, move: HandoffMove, at: Date): Promise<HandoffRecord | undefined>;
  /** Raises the message watermark (never lowers it) and notes when the person last wrote. */
  noteMessages(id: string, watermark: number, at: Date, fromReporter: boolean): Promise<void>;
  /** Replaces the sealed summary (a new request from a conversation that has one open). */
  refreshSummary(id: string, summary: string, at: Date, urgent: boolean): Promise<void>;
  /** Quick exit: each request of the conversation becomes an empty tombstone; returns their ids. */
  tombstoneConversation(conversationKey: string, at: Date): Promise<string[]>;
  /** Marks urgent (danger said while waiting or talking). */
  markUrgent(id: string, at: Date): Promise<void>;
  /** Waiting, urgent, not escalated, made before `before` (the escalation job). */
  listUnclaimedUrgent(before: Date, limit: number): Promise<HandoffRecord[]>;
  /** Retention: the records of cases that are gone, tombstones and records of conversations that ended without a case. */
  removeForCases(caseIds: string[]): Promise<string[]>;
  removeEndedBefore(before: Date, limit: number): Promise<string[]>;
  /** The case a conversation's session became (a report sent after a hand-back): its records join it. */
  attachSession(sessionId: string, caseId: string, caseReference: string, keepConversationKey: boolean): Promise<void>;
}

const toRecord = ({ _id, ...rest }: HandoffDoc): HandoffRecord => ({ id: _id, ...rest });

export function createMongoHandoffRepository(connection: Connection): HandoffRepository {
  const Handoff = modelFor<HandoffDoc>(connection, 'Handoff', schema);
  const list = async (filter: Record<string, unknown>, limit = 50) =>
    (await Handoff.find(filter).sort({ createdAt: 1 }).limit(limit).lean<HandoffDoc[]>()).map(toRecord);
  return {
    ensureIndexes: () => ensureIndexes(Handoff),
    async insertOnce(record) {
      const { id, ...rest } = record;
      try {
        await Handoff.collection.insertOne({ revision: 0, watermark: 0, owner: null, updatedAt: record.createdAt, ...rest, _id: id } as never);
        return { record: { revision: 0, watermark: 0, owner: null, ...record }, created: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const existing = await Handoff.findById(id).lean<HandoffDoc>();
        if (!existing) throw error;
        return { record: toRecord(existing), created: false };
      }
    },
    async findById(id) {
      const doc = await Handoff.findById(id).lean<HandoffDoc>();
      return doc ? toRecord(doc) : undefined;
    },
    listByStatus: (status, limit) => list({ status }, limit),
    async findOpen(conversationKey) {
      const doc = await Handoff.findOne({ conversationKey, status: { $in: [...OPEN_HANDOFF_STATUSES] } }).sort({ createdAt: -1 }).lean<HandoffDoc>();
      return doc ? toRecord(doc) : undefined;
    },
    listBySession: (sessionId) => list({ sessionId }),
    listByCase: (caseId) => list({ caseId }),
    async move(id, { from, set }, at) {
      const filter: Record<string, unknown> = { _id: id, status: from.status };
      if (from.ownerId) filter['owner.id'] = from.ownerId;
      if (from.revision !== undefined) filter['revision'] = from.revision;
      const doc = await Handoff.collection.findOneAndUpdate(filter as never, { $set: { ...set, updatedAt: at }, $inc: { revision: 1 } } as never, { returnDocument: 'after' });
      return doc ? toRecord(doc as unknown as HandoffDoc) : undefined;
    },
    async noteMessages(id, watermark, at, fromReporter) {
      await Handoff.updateOne({ _id: id }, { $max: { watermark }, $set: { updatedAt: at, ...(fromReporter ? { lastReporterAt: at } : {}) } });
    },
    async refreshSummary(id, summary, at, urgent) {
      await Handoff.updateOne({ _id: id }, { $set: { summary, updatedAt: at, ...(urgent ? { urgent: true } : {}) } });
    },
    async tombstoneConversation(conversationKey, at) {
      const docs = await Handoff.find({ conversationKey }, { _id: 1 }).lean<HandoffDoc[]>();
      for (const doc of docs) {
        await Handoff.updateOne(
          { _id: doc._id },
          { $set: { status: 'gone', summary: '', conversationKey: null, updatedAt: at }, $unset: { lastReporterAt: 1, caseId: 1, caseReference: 1, kind: 1 }, $inc: { revision: 1 } },
        );
      }
      return docs.map((d) => d._id);
    },
    async markUrgent(id, at) {
      await Handoff.updateOne({ _id: id, urgent: { $ne: true } }, { $set: { urgent: true, updatedAt: at } });
    },
    listUnclaimedUrgent: (before, limit) => list({ status: 'waiting', urgent: true, escalatedAt: { $exists: false }, createdAt: { $lt: before } }, limit),
    async removeForCases(caseIds) {
      if (caseIds.length === 0) return [];
      const docs = await Handoff.find({ caseId: { $in: caseIds } }, { _id: 1 }).lean<HandoffDoc[]>();
      await Handoff.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
      return docs.map((d) => d._id);
    },
    async attachSession(sessionId, caseId, caseReference, keepConversationKey) {
      await Handoff.updateMany({ sessionId, status: { $ne: 'gone' } }, { $set: { caseId, caseReference, ...(keepConversationKey ? {} : { conversationKey: null }) } });
    },
    async removeEndedBefore(before, limit) {
      // Tombstones, and conversations handed back or closed that never became a case.
      const docs = await Handoff.find({ status: { $in: ['gone', 'returned', 'closed'] }, caseId: { $exists: false }, updatedAt: { $lt: before } }, { _id: 1 })
        .limit(limit)
        .lean<HandoffDoc[]>();
      await Handoff.deleteMany({ _id: { $in: docs.map((d) => d._id) }, updatedAt: { $lt: before } });
      return docs.map((d) => d._id);
    },
  };
}
