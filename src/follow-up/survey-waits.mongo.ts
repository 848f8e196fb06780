// Closing surveys waiting for a reply, one per conversation they went to (keyed by its keyed hash, never the
// number): which case, which question is next, the reply already taken (a Twilio retry is not a second answer)
// and until when a number sent back is read as an answer; and surveys held back for safe times (`pending:<case>`).
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, modelFor } from '../db/store.mongo';
import type { SurveyWait, SurveyWaitStore } from './closing-survey';

type WaitDoc = Omit<SurveyWait, 'conversationKey'> & { _id: string };

const schema = new Schema<WaitDoc>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    reference: { type: String, required: true },
    locale: { type: String, required: true },
    step: { type: String, required: true, index: true },
    lastMessageId: { type: String },
    expiresAt: { type: Date, required: true, index: true },
  },
  { collection: 'survey_waits', versionKey: false },
);

export function createMongoSurveyWaits(connection: Connection): SurveyWaitStore {
  const Wait = modelFor<WaitDoc>(connection, 'SurveyWait', schema);
  return {
    ensureIndexes: () => ensureIndexes(Wait),
    async find(conversationKey) {
      const doc = await Wait.findOne({ _id: conversationKey }).lean<WaitDoc>();
      if (!doc) return undefined;
      const { _id, ...rest } = doc;
      return { conversationKey: _id, ...rest };
    },
    async put(wait) {
      const { conversationKey, ...rest } = wait;
      await Wait.collection.replaceOne({ _id: conversationKey } as never, rest as never, { upsert: true });
    },
    async advance(conversationKey, from, to) {
      const result = await Wait.collection.updateOne({ _id: conversationKey, step: from } as never, { $set: to } as never);
      return result.modifiedCount === 1;
    },
    async listPending(limit) {
      const docs = await Wait.find({ step: 'pending' }).limit(limit).lean<WaitDoc[]>();
      return docs.map(({ _id, ...rest }) => ({ conversationKey: _id, ...rest }));
    },
    async remove(conversationKey) {
      await Wait.deleteOne({ _id: conversationKey });
    },
    async removeExpired(now) {
      return (await Wait.deleteMany({ expiresAt: { $lt: now } })).deletedCount ?? 0;
    },
  };
}
