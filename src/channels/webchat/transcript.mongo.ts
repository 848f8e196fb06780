// The Direct Line transcript of each web chat conversation, kept so that a dropped socket or a refreshed
// page can catch up. Bounded by design: a small head document per conversation (watermark, language, the
// last client activity ids, the question being asked) and the activities in pages of PAGE_SIZE, each
// sealed with the field cipher; every read and write is a lookup by _id. An activity takes the next
// sequence number in its page only if no other has it (one update of one document), then the head's
// watermark is raised with $max: a crash between the two leaves the activity stored, and the next append
// steps over it. Erasing leaves a tombstone with nothing in it, so the old token cannot start it again.
import { createHash } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { createKeyedSerial } from '../../db/keyed-serial';
import { createTranscriptPages, PAGE_SIZE } from './transcript-pages.mongo';

export type { Connection } from 'mongoose';

/** A Direct Line activity as we store and return it (Bot Framework schema subset). */
export type StoredActivity = Record<string, unknown> & { id: string; type: string };

/** The field cipher of src/crypto (structurally), so a transcript at rest is as protected as a case. */
export interface TranscriptCipher {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

/** A client activity id seen recently (hashed: it is the client's string), and whether its turn ran. */
interface RecentClient {
  c: string;
  id: string;
  answered: boolean;
}

interface HeadDoc {
  _id: string;
  conversationKey?: string;
  locale?: string;
  watermark: number;
  recent: RecentClient[];
  /** Id of the bot activity whose buttons answer the current question (null once answered). */
  asking?: string | null;
  /** The conversation ended with a submitted report. */
  ended?: { reference?: string } | null;
  erased?: boolean;
  createdAt?: Date;
  lastActiveAt: Date;
}

export interface TranscriptInfo {
  conversationId: string;
  conversationKey: string;
  locale: string;
  watermark: number;
  asking: string | null;
  ended: { reference?: string } | null;
}

export type AppendResult =
  | {
      status: 'stored';
      activities: StoredActivity[];
      from: number;
      watermark: number;
      /** The activity answered a question that was no longer being asked (stored marked `ignored`). */
      stale: boolean;
      /** The conversation had already ended with a report. */
      ended: { reference?: string } | null;
    }
  | { status: 'duplicate'; id: string; answered: boolean }
  | { status: 'missing' }
  | { status: 'full' };

export interface AppendOptions {
  /** The client's id for a person's activity: a repeat of it is stored once. */
  clientId?: string | undefined;
  /** This append answers the client activity with this id (its turn has run). */
  answers?: string | undefined;
  /** A button's answer to the question asked by this bot activity: stale unless it is still being asked. */
  answering?: string | undefined;
  /** Sets (or clears, with null) the question the buttons answer. */
  asking?: string | null;
  /** The conversation ended with a report (or, with null, a new report starts). */
  ended?: { reference?: string } | null;
}

/** A conversation longer than this is not a report any more; further activities are refused. */
export const MAX_ACTIVITIES = 2000;
export { PAGE_SIZE };
const RECENT = 50;
/** Transcripts removed by one housekeeping run at most: a run never holds the database for long; the next takes the rest. */
const PURGE_BATCH = 500;

export interface TranscriptStore {
  ensureIndexes(): Promise<void>;
  /** Creates the conversation if it does not exist (marking it active). 'erased' for one already forgotten. */
  open(conversationId: string, init: { conversationKey: string; locale: string }, now: Date): Promise<{ created: boolean } | 'erased'>;
  get(conversationId: string): Promise<TranscriptInfo | null>;
  /** True when the conversation was erased (its tokens are refused). */
  isErased(conversationId: string): Promise<boolean>;
  /** Appends activities (`id`s set); watermarks are given here. */
  append(conversationId: string, activities: StoredActivity[], now: Date, options?: AppendOptions): Promise<AppendResult>;
  /** Records that the turn of a client activity ran (when it had nothing to say). */
  markAnswered(conversationId: string, clientId: string): Promise<void>;
  /** Activities after the watermark, and the conversation's watermark. Null when it is gone. */
  since(conversationId: string, watermark: number): Promise<{ activities: StoredActivity[]; watermark: number } | null>;
  erase(conversationId: string, now: Date): Promise<boolean>;
  /** Ids of the conversations held for a runtime conversation key (for erasing by key). */
  idsForKey(conversationKey: string): Promise<string[]>;
  /** Removes conversations (and tombstones) with no activity since `before`; returns their ids. */
  /** Removes up to `limit` transcripts idle since before `before` (a bounded batch; the next run takes the rest). */
  purgeIdle(before: Date, limit?: number): Promise<string[]>;
}

const headSchema = new Schema<HeadDoc>(
  {
    _id: { type: String, required: true },
    conversationKey: { type: String },
    locale: { type: String },
    watermark: { type: Number, required: true, default: 0 },
    recent: { type: [{}], default: [] },
    asking: { type: String, default: null },
    ended: { type: {}, default: null },
    erased: { type: Boolean },
    createdAt: { type: Date },
    lastActiveAt: { type: Date, required: true },
  },
  { collection: 'webchat_transcripts', versionKey: false, minimize: false },
);
headSchema.index({ conversationKey: 1 });
headSchema.index({ lastActiveAt: 1 });

/** Client ids are the browser's strings (any length, lone surrogates): kept only as a hash. */
export function clientKey(clientId: string): string {
  return createHash('sha256').update(Buffer.from(clientId, 'utf16le')).digest('base64url').slice(0, 22);
}

const isDuplicateKey = (error: unknown): boolean => (error as { code?: number }).code === 11000;

export function createTranscriptStore(connection: Connection, cipher: TranscriptCipher): TranscriptStore {
  const heads: Model<HeadDoc> = (connection.models['WebChatTranscript'] as Model<HeadDoc> | undefined) ?? connection.model<HeadDoc>('WebChatTranscript', headSchema);
  const pages = createTranscriptPages(connection, cipher);
  // One append at a time per conversation in this process (the embedded database loses concurrent updates of one document).
  const appends = createKeyedSerial();

  const info = (doc: HeadDoc): TranscriptInfo => ({
    conversationId: doc._id,
    conversationKey: doc.conversationKey ?? '',
    locale: doc.locale ?? 'en',
    watermark: doc.watermark,
    asking: doc.asking ?? null,
    ended: doc.ended ?? null,
  });

  const removePages = (conversationId: string, watermark: number) => pages.remove(conversationId, watermark);
  const place = pages.place;
  const entryAt = pages.entryAt;

  return {
    ensureIndexes: async () => {
      await heads.createCollection().catch(() => {});
      await pages.ensureCollection();
      await heads.createIndexes();
    },

    open: async (conversationId, init, now) => {
      try {
        const result = await heads.updateOne(
          { _id: conversationId, erased: { $ne: true } },
          {
            $setOnInsert: { conversationKey: init.conversationKey, locale: init.locale, watermark: 0, recent: [], asking: null, ended: null, createdAt: now },
            $set: { lastActiveAt: now },
          },
          { upsert: true },
        );
        return { created: result.upsertedCount > 0 };
      } catch (error) {
        // The filter skipped a tombstone and the insert met its _id.
        if (isDuplicateKey(error)) return 'erased';
        throw error;
      }
    },

    get: async (conversationId) => {
      const doc = await heads.findById(conversationId, { recent: 0 }).lean<HeadDoc>();
      return doc && !doc.erased ? info(doc) : null;
    },

    isErased: async (conversationId) => Boolean((await heads.findById(conversationId, { erased: 1 }).lean<HeadDoc>())?.erased),

    append: (conversationId, activities, now, options = {}) =>
      appends.run(conversationId, async () => {
        if (activities.length === 0) throw new Error('nothing to append');
        const head = await heads.findById(conversationId, { watermark: 1, recent: 1, erased: 1, asking: 1, ended: 1 }).lean<HeadDoc>();
        if (!head || head.erased) return { status: 'missing' } as const;
        const client = options.clientId !== undefined ? clientKey(options.clientId) : undefined;
        const seen = client ? (head.recent ?? []).find((r) => r.c === client) : undefined;
        if (seen) return { status: 'duplicate', id: seen.id, answered: seen.answered } as const;
        if (head.watermark + activities.length > MAX_ACTIVITIES) return { status: 'full' } as const;

        const stale = options.answering !== undefined && options.answering !== (head.asking ?? null);
        if (stale) {
          const [first, ...rest] = activities;
          activities = [{ ...first!, channelData: { ...(first!['channelData'] as object | undefined), ignored: true } }, ...rest];
        }
        let seq = head.watermark;
        const from = seq;
        for (const activity of activities) {
          // A taken place is an activity stored just before a crash: it stays, and this one goes after it.
          for (let tries = 0; !(await place(conversationId, seq, activity, client)); tries += 1) {
            if (tries > PAGE_SIZE) throw new Error('transcript page is inconsistent');
            const left = client ? await entryAt(conversationId, seq) : undefined;
            if (left && client && left.c === client) {
              // It is this very activity, sent again after the crash: it counts as stored, its turn not run.
              const recent = [...(head.recent ?? []), { c: client, id: left.id, answered: false }].slice(-RECENT);
              await heads.updateOne({ _id: conversationId, erased: { $ne: true } }, { $max: { watermark: seq + 1 }, $set: { recent, lastActiveAt: now } });
              return { status: 'duplicate', id: left.id, answered: false } as const;
            }
            seq += 1;
          }
          seq += 1;
        }
        const answers = options.answers !== undefined ? clientKey(options.answers) : undefined;
        let recent = (head.recent ?? []).map((r) => (r.c === answers ? { ...r, answered: true } : r));
        if (client) recent = [...recent, { c: client, id: activities[0]!.id, answered: false }].slice(-RECENT);
        const set: Record<string, unknown> = { lastActiveAt: now, recent };
        if (options.asking !== undefined && !stale) set['asking'] = options.asking;
        if (options.ended !== undefined) set['ended'] = options.ended;
        await heads.updateOne({ _id: conversationId, erased: { $ne: true } }, { $max: { watermark: seq }, $set: set });
        return { status: 'stored', activities, from, watermark: seq, stale, ended: head.ended ?? null } as const;
      }),

    markAnswered: (conversationId, clientId) =>
      appends.run(conversationId, async () => {
        const head = await heads.findById(conversationId, { recent: 1, erased: 1 }).lean<HeadDoc>();
        if (!head || head.erased) return;
        const c = clientKey(clientId);
        if (!(head.recent ?? []).some((r) => r.c === c && !r.answered)) return;
        await heads.updateOne({ _id: conversationId }, { $set: { recent: (head.recent ?? []).map((r) => (r.c === c ? { ...r, answered: true } : r)) } });
      }),

    since: async (conversationId, watermark) => {
      const head = await heads.findById(conversationId, { watermark: 1, erased: 1 }).lean<HeadDoc>();
      if (!head || head.erased) return null;
      const from = Math.max(0, Math.min(watermark, head.watermark));
      if (from >= head.watermark) return { activities: [], watermark: head.watermark };
      return { activities: await pages.read(conversationId, from, head.watermark), watermark: head.watermark };
    },

    erase: (conversationId, now) =>
      appends.run(conversationId, async () => {
        const head = await heads.findById(conversationId, { watermark: 1, erased: 1 }).lean<HeadDoc>();
        // The tombstone holds nothing but the id, so the old token can neither reopen nor refresh it.
        await heads.replaceOne({ _id: conversationId }, { watermark: 0, recent: [], asking: null, ended: null, erased: true, lastActiveAt: now }, { upsert: true });
        await removePages(conversationId, head?.watermark ?? 0);
        return Boolean(head && !head.erased);
      }),

    idsForKey: async (conversationKey) => {
      const docs = await heads.find({ conversationKey }, { _id: 1 }).lean<HeadDoc[]>();
      return docs.map((d) => d._id);
    },

    purgeIdle: async (before, limit = PURGE_BATCH) => {
      const docs = await heads.find({ lastActiveAt: { $lt: before } }, { _id: 1, watermark: 1 }).limit(limit).lean<HeadDoc[]>();
      for (const doc of docs) {
        await removePages(doc._id, doc.watermark);
        await heads.deleteOne({ _id: doc._id, lastActiveAt: { $lt: before } });
      }
      return docs.map((d) => d._id);
    },
  };
}
