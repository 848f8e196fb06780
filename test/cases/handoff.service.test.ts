import { randomBytes } from 'node:crypto';
import { createHandoffService } from '../../src/cases/handoff.service';
import { createMongoHandoffRepository } from '../../src/cases/handoff.mongo';
import { createMongoHandoffLog } from '../../src/cases/handoff-messages.mongo';
import { createFieldCipher } from '../../src/crypto/field-cipher';
import { loadPolicyPack } from '../../src/policy/load';
import { openTestDatabase } from '../support/database';

const pack = loadPolicyPack('seven-locks-housing');
const cipher = createFieldCipher(new Map([['k1', randomBytes(32)]]), 'k1');
let clock = new Date('2026-11-23T10:00:00Z');
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let handoffs: ReturnType<typeof createHandoffService>;

beforeAll(async () => {
  db = await openTestDatabase();
  handoffs = createHandoffService({ repository: createMongoHandoffRepository(db.connection), log: createMongoHandoffLog(db.connection), pack, cipher, now: () => clock });
  await handoffs.ensureIndexes();
});
afterAll(async () => db.drop());

const request = (key: string, reason: 'asked' | 'danger' = 'asked') => ({
  key,
  sessionId: `s-${key}`,
  conversationKey: `c-${key}`,
  channel: 'sms' as const,
  reason,
  summary: { incident: { categoryId: 'harassment', description: 'He keeps following me home.', hateMotivations: [], domesticAbuseForms: [] } },
  unmatched: ['at the bus stop on Mill Lane'],
});

describe('handing a conversation to a person', () => {
  it.each([
    ['Monday 10:00', '2026-11-23T10:00:00Z', 'in_hours'],
    ['Friday 16:59', '2026-11-20T16:59:00Z', 'in_hours'],
    ['Friday 17:00', '2026-11-20T17:00:00Z', 'next_working_day'],
    ['Saturday', '2026-11-21T12:00:00Z', 'next_working_day'],
    ['Boxing Day substitute (Monday 28 December)', '2026-12-28T11:00:00Z', 'next_working_day'],
  ])('%s: a person replies %s', async (_when, at, expected) => {
    clock = new Date(at);
    expect((await handoffs.requestHandoff(request(`k-${at}`))).expectedReply).toBe(expected);
  });

  it('asks once per key: a retry gets the first answer even if the clock moved on', async () => {
    clock = new Date('2026-11-23T16:59:00Z');
    const first = await handoffs.requestHandoff(request('retry-key'));
    clock = new Date('2026-11-23T17:30:00Z');
    const again = await handoffs.requestHandoff(request('retry-key'));
    expect(again).toEqual({ ...first, created: false });
    expect(first).toMatchObject({ expectedReply: 'in_hours', created: true });
    expect(await db.connection.db!.collection('handoffs').countDocuments({ _id: 'retry-key' as never })).toBe(1);
  });

  it('keeps the summary sealed in the database and open to staff, danger first in the queue', async () => {
    clock = new Date('2026-11-24T09:00:00Z');
    await handoffs.requestHandoff(request('danger-key', 'danger'));
    const doc = await db.connection.db!.collection('handoffs').findOne({ _id: 'danger-key' as never });
    expect(JSON.stringify(doc)).not.toContain('following me');
    expect(JSON.stringify(doc)).not.toContain('Mill Lane');
    const waiting = await handoffs.listWaiting();
    expect(waiting[0]).toMatchObject({ id: 'danger-key', reason: 'danger', unmatched: ['at the bus stop on Mill Lane'], summary: { incident: { description: 'He keeps following me home.' } } });
  });
});
