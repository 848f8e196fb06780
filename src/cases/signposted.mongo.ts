// Reports signposted without a case: out of scope (or a matter for another service), low-risk, and the person
// chose to finish. No case is made, but the outcome is recorded for the landlord's performance report. Nothing
// here identifies anyone or says what happened: the kind of report, the tenure, the channel, when, and why.
// The session id is the key, so a retried submit records one outcome.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, insertOnce, modelFor } from '../db/store.mongo';

export type SignpostedOutcome = 'signposted_out_of_scope' | 'signposted_elsewhere';

export interface SignpostedRecord {
  /** The conversation's session id (a random id, not derived from the person). */
  sessionId: string;
  landlordId: string;
  at: Date;
  outcome: SignpostedOutcome;
  categoryKind: string;
  categoryId: string;
  tenure?: string;
  channel: string;
  reporterRole: string;
}

type SignpostedDoc = Omit<SignpostedRecord, 'sessionId'> & { _id: string };

const schema = new Schema<SignpostedDoc>(
  {
    _id: { type: String, required: true },
    landlordId: { type: String, required: true },
    at: { type: Date, required: true },
    outcome: { type: String, required: true },
    categoryKind: { type: String, required: true },
    categoryId: { type: String, required: true },
    tenure: { type: String },
    channel: { type: String, required: true },
    reporterRole: { type: String, required: true },
  },
  { collection: 'signposted_reports', versionKey: false },
);
schema.index({ landlordId: 1, at: 1 }, { name: 'reporting' });

export interface SignpostedStore {
  ensureIndexes(): Promise<void>;
  /** Records the outcome once per session; false when this session's outcome was already recorded. */
  record(entry: SignpostedRecord): Promise<boolean>;
  /** How many reports were signposted between `from` (inclusive) and `to` (exclusive), by outcome. */
  countBetween(landlordId: string, from: Date, to: Date): Promise<Partial<Record<SignpostedOutcome, number>>>;
  /** Retention: forgets outcomes recorded before `before`. */
  purgeBefore(before: Date): Promise<number>;
}

export function createMongoSignpostedStore(connection: Connection): SignpostedStore {
  const Signposted = modelFor<SignpostedDoc>(connection, 'SignpostedReport', schema);
  return {
    ensureIndexes: () => ensureIndexes(Signposted),
    record: ({ sessionId, ...rest }) => insertOnce(Signposted.collection, { _id: sessionId, ...rest }),
    async countBetween(landlordId, from, to) {
      const groups = await Signposted.aggregate<{ _id: SignpostedOutcome; count: number }>([
        { $match: { landlordId, at: { $gte: from, $lt: to } } },
        { $group: { _id: '$outcome', count: { $sum: 1 } } },
      ]);
      return Object.fromEntries(groups.map((g) => [g._id, g.count]));
    },
    async purgeBefore(before) {
      return (await Signposted.deleteMany({ at: { $lt: before } })).deletedCount;
    },
  };
}
