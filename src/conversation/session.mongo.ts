// Conversation sessions: one document per conversation key (a keyed hash of the sender; never the raw
// address), saved with a revision compare-and-set so two instances never overwrite each other's turn.
// No TTL index (the embedded database lacks it): expiry is a field that the scheduled purge reads.
// The conversation key is also the document _id: FerretDB v1 on SQLite pushes only _id lookups down to
// an index (other filters scan the collection), and a turn's reads and writes are all by key.
//
// Compare-and-set: FerretDB v1 applies an update's filter and its write separately, so two
// `replaceOne({ _id, revision: r })` racing can BOTH match (measured: most rounds of 10 racers had
// several winners). Inserts of one _id and deletes are atomic there, so a save first claims the next
// revision by inserting `<sessionId>:<r+1>` into session_revisions: exactly one turn wins each revision.
// The replaceOne keeps its revision filter too, which is the atomic check on MongoDB.
import { Schema, type Connection, type Model } from 'mongoose';
import type { ChannelKind } from '../../dialogs/shared/contract';

export type PendingQuestion = 'welcomeBack' | 'language' | null;

export interface SessionRecord {
  conversationKey: string;
  sessionId: string;
  channel: ChannelKind;
  dialogId: string;
  dialogVersion: number;
  /** JSON of actor.getPersistedSnapshot() (a string: context keys need not be valid field names). */
  snapshot: string;
  locale: string;
  revision: number;
  createdAt: Date;
  lastActivityAt: Date;
  expiresAt: Date;
  notUnderstoodCount: number;
  /** What the person typed that the dialog did not take: kept for the person who picks it up. */
  unmatched: { text: string; at: Date }[];
  /** A question the runtime itself asked (welcome back, which language), answered by the next message. */
  pending: PendingQuestion;
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
    revision: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    notUnderstoodCount: { type: Number, default: 0 },
    unmatched: { type: [{ _id: false, text: String, at: Date }], default: [] },
    pending: { type: String, default: null },
    recent: { type: [{ _id: false, providerMessageId: String, reply: String }], default: [] },
  },
  { collection: 'sessions', versionKey: false },
);
sessionSchema.index({ conversationKey: 1 }, { unique: true });
sessionSchema.index({ sessionId: 1 });
sessionSchema.index({ expiresAt: 1 });

interface RevisionClaim {
  _id: string;
  conversationKey: string;
  claimedAt: Date;
}

const claimSchema = new Schema<RevisionClaim>(
  { _id: { type: String, required: true }, conversationKey: { type: String, required: true }, claimedAt: { type: Date, required: true } },
  { collection: 'session_revisions', versionKey: false },
);

/** A claim older than this belongs to a turn that died between claiming and saving (turns take seconds). */
const STALE_CLAIM_MS = 2 * 60_000;

export interface SessionStore {
  ensureIndexes(): Promise<void>;
  load(conversationKey: string): Promise<SessionRecord | null>;
  /** First save of a conversation; false when another turn created it first. */
  insert(record: SessionRecord): Promise<boolean>;
  /** Compare-and-set: saves `record` (revision previous.revision + 1) only if nobody else saved over `previous`. */
  replace(record: SessionRecord, previous: Pick<SessionRecord, 'sessionId' | 'revision'>): Promise<boolean>;
  /** Forgets revision claims older than `date` (and all of one conversation's when it is erased). */
  removeClaims(filter: { olderThan: Date } | { conversationKey: string }): Promise<number>;
  /** Compare-and-set delete; without a revision, deletes whatever is there. */
  remove(conversationKey: string, expectedRevision?: number): Promise<boolean>;
  /** Expired sessions, oldest first. */
  findExpired(now: Date, limit: number): Promise<SessionRecord[]>;
  /** Deletes a session only if it is still expired (a turn may have just renewed it). */
  removeIfExpired(conversationKey: string, now: Date): Promise<boolean>;
}

function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

function strip(doc: (SessionRecord & { _id?: unknown }) | null): SessionRecord | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  void _id;
  return rest;
}

export function createSessionStore(connection: Connection): SessionStore {
  type Doc = SessionRecord & { _id: string };
  const model: Model<Doc> = (connection.models['Session'] as Model<Doc> | undefined) ?? connection.model<Doc>('Session', sessionSchema);
  const collection = model.collection;
  const claims: Model<RevisionClaim> = (connection.models['SessionRevision'] as Model<RevisionClaim> | undefined) ?? connection.model<RevisionClaim>('SessionRevision', claimSchema);
  return {
    ensureIndexes: async () => {
      await model.createCollection().catch(() => {});
      await model.createIndexes();
      await claims.createCollection().catch(() => {});
    },
    load: async (conversationKey) => strip((await collection.findOne({ _id: conversationKey } as Record<string, unknown>)) as Doc | null),
    insert: async (record) => {
      try {
        await collection.insertOne({ _id: record.conversationKey, ...record } as Record<string, unknown>);
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    replace: async (record, previous) => {
      const claimId = `${previous.sessionId}:${previous.revision + 1}`;
      const now = new Date();
      try {
        await claims.collection.insertOne({ _id: claimId, conversationKey: record.conversationKey, claimedAt: now } as Record<string, unknown>);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const claim = (await claims.collection.findOne({ _id: claimId } as Record<string, unknown>)) as RevisionClaim | null;
        if (claim && now.getTime() - claim.claimedAt.getTime() > STALE_CLAIM_MS) {
          // Its turn died before saving; free the revision (atomic delete: one turn does it) and retry.
          await claims.collection.deleteOne({ _id: claimId, claimedAt: claim.claimedAt } as Record<string, unknown>);
        }
        return false;
      }
      try {
        const result = await collection.replaceOne({ _id: record.conversationKey, revision: previous.revision } as Record<string, unknown>, { ...record });
        return result.matchedCount === 1;
      } catch (error) {
        // The save failed after our claim: free the revision so that the retried turn can claim it.
        await claims.collection.deleteOne({ _id: claimId, claimedAt: now } as Record<string, unknown>).catch(() => {});
        throw error;
      }
    },
    removeClaims: async (filter) => {
      const query = 'olderThan' in filter ? { claimedAt: { $lt: filter.olderThan } } : { conversationKey: filter.conversationKey };
      return (await claims.collection.deleteMany(query)).deletedCount;
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
