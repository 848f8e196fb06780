// The audit trail in MongoDB: insert-only documents, read by case or by actor through their own indexes.
import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import type { AuditEntry, AuditStore } from './audit.store';

type AuditDoc = Omit<AuditEntry, 'id'> & { _id: string };

const auditSchema = new Schema<AuditDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    caseId: { type: String },
    detail: { type: String },
    from: { type: String },
    outcome: { type: String, required: true },
  },
  { collection: 'staff_audit', versionKey: false },
);
auditSchema.index({ caseId: 1, at: 1 }, { name: 'by_case' });
auditSchema.index({ actor: 1, at: -1 }, { name: 'by_actor' });

const toEntry = ({ _id, ...rest }: AuditDoc): AuditEntry => ({ id: _id, ...rest });

export function createMongoAuditStore(connection: Connection): AuditStore {
  const Audit: Model<AuditDoc> = (connection.models['StaffAudit'] as Model<AuditDoc> | undefined) ?? connection.model<AuditDoc>('StaffAudit', auditSchema);
  return {
    async ensureIndexes() {
      await Audit.createCollection().catch(() => {});
      await Audit.createIndexes();
    },
    async append({ id, ...entry }) {
      await Audit.collection.insertOne({ _id: id || randomUUID(), ...entry } as never);
    },
    forCase: async (caseId, limit) => (await Audit.find({ caseId }).sort({ at: 1, _id: 1 }).limit(limit).lean<AuditDoc[]>()).map(toEntry),
    byActor: async (actor, limit) => (await Audit.find({ actor }).sort({ at: -1 }).limit(limit).lean<AuditDoc[]>()).map(toEntry),
  };
}
