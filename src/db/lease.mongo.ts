// A lease in MongoDB so that exactly one instance runs a scheduled job: whoever holds an unexpired lease
// runs it; a crashed holder's lease simply runs out.
//
// Built only from inserts of a unique _id, the one write that is atomic on FerretDB v1 as on MongoDB.
// Updates AND deletes with a filter are not atomic there (the filter is checked, then the write done:
// measured, ten contenders taking an expired lease by delete-then-insert had up to three winners).
// So a lease is a chain of generations `<name>:<n>`: the holder renews, or anyone takes an expired
// lease, by inserting generation n+1; exactly one insert of each generation succeeds.
import { Schema, type Connection, type Model } from 'mongoose';

interface LeaseRecord {
  _id: string;
  name: string;
  generation: number;
  /** Empty for a release: the lease is free from then on. */
  owner: string;
  expiresAt: Date;
}

const leaseSchema = new Schema<LeaseRecord>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    generation: { type: Number, required: true },
    owner: { type: String, default: '' },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'leases', versionKey: false },
);
leaseSchema.index({ name: 1, generation: -1 });

/** Generations kept behind the newest, for the record; older ones are removed. */
const KEEP_GENERATIONS = 5;

export interface LeaseStore {
  ensureIndexes(): Promise<void>;
  /** Takes or renews the lease; false while another owner holds an unexpired one. */
  acquire(name: string, owner: string, ttlMs: number, now?: Date): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export function createLeaseStore(connection: Connection): LeaseStore {
  const model: Model<LeaseRecord> = (connection.models['Lease'] as Model<LeaseRecord> | undefined) ?? connection.model<LeaseRecord>('Lease', leaseSchema);
  const leases = model.collection;

  const latest = async (name: string): Promise<LeaseRecord | null> =>
    (await leases.find({ name }).sort({ generation: -1 }).limit(1).next()) as LeaseRecord | null;

  /** Inserts generation n; true when this insert made it (nobody else did first). */
  const claim = async (name: string, generation: number, owner: string, expiresAt: Date): Promise<boolean> => {
    try {
      await leases.insertOne({ _id: `${name}:${generation}`, name, generation, owner, expiresAt } as Record<string, unknown>);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return false;
      throw error;
    }
    await leases.deleteMany({ name, generation: { $lt: generation - KEEP_GENERATIONS } }).catch(() => {});
    return true;
  };

  return {
    ensureIndexes: async () => {
      await model.createCollection().catch(() => {});
      await model.createIndexes();
    },
    acquire: async (name, owner, ttlMs, now = new Date()) => {
      const current = await latest(name);
      if (current && current.owner !== owner && current.owner !== '' && current.expiresAt.getTime() > now.getTime()) return false;
      return claim(name, (current?.generation ?? 0) + 1, owner, new Date(now.getTime() + ttlMs));
    },
    release: async (name, owner) => {
      const current = await latest(name);
      if (current?.owner === owner) await claim(name, current.generation + 1, '', new Date(0));
    },
  };
}
