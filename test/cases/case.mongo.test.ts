import { createMongoCaseRepository } from '../../src/cases/case.mongo';
import { openTestDatabase } from '../support/database';
import { caseRepositoryContract, sampleCase } from './case-repository.contract';

caseRepositoryContract('mongoose on the real database', async () => {
  const db = await openTestDatabase();
  return { repo: createMongoCaseRepository(db.connection), close: () => db.drop() };
});

describe('mongoose case repository: retention', () => {
  it('purging expired cases removes them with their history, and keeps cases still held', async () => {
    const db = await openTestDatabase();
    try {
      const repo = createMongoCaseRepository(db.connection);
      await repo.ensureIndexes();
      const closedAt = new Date('2020-01-01T10:00:00Z');
      const expired = [sampleCase({ sla: { closedAt } }), sampleCase({ sla: { closedAt } })];
      const kept = sampleCase({ sla: { closedAt } });
      for (const c of [...expired, kept]) {
        await repo.insert(c);
        const at = new Date('2020-01-01T10:00:00Z');
        await repo.change(c.id, 0, { status: 'closed', outcome: 'resolved', sla: { closedAt } }, { at, type: 'status.closed', actor: 'staff-1' });
      }
      await db.connection.collection('cases').updateOne({ _id: kept.id as never }, { $set: { 'category.kind': 'domestic_abuse' } });

      const purged = await repo.purgeClosedBefore('asb', new Date('2021-01-01T00:00:00Z'), 100);

      expect([...purged].sort()).toEqual(expired.map((c) => c.id).sort());
      for (const c of expired) expect(await repo.findById(c.id)).toBeUndefined();
      expect(await db.connection.collection('case_events').countDocuments({ caseId: { $in: expired.map((c) => c.id) } })).toBe(0);
      expect((await repo.findById(kept.id))?.events.map((e) => e.type)).toContain('status.closed');
    } finally {
      await db.drop();
    }
  });
});

describe('mongoose case repository: a crash between a case and its queue row', () => {
  it('the next start puts a new case the queue missed into it, and takes out one closed just before the crash', async () => {
    const db = await openTestDatabase();
    try {
      const before = createMongoCaseRepository(db.connection);
      await before.ensureIndexes();
      const stillOpen = sampleCase();
      const closedInCrash = sampleCase({ teamId: stillOpen.teamId });
      await before.insert(stillOpen);
      await before.insert(closedInCrash);
      // The process dies after writing the case and before its queue row: a report nobody would see ...
      const unseen = sampleCase({ teamId: stillOpen.teamId });
      const { id, events: _events, alerts: _alerts, ...rest } = unseen;
      await db.connection.collection('cases').insertOne({ _id: id as never, ...rest, updatedAt: new Date() });
      // ... and a case closed whose row stayed in the queue.
      await db.connection.collection('cases').updateOne({ _id: closedInCrash.id as never }, { $set: { status: 'closed', updatedAt: new Date() } });
      expect((await before.listQueue(stillOpen.teamId, {}, 50)).map((r) => r.id).sort()).toEqual([stillOpen.id, closedInCrash.id].sort());

      const restarted = createMongoCaseRepository(db.connection);
      await restarted.ensureIndexes();

      expect((await restarted.listQueue(stillOpen.teamId, {}, 50)).map((r) => r.id).sort()).toEqual([stillOpen.id, unseen.id].sort());
    } finally {
      await db.drop();
    }
  });
});
