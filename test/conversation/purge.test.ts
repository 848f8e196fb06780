// Expired conversations are removed by a scheduled job (no TTL index on the embedded database), and a
// lease in MongoDB makes sure exactly one instance runs it.
import pino from 'pino';
import { createTranslations } from '../../src/conversation/i18n';
import { createLeaseStore } from '../../src/db/lease.mongo';
import { createConversationRuntime } from '../../src/conversation/runtime';
import { createConversationStores } from '../../src/conversation/stores.mongo';
import { forgetRecording } from '../support/forget';
import { openTestDatabase, useTestDatabase } from '../support/database';
import { fixtureDialog, fixturePolicy, fixtureResources } from '../support/fixture-dialogs';

type Db = Awaited<ReturnType<typeof openTestDatabase>>;
let db: Db;
useTestDatabase((opened) => (db = opened));

/** A runtime over the fixture dialog whose purge records what it erased; expiry after an hour. */
async function purgingRuntime(erased: string[], now: () => Date, purgePerRun?: number) {
  const stores = createConversationStores(db.connection);
  const runtime = createConversationRuntime({
    stores,
    forget: forgetRecording(stores, [], erased),
    dialogs: [fixtureDialog],
    defaultDialogId: 'fixture',
    dialogPolicy: fixturePolicy,
    effects: {
      submitReport: async () => ({ reference: 'R', teamKey: 'policy:team.test', contactable: true, helplineIds: [] }),
      openUrgentCase: async () => ({ reference: 'R' }),
      requestHandoff: async () => ({ expectedReply: 'in_hours' }),
    },
    i18n: createTranslations({ extraResources: fixtureResources }),
    session: { idleMinutes: 30, expiryHours: 1 },
    ...(purgePerRun ? { purgePerRun } : {}),
    now,
    logger: pino({ level: 'silent' }),
  });
  await runtime.ensureIndexes();
  return runtime;
}

test('two contenders for a lease: exactly one holds it until it runs out or is released', async () => {
  const leases = createLeaseStore(db.connection);
  await leases.ensureIndexes();
  const t0 = new Date('2026-01-01T10:00:00Z');
  const [a, b] = await Promise.all([leases.acquire('job', 'a', 60_000, t0), leases.acquire('job', 'b', 60_000, t0)]);
  expect([a, b].filter(Boolean)).toHaveLength(1);
  const holder = a ? 'a' : 'b';
  const other = a ? 'b' : 'a';
  expect(await leases.acquire('job', other, 60_000, new Date(t0.getTime() + 30_000))).toBe(false);
  expect(await leases.acquire('job', holder, 60_000, new Date(t0.getTime() + 30_000))).toBe(true);
  // The holder went quiet: after expiry the other takes over.
  expect(await leases.acquire('job', other, 60_000, new Date(t0.getTime() + 200_000))).toBe(true);
  expect(await leases.acquire('job', holder, 60_000, new Date(t0.getTime() + 200_000))).toBe(false);
  await leases.release('job', other);
  expect(await leases.acquire('job', holder, 60_000, new Date(t0.getTime() + 200_001))).toBe(true);
});

test('the purge removes expired conversations and their dedupe records, erases what they held, and keeps live ones', async () => {
  let now = new Date('2026-02-01T09:00:00Z');
  const erased: string[] = [];
  const runtime = await purgingRuntime(erased, () => now);
  const say = (key: string, id: string, text: string) =>
    runtime.handleTurn({ channel: 'sms', conversationKey: key, providerMessageId: id, text, receivedAt: now });
  await say('old', 'o1', 'hi');
  await say('old', 'o2', 'red');
  now = new Date(now.getTime() + 50 * 60_000);
  await say('recent', 'r1', 'hi');
  now = new Date(now.getTime() + 20 * 60_000); // 'old' is 70 minutes quiet, 'recent' 20

  expect(await runtime.purgeExpired()).toEqual({ sessions: 1, inbound: 0 });
  expect(erased).toEqual(['old']);
  const sessions = db.connection.collection('sessions');
  expect(await sessions.countDocuments({ conversationKey: 'old' })).toBe(0);
  expect(await sessions.countDocuments({ conversationKey: 'recent' })).toBe(1);
  expect(await db.connection.collection('inbound_messages').countDocuments({ conversationKey: 'old' })).toBe(0);
  // Coming back after the purge starts a fresh conversation.
  expect((await say('old', 'o3', 'hello')).prompts.map((p) => p.key)).toEqual(['fixture:askingColour.prompt']);
  await runtime.stop();
});

test('a backlog of expired conversations is erased over several runs, never more than one run’s share at once', async () => {
  let now = new Date('2026-03-01T09:00:00Z');
  await db.connection.collection('sessions').deleteMany({}); // the earlier test's live conversation has expired by now
  const erased: string[] = [];
  const runtime = await purgingRuntime(erased, () => now, 2);
  for (const key of ['backlog-1', 'backlog-2', 'backlog-3', 'backlog-4', 'backlog-5']) {
    await runtime.handleTurn({ channel: 'sms', conversationKey: key, providerMessageId: `${key}-m`, text: 'hi', receivedAt: now });
  }
  now = new Date(now.getTime() + 2 * 3_600_000);

  const runs = [await runtime.purgeExpired(), await runtime.purgeExpired(), await runtime.purgeExpired(), await runtime.purgeExpired()];
  expect(runs.map((r) => r.sessions)).toEqual([2, 2, 1, 0]);
  expect([...erased].sort()).toEqual(['backlog-1', 'backlog-2', 'backlog-3', 'backlog-4', 'backlog-5']);
  expect(await db.connection.collection('sessions').countDocuments({ conversationKey: /^backlog-/ })).toBe(0);
  await runtime.stop();
});
