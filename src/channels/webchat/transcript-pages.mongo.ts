// The activities of web chat transcripts, PAGE_SIZE to a document (`<conversation>:<page>`), each sealed with
// the field cipher. A page keeps its entries by sequence number, a field per place, so "put this activity at
// place n unless it is taken" is one update of one document on MongoDB and the embedded engine alike.
import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredActivity, TranscriptCipher } from './transcript.mongo';

export const PAGE_SIZE = 25;

/** One activity in its page; `c` is the hashed client id of a person's activity, so a retry after a crash finds it. */
export interface PageEntry {
  seq: number;
  id: string;
  c?: string;
  sealed: string;
}

interface PageDoc {
  _id: string;
  conversationId: string;
  /** Entries by sequence number: a field per place, so "this place is free" is one field's absence. */
  e: Record<string, PageEntry>;
}

const pageSchema = new Schema<PageDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    e: { type: {}, default: {} },
  },
  { collection: 'webchat_transcript_pages', versionKey: false, minimize: false },
);

export interface TranscriptPages {
  ensureCollection(): Promise<void>;
  /** Puts one activity at `seq` unless that place is taken; false when it is. */
  place(conversationId: string, seq: number, activity: StoredActivity, client?: string): Promise<boolean>;
  entryAt(conversationId: string, seq: number): Promise<PageEntry | undefined>;
  /** The activities at places `from` up to (not including) `to`, in order. */
  read(conversationId: string, from: number, to: number): Promise<StoredActivity[]>;
  /** Removes every page up to the watermark, and one more (a crash may have left an activity past it). */
  remove(conversationId: string, watermark: number): Promise<void>;
}

const pageId = (conversationId: string, seq: number): string => `${conversationId}:${Math.floor(seq / PAGE_SIZE)}`;

function pageIdsBetween(conversationId: string, from: number, to: number): string[] {
  const ids: string[] = [];
  for (let p = Math.floor(from / PAGE_SIZE); p * PAGE_SIZE < to; p += 1) ids.push(`${conversationId}:${p}`);
  return ids;
}

export function createTranscriptPages(connection: Connection, cipher: TranscriptCipher): TranscriptPages {
  const pages: Model<PageDoc> = (connection.models['WebChatTranscriptPage'] as Model<PageDoc> | undefined) ?? connection.model<PageDoc>('WebChatTranscriptPage', pageSchema);
  return {
    ensureCollection: async () => {
      await pages.createCollection().catch(() => {});
    },

    place: async (conversationId, seq, activity, client) => {
      const entry: PageEntry = { seq, id: activity.id, ...(client ? { c: client } : {}), sealed: cipher.encrypt(JSON.stringify(activity)) };
      try {
        const result = await pages.updateOne(
          { _id: pageId(conversationId, seq), [`e.${seq}`]: { $exists: false } },
          { $set: { [`e.${seq}`]: entry, conversationId } },
          { upsert: true },
        );
        return result.modifiedCount + result.upsertedCount > 0;
      } catch (error) {
        // The place is taken: the filter skipped the page, and the insert met its _id.
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    },

    entryAt: async (conversationId, seq) => {
      const page = await pages.findById(pageId(conversationId, seq)).lean<PageDoc>();
      return page?.e?.[String(seq)];
    },

    read: async (conversationId, from, to) => {
      if (from >= to) return [];
      const docs = await pages.find({ _id: { $in: pageIdsBetween(conversationId, from, to) } }).lean<PageDoc[]>();
      return docs
        .flatMap((d) => Object.values(d.e ?? {}))
        .filter((e) => e.seq >= from && e.seq < to)
        .sort((a, b) => a.seq - b.seq)
        .map((e) => JSON.parse(cipher.decrypt(e.sealed)) as StoredActivity);
    },

    remove: async (conversationId, watermark) => {
      const ids = pageIdsBetween(conversationId, 0, watermark + PAGE_SIZE);
      if (ids.length > 0) await pages.deleteMany({ _id: { $in: ids } });
    },
  };
}
