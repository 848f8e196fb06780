// Inbound messages already answered, by the provider's message id (unique): a retry from Twilio or a
// double tap gets the reply it got the first time and changes nothing. The provider message id is the
// document _id: a turn's lookup is by key.
import { Schema, type Connection } from 'mongoose';
import { deleteInBatches, ensureIndexes, insertOnce, modelFor } from '../db/store.mongo';

export interface InboundRecord {
  providerMessageId: string;
  conversationKey: string;
  /** JSON of the TurnResult sent back the first time. */
  reply: string;
  createdAt: Date;
}

const inboundSchema = new Schema<InboundRecord & { _id: string }>(
  {
    _id: { type: String, required: true },
    providerMessageId: { type: String, required: true },
    conversationKey: { type: String, required: true },
    reply: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'inbound_messages', versionKey: false },
);
inboundSchema.index({ providerMessageId: 1 }, { unique: true });
inboundSchema.index({ conversationKey: 1 });
inboundSchema.index({ createdAt: 1 });

export interface InboundStore {
  ensureIndexes(): Promise<void>;
  find(providerMessageId: string): Promise<InboundRecord | null>;
  /** Records the reply; a second record for the same id is ignored (the first reply stands). */
  record(entry: InboundRecord): Promise<void>;
  removeForConversation(conversationKey: string): Promise<number>;
  /** Removes up to `max` records older than `date` (all of them without a max). */
  removeOlderThan(date: Date, max?: number): Promise<number>;
}

export function createInboundStore(connection: Connection): InboundStore {
  type Doc = InboundRecord & { _id: string };
  const model = modelFor<Doc>(connection, 'InboundMessage', inboundSchema);
  return {
    ensureIndexes: () => ensureIndexes(model),
    find: async (providerMessageId) => {
      const doc = (await model.collection.findOne({ _id: providerMessageId } as Record<string, unknown>)) as Doc | null;
      if (!doc) return null;
      const { _id, ...rest } = doc;
      void _id;
      return rest;
    },
    record: async (entry) => {
      // A second record for the same message (a retry that raced this one) keeps the first reply.
      await insertOnce(model.collection, { _id: entry.providerMessageId, ...entry });
    },
    removeForConversation: async (conversationKey) => (await model.collection.deleteMany({ conversationKey })).deletedCount,
    removeOlderThan: (date, max) => deleteInBatches(model.collection, { createdAt: { $lt: date } }, 500, max),
  };
}
