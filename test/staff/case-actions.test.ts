// What officers do to a case, on the real database: the status lifecycle with the pack's outcome codes, a
// change against an older revision refused, assignment within the team, re-triage with a reason, the first
// response stopping the clock once; and what they write kept sealed.
import { createMongoCaseRepository } from '../../src/cases/case.mongo';
import type { CaseRecord } from '../../src/cases/case.repository';
import { createCaseService } from '../../src/cases/case.service';
import { createMongoReportKeyStore } from '../../src/cases/report-keys.mongo';
import { createMongoSignpostedStore } from '../../src/cases/signposted.mongo';
import { createTranslations } from '../../src/conversation/i18n';
import { createFieldCipher } from '../../src/crypto/field-cipher';
import { loadPolicyPack } from '../../src/policy/load';
import { createMongoAuditStore } from '../../src/staff/audit/audit.mongo';
import { createAuditLog } from '../../src/staff/audit/audit.service';
import { createCaseActions } from '../../src/staff/cases/case-actions';
import { draftInput } from '../cases/support/drafts';
import { openTestDatabase } from '../support/database';

const pack = loadPolicyPack('one-vision-housing');
const cipher = createFieldCipher(new Map([['k1', Buffer.alloc(32, 3)]]), 'k1');
const officer = { user: { id: 'officer-1', displayName: 'Officer', teamId: 'neighbourhoodServices', roles: ['nso'] }, from: '127.0.0.1' };
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let repo: ReturnType<typeof createMongoCaseRepository>;
let actions: ReturnType<typeof createCaseActions>;
let cases: ReturnType<typeof createCaseService>;

beforeAll(async () => {
  db = await openTestDatabase();
  repo = createMongoCaseRepository(db.connection);
  cases = createCaseService({ repository: repo, reportKeys: createMongoReportKeyStore(db.connection), signposted: createMongoSignpostedStore(db.connection), pack, cipher, hashSecret: 'h'.repeat(32), translate: createTranslations().tFor('en') });
  await cases.ensureIndexes();
  const audit = createAuditLog(createMongoAuditStore(db.connection));
  actions = createCaseActions({ repository: repo, cipher, audit, pack, isColleague: async (id, team) => ['officer-1', 'officer-2'].includes(id) && team === 'neighbourhoodServices', now: () => new Date() });
});
afterAll(async () => db.drop());

async function noiseCase(): Promise<CaseRecord> {
  const { caseId } = await cases.submitReport(draftInput({ safeContact: { channels: ['sms'], phone: '+447700900111' } }));
  return (await repo.findById(caseId))!;
}
const fresh = async (record: CaseRecord) => (await repo.findById(record.id))!;

it('moves a case new → acknowledged → investigating → action plan agreed → closed, one step at a time, closing only with a pack outcome', async () => {
  let record = await noiseCase();
  expect(await actions.changeStatus(record, officer, record.revision, 'investigating')).toMatchObject({ ok: false, problem: 'invalid' });
  for (const next of ['acknowledged', 'investigating', 'action_plan_agreed']) {
    expect(await actions.changeStatus(record, officer, record.revision, next)).toEqual({ ok: true });
    record = await fresh(record);
    expect(record.status).toBe(next);
  }
  expect(await actions.changeStatus(record, officer, record.revision, 'closed')).toMatchObject({ ok: false, field: 'outcome' });
  expect(await actions.changeStatus(record, officer, record.revision, 'closed', 'madeUpOutcome')).toMatchObject({ ok: false, field: 'outcome' });
  expect(await actions.changeStatus(record, officer, record.revision, 'closed', 'resolvedMediation')).toEqual({ ok: true });
  record = await fresh(record);
  expect(record).toMatchObject({ status: 'closed', outcome: 'resolvedMediation' });
  expect(record.sla.acknowledgedAt).toBeInstanceOf(Date);
  expect(record.sla.closedAt).toBeInstanceOf(Date);
  expect(await actions.changeStatus(record, officer, record.revision, 'acknowledged')).toMatchObject({ ok: false });
});

it('refuses a change made against the case as it was before someone else changed it, and changes nothing', async () => {
  const record = await noiseCase();
  expect(await actions.assign(record, officer, record.revision, officer.user.id)).toEqual({ ok: true });
  const stale = await actions.note(record, officer, record.revision, 'Visited, nobody in.');
  expect(stale).toEqual({ ok: false, problem: 'conflict', key: 'case.changedBySomeoneElse' });
  const after = await fresh(record);
  expect(after.events.some((e) => e.type === 'note.added')).toBe(false);
  expect(after.assignedTo).toBe('officer-1');
});

it('assigns only within the team, re-triages with a reason (moving team clears the assignee) and records the first response once', async () => {
  let record = await noiseCase();
  expect(await actions.assign(record, officer, record.revision, 'someone-in-another-team')).toMatchObject({ ok: false, field: 'assignee' });
  expect(await actions.assign(record, officer, record.revision, 'officer-2')).toEqual({ ok: true });
  record = await fresh(record);
  expect(await actions.recordFirstResponse(record, officer, record.revision, 'phoned at a safe time')).toEqual({ ok: true });
  record = await fresh(record);
  const stopped = record.sla.firstRespondedAt;
  expect(stopped).toBeInstanceOf(Date);
  expect(await actions.recordFirstResponse(record, officer, record.revision, 'again')).toMatchObject({ ok: false });
  expect(await actions.retriage(record, officer, record.revision, { teamId: 'communitySafety', priority: 'high', riskLevel: 'high', reason: '' })).toMatchObject({ ok: false, field: 'reason' });
  expect(await actions.retriage(record, officer, record.revision, { teamId: 'communitySafety', priority: 'high', riskLevel: 'high', reason: 'The neighbour threatened her with a knife on the phone call.' })).toEqual({ ok: true });
  record = await fresh(record);
  expect(record).toMatchObject({ teamId: 'communitySafety', priority: 'high', risk: { level: 'high' } });
  expect(record.assignedTo ?? null).toBeNull();
  expect(record.sla.firstRespondedAt).toEqual(stopped);
  // What the officer wrote is sealed in the database.
  const raw = JSON.stringify(await db.connection.collection('case_events').find({ caseId: record.id }).toArray());
  expect(raw).not.toContain('knife');
  expect(raw).not.toContain('safe time');
});
