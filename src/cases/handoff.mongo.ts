// Requests to talk to a person. The idempotency key is the _id, so a retried effect finds the request it
// already made.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, isDuplicateKey, modelFor } from '../db/store.mongo';

export interface HandoffRecord {
  id: string;
  sessionId: string;
  conversationKey: string;
  channel: string;
  reason: 'asked' | 'not_understood' | 'danger';
  /** Sealed JSON of the partial report and any unmatched text. */
  summary: string;
  expectedReply: 'in_hours' | 'next_working_day';
  status: 'waiting' | 'accepted' | 'closed';
  createdAt: Date;
}

type HandoffDoc = Omit<HandoffRecord, 'id'> & { _id: string };

const schema = new Schema<HandoffDoc>(
  {
    _id: { type: String, required: true },
    sessionId: { type: String, required: true },
    conversationKey: { type: String, required: true },
    channel: { type: String, required: true },
    reason: { type: String, required: true },
    summary: { type: String, required: true },
    expectedReply: { type: String, required: true },
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'handoffs', versionKey: false },
);
schema.index({ status: 1, createdAt: 1 }, { name: 'waiting_queue' });
schema.index({ conversationKey: 1, createdAt: 1 }, { name: 'by_conversation' });

export interface HandoffRepository {
  ensureIndexes(): Promise<void>;
  /** Inserts, or returns the request already stored under this key. */
  insertOnce(record: HandoffRecord): Promise<{ record: HandoffRecord; created: boolean }>;
  findById(id: string): Promise<HandoffRecord | undefined>;
  listByStatus(status: HandoffRecord['status'], limit: number): Promise<HandoffRecord[]>;
  /** Quick exit: every request this conversation made. */
  removeForConversation(conversationKey: string): Promise<number>;
}

const toRecord = ({ _id, ...rest }: HandoffDoc): HandoffRecord => ({ id: _id, ...rest });

export function createMongoHandoffRepository(connection: Connection): HandoffRepository {
  const Handoff = modelFor<HandoffDoc>(connection, 'Handoff', schema);
  return {
    ensureIndexes: () => ensureIndexes(Handoff),
    async insertOnce(record) {
      const { id, ...rest } = record;
      try {
        await Handoff.collection.insertOne({ _id: id, ...rest } as never);
        return { record, created: true };
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
    async listByStatus(status, limit) {
      const docs = await Handoff.find({ status }).sort({ createdAt: 1 }).limit(limit).lean<HandoffDoc[]>();
      return docs.map(toRecord);
    },
    async removeForConversation(conversationKey) {
      return (await Handoff.deleteMany({ conversationKey })).deletedCount;
    },
  };
}
