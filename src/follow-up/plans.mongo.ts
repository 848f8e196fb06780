// The agreed plan of each case, one small document per case (never on the case itself, so the queue and the
// case's own writes are untouched): its actions with their owners and due dates (descriptions sealed), the update
// frequency agreed with the reporter, when the last update went and when the next is due.
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, modelFor } from '../db/store.mongo';
import type { CasePlan, PlanAction, PlanStore } from './plan';

type PlanDoc = Omit<CasePlan, 'caseId'> & { _id: string };

const schema = new Schema<PlanDoc>(
  {
    _id: { type: String, required: true },
    actions: { type: Schema.Types.Mixed, default: [] },
    everyWorkingDays: { type: Number },
    lastUpdateAt: { type: Date },
    nextUpdateDue: { type: Date },
  },
  { collection: 'case_plans', versionKey: false, minimize: false },
);

const toPlan = ({ _id, ...rest }: PlanDoc): CasePlan => ({ caseId: _id, ...rest, actions: (rest.actions ?? []) as PlanAction[] });

export function createMongoPlans(connection: Connection): PlanStore {
  const Plan = modelFor<PlanDoc>(connection, 'CasePlan', schema);
  return {
    ensureIndexes: () => ensureIndexes(Plan),
    async find(caseId) {
      const doc = await Plan.findById(caseId).lean<PlanDoc>();
      return doc ? toPlan(doc) : undefined;
    },
    async findMany(caseIds) {
      if (caseIds.length === 0) return [];
      return (await Plan.find({ _id: { $in: caseIds } }).lean<PlanDoc[]>()).map(toPlan);
    },
    async addAction(caseId, action) {
      await Plan.updateOne({ _id: caseId }, { $push: { actions: action } }, { upsert: true });
    },
    async markDone(caseId, actionId, at) {
      const plan = await Plan.findById(caseId).lean<PlanDoc>();
      const actions = (plan?.actions ?? []) as PlanAction[];
      const index = actions.findIndex((a) => a.id === actionId && !a.doneAt);
      if (index < 0) return false;
      // Only while it is still open: a second press (or a colleague's) changes nothing.
      const result = await Plan.updateOne({ _id: caseId, [`actions.${index}.id`]: actionId, [`actions.${index}.doneAt`]: { $exists: false } }, { $set: { [`actions.${index}.doneAt`]: at } });
      return result.modifiedCount === 1;
    },
    async setFrequency(caseId, everyWorkingDays, nextUpdateDue) {
      await Plan.updateOne({ _id: caseId }, { $set: { everyWorkingDays, nextUpdateDue } }, { upsert: true });
    },
    async updateSent(caseId, at, nextUpdateDue) {
      await Plan.updateOne({ _id: caseId }, nextUpdateDue ? { $set: { lastUpdateAt: at, nextUpdateDue } } : { $set: { lastUpdateAt: at } }, { upsert: true });
    },
    async removeForCases(caseIds) {
      if (caseIds.length === 0) return 0;
      return (await Plan.deleteMany({ _id: { $in: caseIds } })).deletedCount ?? 0;
    },
  };
}
