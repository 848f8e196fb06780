// The report's counts in MongoDB: `report_days` holds one document per landlord and local day with nested
// counts (`counts.<kind>.<breakdown>.<metric>`) and the keys of the facts already in them; `report_ledger` one
// document per case. Adding a fact is one conditional upsert of one day's document, atomic on MongoDB and on
// the embedded engine alike; reading a quarter is an indexed range of ninety-odd small documents.
import { createHash } from 'node:crypto';
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, isDuplicateKey, modelFor } from '../db/store.mongo';
import type { CaseLedger, Fact } from './facts';
import type { DayCounts, ReportStore } from './report-store';

type DayDoc = DayCounts & { _id: string; landlordId: string; applied: Record<string, true> };
type LedgerDoc = Omit<CaseLedger, 'caseId'> & { _id: string };

const mixed = Schema.Types.Mixed;
const daySchema = new Schema<DayDoc>({ _id: String, landlordId: String, day: String, counts: mixed, applied: mixed }, { collection: 'report_days', versionKey: false, minimize: false });
daySchema.index({ landlordId: 1, day: 1 }, { name: 'report_days_by_day' });
const ledgerSchema = new Schema<LedgerDoc>({ _id: String, landlordId: String, receivedDay: String, revision: Number }, { collection: 'report_ledger', versionKey: false, strict: false });
ledgerSchema.index({ landlordId: 1, receivedDay: 1 }, { name: 'report_ledger_by_day' });

/**
 * A fact key as a field name: a digest, so a day's counts keep no case id once the case is purged (and no dots
 * or dollar signs). 96 bits: two facts of one day never share one.
 */
const field = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 16);

export function createMongoReportStore(connection: Connection): ReportStore {
  const Days = modelFor<DayDoc>(connection, 'ReportDay', daySchema);
  const Ledger = modelFor<LedgerDoc>(connection, 'ReportLedger', ledgerSchema);
  const toLedger = ({ _id, ...rest }: LedgerDoc): CaseLedger => ({ caseId: _id, ...rest }) as CaseLedger;

  async function applyOnce(landlordId: string, fact: Fact): Promise<boolean> {
    const applied = `applied.${field(fact.key)}`;
    const $inc = Object.fromEntries(Object.entries(fact.inc).map(([path, n]) => [`counts.${path}`, n]));
    const result = await Days.collection.updateOne(
      { _id: `${landlordId}:${fact.day}`, [applied]: { $exists: false } } as never,
      { $inc, $set: { [applied]: true }, $setOnInsert: { landlordId, day: fact.day } } as never,
      { upsert: true },
    );
    return result.modifiedCount + result.upsertedCount === 1;
  }

  return {
    ensureIndexes: () => ensureIndexes(Days, Ledger),
    async apply(landlordId, fact) {
      // The filter fails on a day that already has the fact, and the upsert then collides with that day's
      // document: a duplicate key means "counted already", unless two writers created a new day at once,
      // which the second try settles.
      for (let attempt = 0; attempt < 2; attempt += 1) {
        try {
          return await applyOnce(landlordId, fact);
        } catch (error) {
          if (!isDuplicateKey(error)) throw error;
        }
      }
      return false;
    },
    async ledger(caseId) {
      const doc = await Ledger.findOne({ _id: caseId }).lean<LedgerDoc>();
      return doc ? toLedger(doc) : undefined;
    },
    async putLedger(next, expected) {
      const { caseId, ...rest } = next;
      if (expected === undefined) {
        try {
          await Ledger.collection.insertOne({ _id: caseId, ...rest } as never);
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      }
      const result = await Ledger.collection.replaceOne({ _id: caseId, revision: expected } as never, rest as never);
      return result.matchedCount === 1;
    },
    async clearPending(caseId, revision) {
      await Ledger.collection.updateOne({ _id: caseId, revision } as never, { $set: { pending: [] } } as never);
    },
    async days(landlordId, period) {
      return Days.find({ landlordId, day: { $gte: period.from, $lte: period.to } }, { _id: 0, day: 1, counts: 1 }).sort({ day: 1 }).lean<DayCounts[]>();
    },
    async rows(landlordId, period, limit) {
      const docs = await Ledger.find({ landlordId, receivedDay: { $gte: period.from, $lte: period.to } }, { pending: 0 }).sort({ receivedDay: 1 }).limit(limit).lean<LedgerDoc[]>();
      return docs.map(toLedger);
    },
    async forget(caseIds) {
      if (caseIds.length) await Ledger.deleteMany({ _id: { $in: [...caseIds] } });
    },
  };
}
