// A lease in MongoDB so that exactly one instance runs a scheduled job: whoever holds an unexpired lease
// runs it; a crashed holder's lease simply runs out.
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
  return {
    ensureIndexes: async () => {
      await model.createCollection().catch(() => {});
      await model.createIndexes();
    },
    acquire: async (name, owner, ttlMs, now = new Date()) => {
      try {
        const doc = await model.collection.findOneAndUpdate(
          { _id: name, $or: [{ owner }, { expiresAt: { $lte: now } }] } as Record<string, unknown>,
          { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) } },
          { upsert: true, returnDocument: 'after' },
        );
        return (doc as LeaseRecord | null)?.owner === owner;
      } catch (error) {
        // Another owner holds it: our upsert tried to insert the same _id.
        if ((error as { code?: number }).code === 11000) return false;
        throw error;
      }
    },
    release: async (name, owner) => {
      await model.collection.deleteOne({ _id: name, owner } as Record<string, unknown>);
    },
  };
}
