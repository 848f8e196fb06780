// The contract every CaseRepository must meet, run against the real database by each implementation's
// test file (concurrency included).
import { randomUUID } from 'node:crypto';
import { DuplicateCaseError, type CaseEvent, type CaseRecord, type CaseRepository } from '../../src/cases/case.repository';

export function sampleCase(overrides: Partial<CaseRecord> = {}): CaseRecord {
  const now = new Date('2026-11-23T10:00:00Z');
  const id = randomUUID();
  return {
    id,
    reference: `T${id.slice(0, 3).toUpperCase()}-${id.slice(4, 8).toUpperCase()}`,
    landlordId: 'one-vision-housing',
    channel: 'sms',
    locale: 'en',
    sessionId: `session-${id}`,
    conversationKey: `conv-${id}`,
    category: { id: 'asb', kind: 'asb', subcategoryId: 'noise', hateMotivations: [], domesticAbuseForms: [] },
    incident: { description: 'v1:k:iv:tag:ct', ongoing: 'yes' },
    perpetrator: { known: 'no' },
    reporter: { role: 'victim', identity: 'v1:k:iv:tag:name' },
    consent: {},
    anonymity: 'named',
    identityAccess: 'all_staff',
    identityFields: ['reporter.identity'],
    contactHashes: [],
    safety: { immediateDangerAtStart: false, safeToTalk: true },
    police: {},
    evidence: { mediaIds: [] },
    vulnerability: {},
    risk: { level: 'standard', hateIncident: false, harassmentCourseOfConduct: false },
    triage: {
      at: now,
      disposition: 'case',
      teamKey: 'policy:team.neighbourhoodServices',
      reasons: [{ text: 'Low level ASB goes to the NSOs.', source: 'OVH 3.2.3' }],
      rules: [],
      flags: { marac: false, maracCriteria: [], riskIndicators: [], repeatVictim: false, childAtRisk: false, adultAtRisk: false, communityTriggerCandidate: false },
      helplineIds: [],
    },
    teamId: 'neighbourhoodServices',
    priority: 'normal',
    priorityRank: 3,
    status: 'new',
    revision: 0,
    firstResponseDue: new Date('2026-11-24T17:00:00Z'),
    sla: {},
    events: [{ at: now, type: 'created', actor: 'system' }],
    alerts: [],
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

const event = (type: string, at = new Date('2026-11-23T11:00:00Z')): CaseEvent => ({ at, type, actor: 'staff-1' });

export function caseRepositoryContract(name: string, open: () => Promise<{ repo: CaseRepository; close: () => Promise<void> }>): void {
  describe(`CaseRepository contract: ${name}`, () => {
    let repo: CaseRepository;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ repo, close } = await open());
      await repo.ensureIndexes();
    });
    afterAll(async () => close());

    it('stores a case and finds it again by id, reference and session id, dates and all', async () => {
      const record = sampleCase();
      await repo.insert(record);
      expect(await repo.findById(record.id)).toEqual(record);
      expect(await repo.findByReference(record.reference)).toEqual(record);
      expect(await repo.findBySessionId(record.sessionId)).toEqual(record);
      expect(await repo.findByReference('NONE-XXXX')).toBeUndefined();
    });

    it('locates a case by id or reference with its current status, and nothing for an unknown one', async () => {
      const record = sampleCase({ status: 'acknowledged' });
      await repo.insert(record);
      expect(await repo.locate({ id: record.id })).toEqual({ id: record.id, reference: record.reference, status: 'acknowledged' });
      expect(await repo.locate({ reference: record.reference })).toEqual({ id: record.id, reference: record.reference, status: 'acknowledged' });
      expect(await repo.locate({ reference: 'NONE-XXXX' })).toBeUndefined();
      expect(await repo.locate({ id: 'no-such-case' })).toBeUndefined();
    });

    it('refuses a second case for the same conversation, and a reused reference', async () => {
      const first = sampleCase();
      await repo.insert(first);
      await expect(repo.insert(sampleCase({ sessionId: first.sessionId }))).rejects.toEqual(new DuplicateCaseError('sessionId'));
      await expect(repo.insert(sampleCase({ reference: first.reference }))).rejects.toEqual(new DuplicateCaseError('reference'));
    });

    it('lets exactly one of many concurrent inserts for one conversation win', async () => {
      const sessionId = `race-${randomUUID()}`;
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => repo.insert(sampleCase({ sessionId }))));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toEqual(new DuplicateCaseError('sessionId'));
    });

    it('finds the open cases on a contact hash and counts reports from it in a window', async () => {
      const hash = `hash-${randomUUID()}`;
      const openCase = sampleCase({ contactHashes: [hash, 'other'], createdAt: new Date('2026-09-01T10:00:00Z') });
      const closedCase = sampleCase({ contactHashes: [hash], status: 'closed', outcome: 'resolved', createdAt: new Date('2026-10-01T10:00:00Z') });
      const old = sampleCase({ contactHashes: [hash], status: 'closed', createdAt: new Date('2025-01-01T10:00:00Z') });
      for (const c of [openCase, closedCase, old, sampleCase()]) await repo.insert(c);
      expect((await repo.findOpenByContactHash(hash)).map((c) => c.id)).toEqual([openCase.id]);
      expect(await repo.countByContactHashSince(hash, new Date('2026-05-23T00:00:00Z'))).toBe(2);
      expect(await repo.findOpenByContactHash(`hash-${randomUUID()}`)).toEqual([]);
    });

    it("lists a team's open queue by priority, then soonest due first, cases with no due date last in their priority", async () => {
      const teamId = `team-${randomUUID()}`;
      const late = sampleCase({ teamId, firstResponseDue: new Date('2026-11-30T17:00:00Z') });
      const soon = sampleCase({ teamId, firstResponseDue: new Date('2026-11-24T17:00:00Z'), status: 'acknowledged', assignedTo: 'staff-1' });
      const undated = sampleCase({ teamId, firstResponseDue: undefined });
      const urgentLate = sampleCase({ teamId, priority: 'urgent', priorityRank: 1, firstResponseDue: new Date('2026-12-04T17:00:00Z'), channel: 'webchat' });
      const closed = sampleCase({ teamId, status: 'closed' });
      const { firstResponseDue: _drop, ...noDue } = undated;
      for (const c of [late, noDue as CaseRecord, soon, closed, urgentLate]) await repo.insert(c);
      expect((await repo.listQueue(teamId, {}, 10)).map((c) => c.id)).toEqual([urgentLate.id, soon.id, late.id, undated.id]);
      expect((await repo.listQueue(teamId, {}, 2)).map((c) => c.id)).toEqual([urgentLate.id, soon.id]);
      expect((await repo.listQueue(teamId, { assignedTo: 'staff-1' }, 10)).map((c) => c.id)).toEqual([soon.id]);
      expect((await repo.listQueue(teamId, { assignedTo: null }, 10)).map((c) => c.id)).toEqual([urgentLate.id, late.id, undated.id]);
      expect((await repo.listQueue(teamId, { channel: 'webchat' }, 10)).map((c) => c.id)).toEqual([urgentLate.id]);
      expect((await repo.listQueue(teamId, { statuses: ['acknowledged'] }, 10)).map((c) => c.id)).toEqual([soon.id]);
      const [row] = await repo.listQueue(teamId, { channel: 'webchat' }, 1);
      expect(row).not.toHaveProperty('incident');
      expect(row).not.toHaveProperty('reporter');
    });

    it("changes the queue's version when a case in it changes, arrives or leaves", async () => {
      const teamId = `team-${randomUUID()}`;
      const first = sampleCase({ teamId });
      await repo.insert(first);
      const before = await repo.queueVersion(teamId);
      expect(before.open).toBe(1);
      await repo.insert(sampleCase({ teamId, updatedAt: new Date('2026-11-20T10:00:00Z') }));
      const arrived = await repo.queueVersion(teamId);
      expect(arrived.open).toBe(2);
      expect(arrived.version).not.toBe(before.version);
      expect(await repo.change(first.id, 0, { assignedTo: 'staff-2' }, event('assigned', new Date('2026-11-23T11:00:00Z')))).toBe('changed');
      const changed = await repo.queueVersion(teamId);
      expect(changed.version).not.toBe(arrived.version);
      expect(await repo.queueVersion(teamId)).toEqual(changed);
    });

    it('appends to the history without rewriting it, and adds alerts', async () => {
      const record = sampleCase();
      await repo.insert(record);
      expect(await repo.appendEvent(record.id, event('note.added'), new Date('2026-11-23T11:00:00Z'))).toBe(true);
      expect(await repo.addAlert(record.id, { id: 'a1', at: new Date('2026-11-23T12:00:00Z'), type: 'stop_keyword', detail: 'Reporter texted STOP' }, event('alert.added'))).toBe(true);
      const stored = await repo.findById(record.id);
      expect(stored?.events.map((e) => e.type)).toEqual(['created', 'note.added', 'alert.added']);
      expect(stored?.alerts).toEqual([{ id: 'a1', at: new Date('2026-11-23T12:00:00Z'), type: 'stop_keyword', detail: 'Reporter texted STOP' }]);
      expect(await repo.appendEvent('no-such-case', event('x'), new Date())).toBe(false);
    });

    it('changes a case by compare-and-set on its revision: of two staff acting at once, one wins', async () => {
      const record = sampleCase();
      await repo.insert(record);
      const at = new Date('2026-11-23T13:00:00Z');
      const results = await Promise.all([
        repo.change(record.id, 0, { status: 'acknowledged', sla: { acknowledgedAt: at } }, event('status.acknowledged', at)),
        repo.change(record.id, 0, { assignedTo: 'staff-9' }, event('assigned', at)),
      ]);
      expect(results.sort()).toEqual(['changed', 'conflict']);
      expect(await repo.change(record.id, 1, { status: 'closed', outcome: 'resolved', assignedTo: null, sla: { closedAt: at } }, event('status.closed', at))).toBe('changed');
      expect(await repo.change(record.id, 1, { status: 'new' }, event('status.new', at))).toBe('conflict');
      expect(await repo.change('no-such-case', 0, { status: 'new' }, event('status.new', at))).toBe('missing');
      const stored = await repo.findById(record.id);
      expect(stored).toMatchObject({ status: 'closed', outcome: 'resolved', revision: 2 });
      // A closed case leaves the queue.
      expect((await repo.listQueue(record.teamId, {}, 500)).map((r) => r.id)).not.toContain(record.id);
      expect(stored?.assignedTo ?? null).toBeNull();
      expect(stored?.events).toHaveLength(3);
    });

    it('counts open alerts on the case and acknowledges each once', async () => {
      const record = sampleCase();
      await repo.insert(record);
      const at = new Date('2026-11-23T12:00:00Z');
      await repo.addAlert(record.id, { id: `a-${record.id}`, at, type: 'stop_keyword', detail: 'Reporter texted STOP' }, event('alert.added', at));
      expect((await repo.listQueue(record.teamId, {}, 50)).find((r) => r.id === record.id)?.openAlerts).toBe(1);
      const acks = await Promise.all([1, 2].map(() => repo.acknowledgeAlert(record.id, `a-${record.id}`, at, event('alert.acknowledged', at))));
      expect(acks.sort()).toEqual([false, true]);
      expect((await repo.listQueue(record.teamId, {}, 50)).find((r) => r.id === record.id)?.openAlerts).toBe(0);
      expect((await repo.findById(record.id))?.alerts[0]?.acknowledgedAt).toEqual(at);
    });

    it('loses nothing when many changes to one case arrive at once', async () => {
      const record = sampleCase();
      await repo.insert(record);
      const at = new Date('2026-11-23T15:00:00Z');
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) => repo.appendEvent(record.id, event(`note.${i}`), at)),
        repo.change(record.id, 0, { status: 'acknowledged', sla: { acknowledgedAt: at } }, event('status.acknowledged', at)),
        repo.setSlaOnce(record.id, 'firstRespondedAt', at, event('responded', at)),
        repo.setSlaOnce(record.id, 'appointmentOfferedAt', at, event('appointment.offered', at)),
      ]);
      const stored = await repo.findById(record.id);
      expect(stored?.sla).toMatchObject({ firstRespondedAt: at, appointmentOfferedAt: at });
      expect(stored?.events.length).toBeGreaterThanOrEqual(1 + 10 + 2);
    });

    it('purges closed cases of a kind after their retention, with their history, and nothing else', async () => {
      const closedAt = new Date('2020-01-01T10:00:00Z');
      const expired = sampleCase({ status: 'closed', outcome: 'resolved', sla: { closedAt } });
      const otherKind = sampleCase({ status: 'closed', sla: { closedAt }, category: { id: 'domesticAbuse', kind: 'domestic_abuse', hateMotivations: [], domesticAbuseForms: [] } });
      const recent = sampleCase({ status: 'closed', sla: { closedAt: new Date('2026-11-01T10:00:00Z') } });
      const stillOpen = sampleCase({ createdAt: closedAt });
      for (const c of [expired, otherKind, recent, stillOpen]) await repo.insert(c);
      await repo.appendEvent(expired.id, event('note'), new Date());
      const purged = await repo.purgeClosedBefore('asb', new Date('2021-01-01T00:00:00Z'), 100);
      expect(purged).toContain(expired.id);
      expect(purged).not.toEqual(expect.arrayContaining([otherKind.id]));
      expect(await repo.findById(expired.id)).toBeUndefined();
      for (const kept of [otherKind, recent, stillOpen]) expect(await repo.findById(kept.id)).toBeDefined();
    });

    it('records an SLA time only the first time', async () => {
      const record = sampleCase();
      await repo.insert(record);
      const first = new Date('2026-11-23T14:00:00Z');
      expect(await repo.setSlaOnce(record.id, 'firstRespondedAt', first, event('responded', first))).toBe(true);
      expect(await repo.setSlaOnce(record.id, 'firstRespondedAt', new Date('2026-11-24T09:00:00Z'), event('responded'))).toBe(false);
      expect((await repo.findById(record.id))?.sla.firstRespondedAt).toEqual(first);
    });
  });
}
