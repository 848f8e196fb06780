// The report keys: one insert-only document per (key, case), so recording never overwrites another report's
// keys on any engine, and finding earlier reports is an index lookup by key, bounded by the window and a limit.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, isDuplicateKey, modelFor } from '../db/store.mongo';
import type { EarlierReport, MatchedOn } from './repeats';
import type { ReportKeyStore } from './report-keys';

interface KeyDoc {
  _id: string;
  key: string;
  caseId: string;
  at: Date;
  matchedOn: MatchedOn;
  marac: boolean;
}

const keySchema = new Schema<KeyDoc>(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    caseId: { type: String, required: true },
    at: { type: Date, required: true },
    matchedOn: { type: String, required: true },
    marac: { type: Boolean, required: true },
  },
  { collection: 'report_keys', versionKey: false },
);
keySchema.index({ key: 1, at: -1 }, { name: 'key_recent' });
keySchema.index({ caseId: 1 }, { name: 'case_keys' });

/** Far more than any threshold: a window's reports about one victim or place. */
const LIMIT = 200;

export function createMongoReportKeyStore(connection: Connection): ReportKeyStore {
  const Keys = modelFor(connection, 'ReportKey', keySchema);
  return {
    ensureIndexes: () => ensureIndexes(Keys),
    async findEarlier(keys, since) {
      if (keys.length === 0) return [];
      const docs = await Keys.find({ key: { $in: keys.map((k) => k.key) }, at: { $gte: since } })
        .sort({ at: -1 })
        .limit(LIMIT)
        .lean<KeyDoc[]>();
      const byCase = new Map<string, EarlierReport>();
      for (const doc of docs) {
        const found = byCase.get(doc.caseId) ?? { caseId: doc.caseId, at: doc.at, matchedOn: [], marac: false };
        if (!found.matchedOn.includes(doc.matchedOn)) found.matchedOn.push(doc.matchedOn);
        found.marac ||= doc.marac;
        byCase.set(doc.caseId, found);
      }
      return [...byCase.values()];
    },
    async record(caseId, at, keys, marac) {
      if (keys.length === 0) return;
      const docs = keys.map((k) => ({ _id: `${k.key}:${caseId}`, key: k.key, caseId, at, matchedOn: k.matchedOn, marac }));
      try {
        await Keys.collection.insertMany(docs as never[], { ordered: false });
      } catch (error) {
        // Already recorded (a retried submit): every refusal must be a duplicate key.
        const errors = (error as { writeErrors?: unknown[] }).writeErrors;
        if (!isDuplicateKey(error) || (errors ?? []).some((e) => !isDuplicateKey({ writeErrors: [e] }))) throw error;
      }
    },
    async forget(caseIds) {
      if (caseIds.length > 0) await Keys.deleteMany({ caseId: { $in: [...caseIds] } });
    },
  };
}
