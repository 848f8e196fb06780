// Inbound messages already answered, by the provider's message id (unique): a retry from Twilio or a
// double tap gets the reply it got the first time and changes nothing.
import { Schema, type Connection, type Model } from 'mongoose';

export interface InboundRecord {
  providerMessageId: string;
  conversationKey: string;
  /** JSON of the TurnResult sent back the first time. */
  reply: string;
  createdAt: Date;
}

const inboundSchema = new Schema<InboundRecord>(
  {
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
  countForConversation(conversationKey: string): Promise<number>;
}

export function createInboundStore(connection: Connection): InboundStore {
  const model: Model<InboundRecord> = (connection.models['InboundMessage'] as Model<InboundRecord> | undefined) ?? connection.model<InboundRecord>('InboundMessage', inboundSchema);
  return {
    ensureIndexes: async () => {
      await model.createCollection().catch(() => {});
      await model.createIndexes();
    },
    find: async (providerMessageId) => model.findOne({ providerMessageId }, { _id: 0 }).lean<InboundRecord>(),
    record: async (entry) => {
      try {
        await model.collection.insertOne({ ...entry });
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    },
    removeForConversation: async (conversationKey) => (await model.collection.deleteMany({ conversationKey })).deletedCount,
    removeOlderThan: async (date) => (await model.collection.deleteMany({ createdAt: { $lt: date } })).deletedCount,
    countForConversation: async (conversationKey) => model.countDocuments({ conversationKey }),
  };
}
