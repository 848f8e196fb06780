// Two instances of the service on one database, as production runs them behind a load balancer: nothing
// a person sends may be lost or applied twice, one conversation makes one case, a case changes once, and one
// instance at a time holds a scheduled job's lease. (The per-conversation queue inside an instance cannot
// help here: only the database's atomic operations can.)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMongoCaseRepository } from '../../src/cases/case.mongo';
import { createServices, type Services } from '../../src/compose';
import { loadConfig } from '../../src/config';
import type { InboundMessage } from '../../src/conversation/types';
import { createLeaseStore } from '../../src/db/lease.mongo';
import { createLogger } from '../../src/log/logger';
import { draftInput } from '../cases/support/drafts';
import { openTestDatabase, uniqueDbName } from '../support/database';

type Db = Awaited<ReturnType<typeof openTestDatabase>>;
let dbA: Db;
let dbB: Db;
let a: Services;
let b: Services;

beforeAll(async () => {
  const name = uniqueDbName();
  // Two connections to the same database, as two processes would have.
  [dbA, dbB] = await Promise.all([openTestDatabase(name), openTestDatabase(name)]);
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'two-')) });
  const logger = createLogger({ level: 'silent' });
  a = await createServices({ config, logger, database: dbA }, { scheduler: false });
  b = await createServices({ config, logger, database: dbB }, { scheduler: false });
  await a.start();
  await b.start();
});

afterAll(async () => {
  await a.stop();
  await b.stop();
  await dbB.close();
  await dbA.drop();
});

const message = (conversationKey: string, id: string, text: string): InboundMessage => ({
  channel: 'webchat',
  conversationKey,
  providerMessageId: id,
  text,
  receivedAt: new Date(),
});

it('applies every message of one conversation exactly once when the two instances take them at the same time', async () => {
  const key = 'two-instances-conversation';
  await a.handleTurn(message(key, 'm-0', 'hi'));
  const texts = ['2', 'what', 'hello?', 'are you there', 'help me', 'ok', 'yes', 'no'];
  const results = await Promise.all(texts.map((text, i) => (i % 2 === 0 ? a : b).handleTurn(message(key, `m-${i + 1}`, text))));
  expect(results.every((r) => !r.duplicate && r.prompts.length > 0)).toBe(true);
  const session = await dbA.connection.collection('sessions').findOne({ _id: key as never });
  // One save per message: nothing lost, nothing applied twice.
  expect(session?.['revision']).toBe(texts.length + 1);
  expect(await dbA.connection.collection('inbound_messages').countDocuments({ conversationKey: key })).toBe(texts.length + 1);
});

it('gives a message retried to both instances at once the same answer, and applies it once', async () => {
  const key = 'two-instances-retry';
  await b.handleTurn(message(key, 'r-0', 'hi'));
  const [first, second] = await Promise.all([a.handleTurn(message(key, 'r-1', '2')), b.handleTurn(message(key, 'r-1', '2'))]);
  expect(first!.prompts.map((p) => p.key)).toEqual(second!.prompts.map((p) => p.key));
  expect([first!.duplicate, second!.duplicate].filter(Boolean)).toHaveLength(1);
  expect((await dbA.connection.collection('sessions').findOne({ _id: key as never }))?.['revision']).toBe(2);
});

it('makes one case when both instances submit the same conversation, and lets one of two officers change it', async () => {
  const report = draftInput();
  const results = await Promise.all([a.cases.submitReport(report), b.cases.submitReport(report), a.cases.submitReport(report), b.cases.submitReport(report)]);
  expect(new Set(results.map((r) => r.reference)).size).toBe(1);
  expect(results.filter((r) => r.created)).toHaveLength(1);
  expect(await dbA.connection.collection('cases').countDocuments({ sessionId: report.sessionId })).toBe(1);

  // Two officers, one on each instance, acknowledge the case as they both saw it (revision 0): one change is made.
  const caseId = results[0]!.caseId;
  const changes = await Promise.all([
    createMongoCaseRepository(dbA.connection).change(caseId, 0, { status: 'acknowledged' }, { at: new Date(), type: 'status.acknowledged', actor: 'officer-a' }),
    createMongoCaseRepository(dbB.connection).change(caseId, 0, { status: 'acknowledged' }, { at: new Date(), type: 'status.acknowledged', actor: 'officer-b' }),
  ]);
  expect(changes.sort()).toEqual(['changed', 'conflict']);
  const history = (await a.cases.getCase(caseId))!.events.filter((e) => e.type === 'status.acknowledged');
  expect(history).toHaveLength(1);
});

it('lets one instance at a time hold a scheduled job\'s lease, and the other take it once it runs out', async () => {
  const leasesA = createLeaseStore(dbA.connection);
  const leasesB = createLeaseStore(dbB.connection);
  const now = new Date('2026-06-01T09:00:00Z');
  const race = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? leasesA : leasesB).acquire('housekeeping-test', `instance-${i % 2}`, 60_000, now)));
  expect(race.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  const holder = race.findIndex(Boolean) % 2;
  // Only the holder's own calls may have succeeded (a renewal), never the other instance's.
  expect(race.every((won, i) => !won || i % 2 === holder)).toBe(true);
  const other = holder === 0 ? leasesB : leasesA;
  expect(await other.acquire('housekeeping-test', `instance-${1 - holder}`, 60_000, new Date(now.getTime() + 30_000))).toBe(false);
  expect(await other.acquire('housekeeping-test', `instance-${1 - holder}`, 60_000, new Date(now.getTime() + 61_000))).toBe(true);
});
