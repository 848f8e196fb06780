// A lease in MongoDB so that exactly one instance runs a scheduled job: whoever holds an unexpired lease
// runs it; a crashed holder's lease simply runs out. One document per lease, taken or renewed by one
// conditional update (atomic on MongoDB and on the embedded engine: test/db/contract).
import { Schema, type Connection } from 'mongoose';
import { ensureIndexes, isDuplicateKey, modelFor } from './store.mongo';

interface LeaseRecord {
  _id: string;
  /** Empty while nobody holds it. */
  owner: string;
  expiresAt: Date;
}

const leaseSchema = new Schema<LeaseRecord>(
  {
    _id: { type: String, required: true },
    owner: { type: String, default: '' },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'leases', versionKey: false },
);

export interface LeaseStore {
  ensureIndexes(): Promise<void>;
  /** Takes or renews the lease; false while another owner holds an unexpired one. */
  acquire(name: string, owner: string, ttlMs: number, now?: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export function createLeaseStore(connection: Connection): LeaseStore {
  const model = modelFor<LeaseRecord>(connection, 'Lease', leaseSchema);
  const leases = model.collection;

  return {
    ensureIndexes: () => ensureIndexes(model),
    acquire: async (name, owner, ttlMs, now = new Date()) => {
      try {
        // Ours already, free, or run out: take it. Held by another: the filter does not match, the upsert
        // tries to insert the same _id and the unique _id refuses it.
        const result = await leases.updateOne(
          { _id: name, $or: [{ owner }, { owner: '' }, { expiresAt: { $lte: now } }] } as Record<string, unknown>,
          { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs) } },
          { upsert: true },
        );
        return result.matchedCount + result.upsertedCount === 1;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    release: async (name, owner) => {
      await leases.updateOne({ _id: name, owner } as Record<string, unknown>, { $set: { owner: '', expiresAt: new Date(0) } });
    },
  };
}
