// The one place for what every store does with mongoose: register a model once per connection, create its
// collection and indexes, recognise a duplicate key (and which index refused it), and change one document
// by compare-and-set. Every idiom here is an ordinary single-document MongoDB operation, atomic on MongoDB
// and on the embedded engine alike (test/db/contract proves it for each engine).
import type { Collection, Connection, Model, Schema } from 'mongoose';

/** The model `name` on this connection, registered on first use. */
export function modelFor<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

/** Creates the collection (if missing) and the schema's indexes; run once at start. */
export async function ensureIndexes(...models: { createCollection(): Promise<unknown>; createIndexes(): Promise<unknown> }[]): Promise<void> {
  for (const model of models) {
    await model.createCollection().catch(() => {});
    await model.createIndexes();
  }
}

interface ServerError {
  code?: number;
  message?: string;
  keyPattern?: Record<string, unknown>;
  writeErrors?: { code?: number; errmsg?: string; err?: { code?: number; errmsg?: string } }[];
}

/** The name of the unique index that refused a write ('_id_' for the id), or undefined when it was no duplicate key. */
export function duplicateKeyIndex(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as ServerError;
  const first = e.writeErrors?.[0];
  const code = e.code ?? first?.code ?? first?.err?.code;
  if (code !== 11000) return undefined;
  const message = [e.message, first?.errmsg, first?.err?.errmsg].find((m) => m && /index: /.test(m)) ?? '';
  // MongoDB and the embedded engine both say "E11000 duplicate key error collection: db.c index: NAME dup key: ...".
  return /index: (\S+) dup key/.exec(message)?.[1] ?? 'unknown';
}

export function isDuplicateKey(error: unknown): boolean {
  return duplicateKeyIndex(error) !== undefined;
}

/** Inserts `doc`; false when a document with its _id (or another unique key) exists already. */
export async function insertOnce(collection: Collection, doc: Record<string, unknown>): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * Compare-and-set on a revision: applies `update` (and raises the revision by one) only if the document is
 * still at `revision`. Returns the document after the change, or null when someone else changed it first
 * (or it is gone).
 */
export async function compareAndSet<T>(collection: Collection, id: string, revision: number, update: Record<string, unknown>): Promise<T | null> {
  const $inc = { ...((update['$inc'] as Record<string, number> | undefined) ?? {}), revision: 1 };
  return (await collection.findOneAndUpdate({ _id: id, revision } as never, { ...update, $inc } as never, { returnDocument: 'after' })) as T | null;
}

/**
 * Deletes the documents matching `filter` (at most `max`; the rest wait for the next run) in batches of `batch`
 * (found through an index, deleted by _id),
 * so that housekeeping never holds the database for one unbounded write. Returns how many went.
 */
export async function deleteInBatches(collection: Collection, filter: Record<string, unknown>, batch = 500, max = Infinity): Promise<number> {
  let removed = 0;
  for (let looked = 0; looked < max; ) {
    const want = Math.min(batch, max - looked);
    const ids = (await collection.find(filter, { projection: { _id: 1 } }).limit(want).toArray()).map((d) => d['_id'] as unknown);
    looked += ids.length;
    if (ids.length === 0) return removed;
    removed += (await collection.deleteMany({ ...filter, _id: { $in: ids } } as never)).deletedCount;
    if (ids.length < want) return removed;
  }
  return removed;
}
