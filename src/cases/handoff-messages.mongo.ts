// The log of a conversation with a person: what the reporter wrote, what the officer wrote, and notices
// (taken, transferred, danger words, quick exit), one document per entry, each sealed. An entry takes the
// next free place (`<handoff>:<seq>` as _id, so a place is taken once), then the hand-off's watermark is
// raised with $max: every place below a watermark is filled, so a screen that reads "after n" never misses
// one and never gets one twice. An officer's send is claimed first under its client id, so a retried send
// finds the entry it made and nothing goes out twice.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, isDuplicateKey, modelFor } from '../db/store.mongo';

export type HandoffAuthor = 'reporter' | 'officer' | 'bot' | 'system';

/** How an officer's message left: on its way, held for the WhatsApp window, or not sent (with why). */
export interface HandoffDelivery {
  state: 'sent' | 'held' | 'refused' | 'failed';
  /** The outbound path's record ids (SMS and WhatsApp): their delivery status is read from there. */
  outboundIds?: string[];
  reason?: string;
  errorCode?: number;
}

export interface HandoffEntry {
  handoffId: string;
  seq: number;
  at: Date;
  from: HandoffAuthor;
  /** The officer's account id (officer entries and notices about them). */
  actorId?: string;
  /** Sealed JSON {text, mediaIds?, name?, params?}: what was written, or a notice's words. */
  sealed: string;
  /** A notice: its kind (words from locales/en/staff.json `conversation.notice.<kind>`). */
  notice?: string;
  /** The provider's id of a reporter's message (a retried turn finds its entry). */
  providerMessageId?: string;
  clientId?: string;
  delivery?: HandoffDelivery;
}

type EntryDoc = HandoffEntry & { _id: string };
type ClaimDoc = { _id: string; handoffId: string; seq: number | null; at: Date };

const entrySchema = new Schema<EntryDoc>(
  {
    _id: { type: String, required: true },
    handoffId: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    from: { type: String, required: true },
    actorId: { type: String },
    sealed: { type: String, required: true },
    notice: { type: String },
    providerMessageId: { type: String },
    clientId: { type: String },
    delivery: { type: {} },
  },
  { collection: 'handoff_messages', versionKey: false, minimize: false },
);
entrySchema.index({ handoffId: 1, seq: 1 }, { name: 'log_order' });
entrySchema.index({ providerMessageId: 1 }, { name: 'by_provider_message' });

// An officer's send under its client id: taken once, then pointed at the entry it made.
const claimSchema = new Schema<ClaimDoc>(
  { _id: { type: String, required: true }, handoffId: { type: String, required: true }, seq: { type: Number, default: null }, at: { type: Date, required: true } },
  { collection: 'handoff_sends', versionKey: false },
);
claimSchema.index({ handoffId: 1 }, { name: 'by_handoff' });

export interface HandoffLog {
  ensureIndexes(): Promise<void>;
  /** Stores an entry at the first free place at or after `from`; returns its place. */
  place(entry: Omit<HandoffEntry, 'seq'>, from: number): Promise<number>;
  /** Entries at places `after` (exclusive) up to `until` (exclusive), oldest first, at most `limit`. */
  read(handoffId: string, after: number, until: number, limit: number): Promise<HandoffEntry[]>;
  findByProviderMessageId(providerMessageId: string): Promise<HandoffEntry | undefined>;
  /** Claims a client id for a send: `{ claimed: true }` the first time, else the place it got (null while in flight). */
  claimSend(handoffId: string, clientId: string, at: Date): Promise<{ claimed: true } | { claimed: false; seq: number | null }>;
  recordSend(handoffId: string, clientId: string, seq: number): Promise<void>;
  /** A send that never got as far as the log (the database failed): the client id may be used again. */
  releaseSend(handoffId: string, clientId: string): Promise<void>;
  setDelivery(handoffId: string, seq: number, delivery: HandoffDelivery): Promise<void>;
  /** Officer entries still held for the WhatsApp window, oldest first. */
  listHeld(handoffId: string): Promise<HandoffEntry[]>;
  removeForHandoffs(handoffIds: string[]): Promise<void>;
}

const entryId = (handoffId: string, seq: number) => `${handoffId}:${seq}`;
const claimId = (handoffId: string, clientId: string) => `${handoffId}:${clientId}`;
const toEntry = ({ _id: _ignored, ...rest }: EntryDoc): HandoffEntry => rest;

export function createMongoHandoffLog(connection: Connection): HandoffLog {
  const Entry = modelFor<EntryDoc>(connection, 'HandoffEntry', entrySchema);
  const Claim = modelFor<ClaimDoc>(connection, 'HandoffSend', claimSchema);
  return {
    ensureIndexes: () => ensureIndexes(Entry, Claim),
    async place(entry, from) {
      // A taken place is an entry written by someone else meanwhile (or before a crash): step over it.
      for (let seq = from; seq < from + 1000; seq += 1) {
        try {
          await Entry.collection.insertOne({ _id: entryId(entry.handoffId, seq), ...entry, seq } as never);
          return seq;
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      throw new Error('hand-off log is inconsistent');
    },
    async read(handoffId, after, until, limit) {
      if (until <= after + 1) return [];
      const docs = await Entry.find({ handoffId, seq: { $gt: after, $lt: until } }).sort({ seq: 1 }).limit(limit).lean<EntryDoc[]>();
      return docs.map(toEntry);
    },
    async findByProviderMessageId(providerMessageId) {
      const doc = await Entry.findOne({ providerMessageId }).lean<EntryDoc>();
      return doc ? toEntry(doc) : undefined;
    },
    async claimSend(handoffId, clientId, at) {
      try {
        await Claim.collection.insertOne({ _id: claimId(handoffId, clientId), handoffId, seq: null, at } as never);
        return { claimed: true };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const doc = await Claim.findById(claimId(handoffId, clientId)).lean<ClaimDoc>();
        return { claimed: false, seq: doc?.seq ?? null };
      }
    },
    async recordSend(handoffId, clientId, seq) {
      await Claim.updateOne({ _id: claimId(handoffId, clientId) }, { $set: { seq } });
    },
    async releaseSend(handoffId, clientId) {
      await Claim.deleteOne({ _id: claimId(handoffId, clientId), seq: null });
    },
    async setDelivery(handoffId, seq, delivery) {
      await Entry.updateOne({ _id: entryId(handoffId, seq) }, { $set: { delivery } });
    },
    async listHeld(handoffId) {
      const docs = await Entry.find({ handoffId, 'delivery.state': 'held' }).sort({ seq: 1 }).limit(50).lean<EntryDoc[]>();
      return docs.map(toEntry);
    },
    async removeForHandoffs(handoffIds) {
      if (handoffIds.length === 0) return;
      await Entry.deleteMany({ handoffId: { $in: handoffIds } });
      await Claim.deleteMany({ handoffId: { $in: handoffIds } });
    },
  };
}
