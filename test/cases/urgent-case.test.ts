// The urgent case opened before the person finishes, through the case service on the real database: in the
// staff queue at once with an alert, brought up to date by every later answer without undoing what staff have
// done, never made less urgent by the conversation once someone has picked it up (before that, a correction
// that takes the high risk away makes it less urgent, in its history), and completed (not duplicated) when the
// report is sent.
import { createMongoCaseRepository } from '../../src/cases/case.mongo';
import { createCaseService } from '../../src/cases/case.service';
import { createMongoReportKeyStore } from '../../src/cases/report-keys.mongo';
import { createMongoSignpostedStore } from '../../src/cases/signposted.mongo';
import { createTranslations } from '../../src/conversation/i18n';
import { createFieldCipher } from '../../src/crypto/field-cipher';
import { contactHash } from '../../src/crypto/keyed-hash';
import { loadPolicyPack } from '../../src/policy/load';
import { openTestDatabase } from '../support/database';
import { dashAnswers, draftInput } from './support/drafts';

const pack = loadPolicyPack('one-vision-housing');
const PHONE = '+447700900456';
let clock = new Date('2026-12-04T18:30:00Z');
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let cases: ReturnType<typeof createCaseService>;
let repo: ReturnType<typeof createMongoCaseRepository>;

beforeAll(async () => {
  db = await openTestDatabase();
  repo = createMongoCaseRepository(db.connection);
  cases = createCaseService({
    repository: repo,
    reportKeys: createMongoReportKeyStore(db.connection),
    signposted: createMongoSignpostedStore(db.connection),
    pack,
    cipher: createFieldCipher(new Map([['k1', Buffer.alloc(32, 7)]]), 'k1'),
    hashSecret: 'h'.repeat(32),
    translate: createTranslations().tFor('en'),
    now: () => clock,
  });
  await cases.ensureIndexes();
});
afterAll(async () => db.drop());

/** Half-way through a domestic-abuse report: the checklist answered, nothing else yet. */
function halfWay(sessionId: string, extra: Parameters<typeof draftInput>[0] = {}) {
  return draftInput({ sessionId, anonymity: 'confidential', safeContact: { channels: [] }, incident: { categoryId: 'domesticAbuse', description: 'He hurts me.' }, risk: { dash: { answers: dashAnswers(14), completed: false } }, ...extra });
}

test('opens at once as urgent, in the queue with an alert that it is still being written, due within hours round the clock', async () => {
  const { caseId, reference } = await cases.openUrgentCase(halfWay('urgent-1'), { conversationKey: 'conv-u1', senderAddress: PHONE });
  const [row] = (await repo.listQueue('communitySafety', {}, 50)).filter((r) => r.id === caseId);
  expect(row).toMatchObject({ reference, priority: 'urgent', partial: true, openAlerts: 1, flags: expect.objectContaining({ marac: true }) });
  const view = await cases.getCase(caseId);
  expect(view?.alerts.map((a) => a.type)).toEqual(['urgent_in_progress']);
  // Friday 18:30: four hours round the clock, through the duty route; not the next working day.
  expect(view?.firstResponseDue).toEqual(new Date('2026-12-04T22:30:00Z'));
  // The number it came from finds it (STOP on an open high-risk case alerts it).
  expect(await cases.findOpenCasesByContactHash(contactHash('h'.repeat(32), PHONE))).toEqual([expect.objectContaining({ id: caseId, highRisk: true })]);
});

test('later answers update the same case, keep what staff did, and never lower its priority; sending completes it', async () => {
  const opened = await cases.openUrgentCase(halfWay('urgent-2'), { conversationKey: 'conv-u2' });
  // An officer picks it up at once.
  const first = await repo.findById(opened.caseId);
  expect(await repo.change(opened.caseId, first!.revision, { status: 'acknowledged', assignedTo: 'officer-1' }, { at: clock, type: 'status.acknowledged', actor: 'officer-1' })).toBe('changed');

  clock = new Date(clock.getTime() + 10 * 60_000);
  // She corrects the report to something that would not be urgent on its own, and adds where it happens.
  const again = await cases.openUrgentCase(halfWay('urgent-2', { incident: { categoryId: 'asb', description: 'Noise.', where: { text: 'Flat 2' } }, risk: {} }), { conversationKey: 'conv-u2' });
  expect(again).toEqual(opened);
  const updated = await cases.getCase(opened.caseId);
  expect(updated).toMatchObject({ status: 'acknowledged', assignedTo: 'officer-1', priority: 'urgent', partial: true, incident: { where: 'Flat 2' }, category: { id: 'asb' } });
  expect(updated?.risk.dash).toBeUndefined();

  const sent = await cases.submitReport(halfWay('urgent-2', { safeContact: { channels: ['phone'], phone: PHONE } }), { conversationKey: 'conv-u2' });
  expect(sent).toMatchObject({ caseId: opened.caseId, reference: opened.reference, created: false, signposted: false, submitted: { contactable: true } });
  const done = await cases.getCase(opened.caseId);
  expect(done).not.toHaveProperty('partial');
  expect(done?.events.map((e) => e.type)).toEqual(['case.created', 'case.openedEarly', 'status.acknowledged', 'report.completed']);
  expect(await db.connection.collection('cases').countDocuments({ sessionId: 'urgent-2' })).toBe(1);
  // Sending again (a retry) changes nothing.
  expect(await cases.submitReport(halfWay('urgent-2'), { conversationKey: 'conv-u2' })).toMatchObject({ caseId: opened.caseId, created: false });
});

test('completed as anonymous, the case keeps nothing that leads back to the sender', async () => {
  const opened = await cases.openUrgentCase(halfWay('urgent-3'), { conversationKey: 'conv-u3', senderAddress: PHONE });
  expect(await db.connection.collection('cases').findOne({ _id: opened.caseId as never })).toMatchObject({ conversationKey: 'conv-u3' });
  await cases.submitReport(halfWay('urgent-3', { anonymity: 'anonymous' }), { conversationKey: 'conv-u3' });
  const stored = await db.connection.collection('cases').findOne({ _id: opened.caseId as never });
  expect(stored).toMatchObject({ anonymity: 'anonymous', contactHashes: [] });
  expect(stored).not.toHaveProperty('conversationKey');
});

test('corrected before anyone picked it up (domestic abuse with every answer yes, now noise): no longer urgent, no MARAC or child flags, and the history says why', async () => {
  const opened = await cases.openUrgentCase(halfWay('urgent-4', { risk: { dash: { answers: dashAnswers(24), completed: true } }, vulnerability: { childrenInvolved: 'yes' } }), { conversationKey: 'conv-u4' });
  const [before] = (await repo.listQueue('communitySafety', {}, 50)).filter((r) => r.id === opened.caseId);
  expect(before).toMatchObject({ priority: 'urgent', flags: expect.objectContaining({ marac: true, childAtRisk: true }) });

  const noise = { incident: { categoryId: 'asb', subcategoryId: 'noise', description: 'Loud music.' }, risk: {}, vulnerability: {} };
  await cases.openUrgentCase(halfWay('urgent-4', noise), { conversationKey: 'conv-u4' });
  const corrected = await cases.getCase(opened.caseId);
  expect(corrected).toMatchObject({ priority: 'normal', category: { id: 'asb' }, triage: { flags: expect.objectContaining({ marac: false, childAtRisk: false }) } });
  expect(corrected?.risk.dash).toBeUndefined();
  expect(corrected?.events.at(-1)).toMatchObject({ type: 'report.corrected', actor: 'reporter', note: expect.stringMatching(/no longer make it urgent, so it is now normal/) });
  // The queue shows it as it is now: one case, not urgent.
  const rows = (await repo.listQueue('neighbourhoodServices', {}, 50)).filter((r) => r.id === opened.caseId);
  expect(rows).toEqual([expect.objectContaining({ priority: 'normal', flags: expect.objectContaining({ marac: false }) })]);
});
