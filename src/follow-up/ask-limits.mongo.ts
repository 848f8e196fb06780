// Wrong tries at asking about a report (a reference that names no case, a wrong or missing code word), counted
// per conversation and per reference in fixed windows: one small document per key and window, raised by an
// atomic $inc, so two instances count together. Keys are keyed hashes and references, never an address.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, modelFor } from '../db/store.mongo';
import type { AskLimitStore } from './report-asks';

type LimitDoc = { _id: string; key: string; windowStart: Date; wrong: number };

const schema = new Schema<LimitDoc>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    windowStart: { type: Date, required: true, index: true },
    wrong: { type: Number, required: true },
  },
  { collection: 'report_ask_limits', versionKey: false },
);

const idOf = (key: string, windowStart: Date) => `${key}@${windowStart.toISOString()}`;

export function createMongoAskLimits(connection: Connection): AskLimitStore {
  const Limit = modelFor<LimitDoc>(connection, 'ReportAskLimit', schema);
  return {
    ensureIndexes: () => ensureIndexes(Limit),
    async countWrong(keys, windowStart) {
      const counts: number[] = [];
      for (const key of keys) {
        await Limit.collection.updateOne({ _id: idOf(key, windowStart) } as never, { $inc: { wrong: 1 }, $setOnInsert: { key, windowStart } } as never, { upsert: true });
        counts.push((await Limit.findOne({ _id: idOf(key, windowStart) }).lean<LimitDoc>())?.wrong ?? 0);
      }
      return counts;
    },
    async wrongSoFar(keys, windowStart) {
      const docs = await Limit.find({ _id: { $in: keys.map((k) => idOf(k, windowStart)) } }).lean<LimitDoc[]>();
      return keys.map((k) => docs.find((d) => d._id === idOf(k, windowStart))?.wrong ?? 0);
    },
    async removeBefore(before) {
      return (await Limit.deleteMany({ windowStart: { $lt: before } })).deletedCount ?? 0;
    },
  };
}
