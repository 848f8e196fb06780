// The Direct Line transcript of each web chat conversation, kept so that a dropped socket or a refreshed
// page can catch up. One document per conversation: every append pushes the activities and raises the
// watermark in the same single-document update, so watermarks are gap-free and monotonic without
// transactions (FerretDB v1 and MongoDB alike). Erased on quick exit; purged with idle sessions.
import { Schema, type Connection, type Model } from 'mongoose';
import { createKeyedSerial } from '../../db/keyed-serial';

export type { Connection } from 'mongoose';

/** A Direct Line activity as we store and return it (Bot Framework schema subset). */
export type StoredActivity = Record<string, unknown> & { id: string; type: string };

/** One transcript entry: the activity sealed with the field cipher (what people wrote is sensitive). */
interface Entry {
  id: string;
  clientId?: string;
  sealed: string;
}

/** The field cipher of src/crypto (structurally), so a transcript at rest is as protected as a case. */
export interface TranscriptCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

interface TranscriptDoc {
  _id: string;
  conversationKey: string;
  locale: string;
  watermark: number;
  activities: Entry[];
  /** Web Chat's clientActivityID of every user activity, so a re-sent POST is stored once. */
  clientIds: string[];
  createdAt: Date;
  lastActiveAt: Date;
}

export interface TranscriptInfo {
  conversationId: string;
  conversationKey: string;
  locale: string;
  watermark: number;
}

export type AppendResult =
  | { status: 'stored'; activities: StoredActivity[] }
  | { status: 'duplicate'; id: string }
  | { status: 'missing' }
  | { status: 'full' };

/** A conversation longer than this is not a report any more; further activities are refused. */
export const MAX_ACTIVITIES = 2000;

export interface TranscriptStore {
  ensureIndexes(): Promise<void>;
  /** Creates the conversation if it does not exist (marking it active either way); true when it was created now. */
  open(conversationId: string, init: { conversationKey: string; locale: string }, now: Date): Promise<{ created: boolean }>;
  get(conversationId: string): Promise<TranscriptInfo | null>;
  /** Appends activities; `id`s must be set; watermarks are given here. */
  append(conversationId: string, activities: StoredActivity[], now: Date, clientId?: string): Promise<AppendResult>;
  /** Activities after the watermark (all with -1), and the conversation's watermark. Null when it is gone. */
  since(conversationId: string, watermark: number): Promise<{ activities: StoredActivity[]; watermark: number } | null>;
  erase(conversationId: string): Promise<boolean>;
  /** Ids of the conversations held for a runtime conversation key (for erasing by key). */
  idsForKey(conversationKey: string): Promise<string[]>;
  /** Removes conversations with no activity since `before`; returns their ids. */
  purgeIdle(before: Date): Promise<string[]>;
}

const schema = new Schema<TranscriptDoc>(
  {
    _id: { type: String, required: true },
    conversationKey: { type: String, required: true },
    locale: { type: String, required: true },
    watermark: { type: Number, required: true, default: 0 },
    // An array of Mixed: activities are stored as the client and bot sent them (already checked and trimmed).
    activities: { type: [{}], default: [] },
    clientIds: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    lastActiveAt: { type: Date, required: true },
  },
  { collection: 'webchat_transcripts', versionKey: false, minimize: false },
);
schema.index({ conversationKey: 1 });
schema.index({ lastActiveAt: 1 });

export function createTranscriptStore(connection: Connection, cipher: TranscriptCipher): TranscriptStore {
  const model: Model<TranscriptDoc> =
    (connection.models['WebChatTranscript'] as Model<TranscriptDoc> | undefined) ?? connection.model<TranscriptDoc>('WebChatTranscript', schema);
  const appends = createKeyedSerial();

  const seal = (activity: StoredActivity, clientId: string | undefined): Entry => ({
    id: activity.id,
    ...(clientId ? { clientId } : {}),
    sealed: cipher.encrypt(JSON.stringify(activity)),
  });
  const open = (entry: Entry): StoredActivity =>
    JSON.parse(cipher.decrypt(entry.sealed)) as StoredActivity;

  const info = (doc: Pick<TranscriptDoc, '_id' | 'conversationKey' | 'locale' | 'watermark'>): TranscriptInfo => ({
    conversationId: doc._id,
    conversationKey: doc.conversationKey,
    locale: doc.locale,
    watermark: doc.watermark,
  });

  return {
    ensureIndexes: async () => {
      await model.createCollection().catch(() => {});
      await model.createIndexes();
    },

    open: async (conversationId, init, now) => {
      const result = await model.updateOne(
        { _id: conversationId },
        {
          $setOnInsert: { conversationKey: init.conversationKey, locale: init.locale, watermark: 0, activities: [], clientIds: [], createdAt: now },
          $set: { lastActiveAt: now },
        },
        { upsert: true },
      );
      return { created: result.upsertedCount > 0 };
    },

    get: async (conversationId) => {
      const doc = await model.findById(conversationId, { activities: 0, clientIds: 0 }).lean();
      return doc ? info(doc) : null;
    },

    // One append at a time per conversation: the embedded database loses concurrent updates of one document.
    append: (conversationId, activities, now, clientId) => appends.run(conversationId, async () => {
      if (activities.length === 0) throw new Error('nothing to append');
      const filter: Record<string, unknown> = { _id: conversationId, watermark: { $lte: MAX_ACTIVITIES - activities.length } };
      if (clientId) filter['clientIds'] = { $ne: clientId };
      const push: Record<string, unknown> = { activities: { $each: activities.map((a) => seal(a, clientId)) } };
      if (clientId) push['clientIds'] = clientId;
      const updated = await model.updateOne(filter, { $inc: { watermark: activities.length }, $push: push, $set: { lastActiveAt: now } });
      if (updated.modifiedCount === 1) return { status: 'stored', activities };

      // Nothing matched: find out why (gone, a repeat of the same client activity, or full).
      const existing = await model.findById(conversationId, { watermark: 1, clientIds: 1 }).lean();
      if (!existing) return { status: 'missing' };
      if (clientId && (existing.clientIds ?? []).includes(clientId)) {
        const doc = await model.findById(conversationId, { activities: 1 }).lean();
        const original = (doc?.activities ?? []).find((entry) => entry.clientId === clientId);
        return original ? { status: 'duplicate', id: original.id } : { status: 'missing' };
      }
      return { status: 'full' };
    }),

    since: async (conversationId, watermark) => {
      const doc = await model.findById(conversationId, { activities: 1, watermark: 1 }).lean();
      if (!doc) return null;
      const all = doc.activities ?? [];
      const from = Math.max(0, Math.min(watermark, all.length));
      return { activities: all.slice(from).map(open), watermark: all.length };
    },

    erase: async (conversationId) => {
      const result = await model.deleteOne({ _id: conversationId });
      return result.deletedCount > 0;
    },

    idsForKey: async (conversationKey) => {
      const docs = await model.find({ conversationKey }, { _id: 1 }).lean();
      return docs.map((d) => d._id);
    },

    purgeIdle: async (before) => {
      const docs = await model.find({ lastActiveAt: { $lt: before } }, { _id: 1 }).lean();
      const ids = docs.map((d) => d._id);
      if (ids.length > 0) await model.deleteMany({ _id: { $in: ids }, lastActiveAt: { $lt: before } });
      return ids;
    },
  };
}
