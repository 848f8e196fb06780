// Inbound messages already answered, by the provider's message id (unique): a retry from Twilio or a
// double tap gets the reply it got the first time and changes nothing. The provider message id is the
// document _id (FerretDB v1 on SQLite looks up only _id through an index).
import { Schema, type Connection, type Model } from 'mongoose';

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
  removeOlderThan(date: Date): Promise<number>;
}

export function createInboundStore(connection: Connection): InboundStore {
  type Doc = InboundRecord & { _id: string };
  const model: Model<Doc> = (connection.models['InboundMessage'] as Model<Doc> | undefined) ?? connection.model<Doc>('InboundMessage', inboundSchema);
  return {
    ensureIndexes: async () => {
      await model.createCollection().catch(() => {});
      await model.createIndexes();
    },
    find: async (providerMessageId) => {
      const doc = (await model.collection.findOne({ _id: providerMessageId } as Record<string, unknown>)) as Doc | null;
      if (!doc) return null;
      const { _id, ...rest } = doc;
      void _id;
      return rest;
    },
    record: async (entry) => {
      try {
        await model.collection.insertOne({ _id: entry.providerMessageId, ...entry } as Record<string, unknown>);
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    },
    removeForConversation: async (conversationKey) => (await model.collection.deleteMany({ conversationKey })).deletedCount,
    removeOlderThan: async (date) => (await model.collection.deleteMany({ createdAt: { $lt: date } })).deletedCount,
  };
}
