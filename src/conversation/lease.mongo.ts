// A lease in MongoDB so that exactly one instance runs a scheduled job: whoever holds an unexpired lease
// runs it; a crashed holder's lease simply runs out.
//
// Built only from operations that are atomic on FerretDB v1 as well as MongoDB: an insert of one _id
// (exactly one contender wins) and a delete with a filter. An update with a filter is NOT atomic on
// FerretDB v1 (the filter and the write are separate steps), so a lease is never taken by updating.
import { Schema, type Connection, type Model } from 'mongoose';

interface LeaseRecord {
  _id: string;
  owner: string;
  expiresAt: Date;
}

const leaseSchema = new Schema<LeaseRecord>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, expiresAt: { type: Date, required: true } },
  { collection: 'leases', versionKey: false },
);

export interface LeaseStore {
  ensureIndexes(): Promise<void>;
  /** Takes or renews the lease; false while another owner holds an unexpired one. */
  acquire(name: string, owner: string, ttlMs: number, now?: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export function createLeaseStore(connection: Connection): LeaseStore {
  const model: Model<LeaseRecord> = (connection.models['Lease'] as Model<LeaseRecord> | undefined) ?? connection.model<LeaseRecord>('Lease', leaseSchema);
  const leases = model.collection;
  const byId = (name: string) => ({ _id: name }) as Record<string, unknown>;
  return {
    ensureIndexes: async () => {
      await model.createCollection().catch(() => {});
    },
    acquire: async (name, owner, ttlMs, now = new Date()) => {
      const current = (await leases.findOne(byId(name))) as LeaseRecord | null;
      if (current && current.owner !== owner && current.expiresAt.getTime() > now.getTime()) return false;
      if (current) {
        // Ours to renew, or expired: remove exactly that lease (another contender may get there first).
        const removed = await leases.deleteOne({ _id: name, owner: current.owner, expiresAt: current.expiresAt } as Record<string, unknown>);
        if (removed.deletedCount !== 1) return false;
      }
      try {
        await leases.insertOne({ _id: name, owner, expiresAt: new Date(now.getTime() + ttlMs) } as Record<string, unknown>);
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    },
    release: async (name, owner) => {
      await leases.deleteOne({ _id: name, owner } as Record<string, unknown>);
    },
  };
}
