// Conversation sessions: one document per conversation key (a keyed hash of the sender; never the raw
// address), saved with a revision compare-and-set (`replaceOne({_id, revision})`, atomic on MongoDB and on
// the embedded engine: test/db/contract) so that two turns, or two instances, never overwrite each other.
// No TTL index: expiry is a field that the scheduled purge reads through its index.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, insertOnce, modelFor } from '../db/store.mongo';
import type { ChannelKind } from '../../dialogs/shared/contract';
import type { ShownPage } from './sms-pages';

export type PendingQuestion = 'welcomeBack' | 'language' | 'askDanger' | 'askSelfHarm' | null;

export interface SessionRecord {
  conversationKey: string;
  sessionId: string;
  channel: ChannelKind;
  dialogId: string;
  dialogVersion: number;
  /** JSON of actor.getPersistedSnapshot() (a string: context keys need not be valid field names). */
  snapshot: string;
  locale: string;
  /** The language the person's page last asked for (web chat's own choice), so a change there is seen. */
  pageLocale?: string;
  revision: number;
  createdAt: Date;
  lastActivityAt: Date;
  expiresAt: Date;
  notUnderstoodCount: number;
  /** What the person typed that the dialog did not take: kept for the person who picks it up. */
  unmatched: { text: string; at: Date }[];
  /** A question the runtime itself asked (welcome back, which language, are you in danger), answered by the next message. */
  pending: PendingQuestion;
  /** SMS: the page of a long option list last shown ("0" shows the next one; sms-pages.ts). */
  smsPage?: ShownPage;
  /** The last few provider message ids applied and their replies (JSON), saved in the same write as the turn. */
  recent: { providerMessageId: string; reply: string }[];
}

const sessionSchema = new Schema<SessionRecord & { _id: string }>(
  {
    _id: { type: String, required: true },
    conversationKey: { type: String, required: true },
    sessionId: { type: String, required: true },
    channel: { type: String, required: true },
    dialogId: { type: String, required: true },
    dialogVersion: { type: Number, required: true },
    snapshot: { type: String, required: true },
    locale: { type: String, required: true },
    pageLocale: { type: String },
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    notUnderstoodCount: { type: Number, default: 0 },
    unmatched: { type: [{ _id: false, text: String, at: Date }], default: [] },
    pending: { type: String, default: null },
    smsPage: { type: new Schema({ key: String, page: Number }, { _id: false }), default: undefined },
    recent: { type: [{ _id: false, providerMessageId: String, reply: String }], default: [] },
  },
  { collection: 'sessions', versionKey: false },
);
sessionSchema.index({ conversationKey: 1 }, { unique: true });
sessionSchema.index({ sessionId: 1 });
sessionSchema.index({ expiresAt: 1 });

export interface SessionStore {
  ensureIndexes(): Promise<void>;
  load(conversationKey: string): Promise<SessionRecord | null>;
  /** First save of a conversation; false when another turn created it first. */
  insert(record: SessionRecord): Promise<boolean>;
  /** Compare-and-set: saves `record` (revision previous.revision + 1) only if nobody else saved over `previous`. */
  replace(record: SessionRecord, previous: Pick<SessionRecord, 'sessionId' | 'revision'>): Promise<boolean>;
  /** Compare-and-set delete; without a revision, deletes whatever is there. */
  remove(conversationKey: string, expectedRevision?: number): Promise<boolean>;
  /** Expired sessions, oldest first. */
  findExpired(now: Date, limit: number): Promise<SessionRecord[]>;
  /** Deletes a session only if it is still expired (a turn may have just renewed it). */
  removeIfExpired(conversationKey: string, now: Date): Promise<boolean>;
}

function strip(doc: (SessionRecord & { _id?: unknown }) | null): SessionRecord | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

export function createSessionStore(connection: Connection): SessionStore {
  type Doc = SessionRecord & { _id: string };
  const model = modelFor<Doc>(connection, 'Session', sessionSchema);
  const collection = model.collection;
  return {
    ensureIndexes: () => ensureIndexes(model),
    load: async (conversationKey) => strip((await collection.findOne({ _id: conversationKey } as Record<string, unknown>)) as Doc | null),
    insert: (record) => insertOnce(collection, { _id: record.conversationKey, ...record }),
    replace: async (record, previous) => {
      const result = await collection.replaceOne({ _id: record.conversationKey, revision: previous.revision } as Record<string, unknown>, { ...record });
      return result.matchedCount === 1;
    },
    remove: async (conversationKey, expectedRevision) => {
      const filter = expectedRevision === undefined ? { _id: conversationKey } : { _id: conversationKey, revision: expectedRevision };
      const result = await collection.deleteOne(filter as Record<string, unknown>);
      return result.deletedCount === 1;
    },
    findExpired: async (now, limit) =>
      (await model.find({ expiresAt: { $lte: now } }).sort({ expiresAt: 1 }).limit(limit).lean<Doc[]>()).map((d) => strip(d) as SessionRecord),
    removeIfExpired: async (conversationKey, now) => {
      const result = await collection.deleteOne({ _id: conversationKey, expiresAt: { $lte: now } } as Record<string, unknown>);
      return result.deletedCount === 1;
    },
  };
}
