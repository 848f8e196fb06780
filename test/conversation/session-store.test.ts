// The session store's compare-and-set and the lease, raced on the real database: what keeps two turns,
// or two instances, from overwriting each other.
import { createLeaseStore } from '../../src/db/lease.mongo';
import { createSessionStore, type SessionRecord } from '../../src/conversation/session.mongo';
import { isTransientDatabaseError, retryTransient } from '../../src/conversation/transient';
import { openTestDatabase, useTestDatabase } from '../support/database';

type Db = Awaited<ReturnType<typeof openTestDatabase>>;
let db: Db;
useTestDatabase((opened) => (db = opened));

function record(key: string, revision: number, note: string): SessionRecord {
  const now = new Date();
  return {
    conversationKey: key, sessionId: `s-${key}`, channel: 'sms', dialogId: 'd', dialogVersion: 1, snapshot: JSON.stringify({ note }),
    locale: 'en', revision, createdAt: now, lastActivityAt: now, expiresAt: new Date(now.getTime() + 3_600_000),
    notUnderstoodCount: 0, unmatched: [], pending: null, recent: [],
  };
}

test('ten saves racing over the same revision: exactly one wins, every time', async () => {
  const sessions = createSessionStore(db.connection);
  await sessions.ensureIndexes();
  for (let round = 0; round < 10; round += 1) {
    const key = `race-${round}`;
    expect(await sessions.insert(record(key, 1, 'start'))).toBe(true);
    expect(await sessions.insert(record(key, 1, 'again'))).toBe(false);
    const previous = (await sessions.load(key))!;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => sessions.replace(record(key, 2, `writer ${i}`), previous)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(JSON.parse((await sessions.load(key))!.snapshot)).toEqual({ note: `writer ${winner}` });
  }
});

test('ten contenders for one lease: exactly one holds it, every round', async () => {
  const leases = createLeaseStore(db.connection);
  await leases.ensureIndexes();
  const start = Date.parse('2026-03-01T00:00:00Z');
  for (let round = 0; round < 10; round += 1) {
    // Each round starts after the previous lease ran out.
    const now = new Date(start + round * 120_000);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => leases.acquire('purge', `instance-${i}`, 60_000, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
  }
});

test('a dropped connection to the database is retried, other errors are not', async () => {
  const busy = Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
  expect(isTransientDatabaseError(busy)).toBe(true);
  expect(isTransientDatabaseError(new Error('E11000 duplicate key'))).toBe(false);
  let calls = 0;
  await expect(retryTransient(async () => (++calls < 3 ? Promise.reject(busy) : 'saved'))).resolves.toBe('saved');
  expect(calls).toBe(3);
});
