// Each test file gets its own database on the run's embedded engine, dropped when the file is done.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { connectDatabase, type Database } from '../../src/db/connection.mongo';

export function testDatabaseUri(): string {
  const uri = process.env['TEST_MONGODB_URI'];
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run the tests through jest (global setup starts the database).');
  return uri;
}

export function uniqueDbName(hint = expect.getState().testPath ?? 'test'): string {
  const base = path.basename(hint).replace(/\.test\.ts$/, '').replace(/[^A-Za-z0-9]/g, '_').slice(0, 30);
  return `t_${base}_${randomBytes(4).toString('hex')}`;
}

export async function openTestDatabase(name = uniqueDbName()): Promise<Database & { name: string; drop: () => Promise<void> }> {
  const database = connectDatabase(testDatabaseUri(), name, pino({ level: 'silent' }), { maxDelayMs: 1000 });
  await database.connected;
  return {
    ...database,
    name,
    drop: async () => {
      await database.connection.dropDatabase().catch(() => {});
      await database.close();
    },
  };
}

/** A database of the file's own (or describe block's), opened before its tests and dropped after them; `opened` keeps it. */
export function useTestDatabase(opened: (db: Awaited<ReturnType<typeof openTestDatabase>>) => void): void {
  let db: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  beforeAll(async () => {
    db = await openTestDatabase();
    opened(db);
  });
  afterAll(async () => db?.drop());
}
