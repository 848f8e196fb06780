import { randomBytes } from 'node:crypto';
import { createMongoReportKeyStore } from '../../src/cases/report-keys.mongo';
import { createMongoCaseRepository } from '../../src/cases/case.mongo';
import { createCaseService } from '../../src/cases/case.service';
import { createMongoSignpostedStore } from '../../src/cases/signposted.mongo';
import { createTranslations } from '../../src/conversation/i18n';
import { createFieldCipher } from '../../src/crypto/field-cipher';
import { contactHash } from '../../src/crypto/keyed-hash';
import { AppError } from '../../src/errors';
import { loadPolicyPack } from '../../src/policy/load';
import { openTestDatabase } from '../support/database';
import { dashAnswers, draftInput } from './support/drafts';

const pack = loadPolicyPack('one-vision-housing');
const hashSecret = 'h'.repeat(32);
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const cipher = createFieldCipher(new Map([['k1', oldKey]]), 'k1');
let clock = new Date('2026-11-23T10:00:00Z');
const now = () => clock;
const translate = createTranslations().tFor('en');

const PHONE = '+447700900123';
const NAME = 'Jordan Example';
const STORY = 'My neighbour threw a brick through my window and said he would be back.';
const CODE = 'bluebird';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let cases: ReturnType<typeof createCaseService>;
const raw = (reference: string) => db.connection.db!.collection('cases').findOne({ reference });
/** Staff close cases in the console (test/staff); here the repository does it directly. */
async function close(caseId: string): Promise<void> {
  const repo = createMongoCaseRepository(db.connection);
  const record = await repo.findById(caseId);
  expect(await repo.change(caseId, record!.revision, { status: 'closed', outcome: 'resolvedEarlyIntervention', sla: { closedAt: clock } }, { at: clock, type: 'status.closed', actor: 'staff-1' })).toBe('changed');
}

beforeAll(async () => {
  db = await openTestDatabase();
  cases = createCaseService({ repository: createMongoCaseRepository(db.connection), reportKeys: createMongoReportKeyStore(db.connection), signposted: createMongoSignpostedStore(db.connection), pack, cipher, hashSecret, translate, now });
  await cases.ensureIndexes();
});
afterAll(async () => db.drop());
beforeEach(() => {
  clock = new Date('2026-11-23T10:00:00Z');
});

function namedReport(extra: Parameters<typeof draftInput>[0] = {}) {
  return draftInput({
    reporter: { role: 'victim', person: { name: NAME, address: '1 Example Road' } },
    incident: { categoryId: 'asb', subcategoryId: 'threatsOrViolence', description: STORY, violenceOrThreats: 'yes', dangerRemaining: 'yes', where: { text: 'Outside 3 Example Road' } },
    safeContact: { channels: ['sms'], phone: PHONE, voicemailOk: false, othersReadMessages: false, codeWord: CODE, safeTimes: 'weekdays 10 to 2' },
    ...extra,
  });
}

describe('submitting a report', () => {
  it('makes a case with a reference that is easy to read over the phone, triaged and due by the policy', async () => {
    const result = await cases.submitReport(namedReport(), { conversationKey: 'conv-1', senderAddress: PHONE });
    expect(result.created).toBe(true);
    expect(result.signposted).toBe(false);
    expect(result.reference).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(result.submitted).toEqual({
      reference: result.reference,
      teamKey: 'policy:team.communitySafety',
      contactable: true,
      // Violence with a danger remaining (OVH 3.2.2) is urgent: within 4 hours, the same day.
      firstResponseDue: '2026-11-23',
      helplineIds: ['victimSupport'],
      noticeKeys: ['policy:notice.otherWaysToReport'],
    });
    const view = await cases.getCase(result.reference.toLowerCase().replace('-', ''));
    expect(view).toMatchObject({
      id: result.caseId,
      status: 'new',
      teamId: 'communitySafety',
      priority: 'urgent',
      conversationKey: 'conv-1',
      incident: { description: STORY, where: 'Outside 3 Example Road' },
      reporter: { identity: { name: NAME, address: '1 Example Road' } },
      safeContact: { channels: ['sms'], details: { phone: PHONE, codeWord: CODE } },
      identityWithheld: false,
    });
    expect(view?.triage.reasons.map((r) => r.source)).toEqual(expect.arrayContaining(['OVH 3.2.2']));
    // Staff read the due date in English, and the stored key and parameters let it be rendered again.
    expect(view?.triage.reasons).toEqual(
      expect.arrayContaining([
        {
          key: 'triage:reason.firstResponseHoursDuty',
          params: { count: 4, due: '2026-11-23 14:00', priority: 'urgent', route: 'OVH out-of-hours emergency duty officer (number set at deployment)' },
          text: 'Respond within 4 hours at any hour (urgent priority): by 2026-11-23 14:00. Out of hours: OVH out-of-hours emergency duty officer (number set at deployment).',
          source: expect.any(String),
        },
      ]),
    );
    expect(view?.events.map((e) => e.type)).toEqual(['case.created']);
  });

  it('keeps what happened, names, contact details, risk answers and the code word as ciphertext in the database', async () => {
    const result = await cases.submitReport(namedReport({ incident: { categoryId: 'domesticAbuse', description: STORY }, risk: { dash: { answers: dashAnswers(3), completed: true } } }), { senderAddress: PHONE });
    const doc = await raw(result.reference);
    expect(doc).not.toBeNull();
    const text = JSON.stringify(doc);
    for (const secret of [STORY, NAME, '1 Example Road', PHONE, '7700900123', CODE, 'weekdays 10 to 2', 'Outside 3 Example Road', 'frightened']) {
      expect(text).not.toContain(secret);
    }
    expect(doc!['incident'].description).toMatch(/^v1:k1:/);
    expect(doc!['reporter'].identity).toMatch(/^v1:k1:/);
    expect(doc!['risk'].answers).toMatch(/^v1:k1:/);
    expect(doc!['contactHashes']).toEqual([contactHash(hashSecret, PHONE)]);
  });

  it('returns the same case when a conversation submits again, even many times at once', async () => {
    const report = namedReport();
    const first = await cases.submitReport(report);
    const again = await cases.submitReport(report);
    expect(again).toMatchObject({ caseId: first.caseId, reference: first.reference, created: false });

    const racing = namedReport();
    const results = await Promise.all(Array.from({ length: 5 }, () => cases.submitReport(racing)));
    expect(new Set(results.map((r) => r.reference)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await db.connection.db!.collection('cases').countDocuments({ sessionId: racing.sessionId })).toBe(1);
  });

  it('refuses a report that does not validate, naming the fields but not what the person wrote', async () => {
    const bad = { ...namedReport(), anonymity: 'secret', incident: { categoryId: '', description: STORY } } as never;
    const error = await cases.submitReport(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(/anonymity/);
    expect((error as AppError).message).toMatch(/incident\.categoryId/);
    expect((error as AppError).message).not.toContain('brick');
  });
});

describe('anonymity in the data layer', () => {
  it('an anonymous case stores no name, no contact address and no contact hash', async () => {
    const result = await cases.submitReport(
      namedReport({ anonymity: 'anonymous', reporter: { role: 'witness', person: { name: NAME }, contact: { channels: ['email'], email: 'jordan@example.org', voicemailOk: false, othersReadMessages: false } } }),
      { senderAddress: PHONE },
    );
    const doc = await raw(result.reference);
    expect(doc!['reporter']).toEqual({ role: 'witness' });
    expect(doc!['safeContact'].details).toBeUndefined();
    expect(doc!['safeContact'].channels).toEqual([]);
    expect(doc!['contactHashes']).toEqual([]);
    expect(doc!['identityAccess']).toBe('none');
    expect(doc!['identityFields']).toEqual([]);
    // No one to respond to, but staff still act on it by a deadline.
    expect(doc!['deadlines']).toMatchObject({ firstResponse: { to: 'none' } });
    expect(doc!['appointmentOfferDue']).toBeUndefined();
    // The story is still kept (sealed), so the team can act on it.
    expect((await cases.getCase(result.caseId))?.incident.description).toBe(STORY);
  });

  it('a confidential case marks identity fields for the owning team only', async () => {
    const result = await cases.submitReport(
      namedReport({
        anonymity: 'confidential',
        reporter: { role: 'third_party', relationship: 'neighbour', person: { name: 'Sam Referrer' } },
        victim: { consentGiven: 'yes', person: { name: NAME }, contact: { channels: ['phone'], phone: '+447700900999', voicemailOk: false, othersReadMessages: true } },
      }),
    );
    const doc = await raw(result.reference);
    expect(doc!['identityAccess']).toBe('owning_team');
    expect(doc!['identityFields']).toEqual(['reporter.identity', 'victim.identity', 'victim.contact', 'safeContact.details']);
    expect(doc!['teamId']).toBe('communitySafety');
    // Referrer and victim are kept apart.
    expect(doc!['reporter'].identity).not.toBe(doc!['victim'].identity);

    // Who among staff may see these is the console's decision (test/staff); the case opens whole for the system.
    const owningTeam = await cases.getCase(result.reference);
    expect(owningTeam?.identityWithheld).toBe(false);
    expect(owningTeam?.victim).toMatchObject({ consentGiven: 'yes', identity: { name: NAME }, contact: { phone: '+447700900999', othersReadMessages: true } });
    expect(owningTeam?.reporter).toMatchObject({ role: 'third_party', relationship: 'neighbour', identity: { name: 'Sam Referrer' } });
    expect(owningTeam?.consent).toEqual({ victimConsentToReferral: 'yes' });
  });
});

describe('triage through the service', () => {
  it('a Dash with 14 "yes" answers gives MARAC, the Community Safety Team, and shows as high risk on the number', async () => {
    const phone = '+447700900555';
    const result = await cases.submitReport(
      draftInput({ incident: { categoryId: 'domesticAbuse', description: 'He controls everything.' }, risk: { dash: { answers: dashAnswers(14), completed: true } }, safeContact: { channels: ['sms'], phone } }),
    );
    const view = await cases.getCase(result.caseId);
    expect(view?.triage.flags.marac).toBe(true);
    expect(view?.teamId).toBe('communitySafety');
    expect(view?.priority).toBe('urgent');
    expect(view?.risk).toMatchObject({ level: 'high', dash: { yesCount: 14, marac: true } });
    expect(view?.risk.answers?.dash?.['injury']).toBe('yes');
    expect(await cases.findOpenCasesByContactHash(contactHash(hashSecret, 'sms:+44 7700 900555'))).toEqual([
      { id: result.caseId, reference: result.reference, teamId: 'communitySafety', status: 'new', priority: 'urgent', highRisk: true },
    ]);
  });

  it('signposts a low-risk owner-occupier who finished there without a case, counting the outcome; sent anyway it is an open case', async () => {
    const from = clock;
    const signposted = await cases.submitReport(draftInput({ tenure: 'ownerOccupier', finishedEarly: 'outOfScope' }));
    expect(signposted).toMatchObject({ signposted: true, created: false, caseId: '', submitted: { signposted: true, contactable: false } });
    expect(signposted.submitted.firstResponseDue).toBeUndefined();
    expect(await db.connection.collection('cases').countDocuments({ tenure: 'ownerOccupier' })).toBe(0);
    expect(await cases.signpostedBetween(from, new Date(from.getTime() + 1))).toEqual({ signposted_out_of_scope: 1 });
    // The person sent it anyway: a case a person reviews, open, with a day promised.
    const sentAnyway = await cases.submitReport(draftInput({ tenure: 'ownerOccupier' }));
    expect(sentAnyway).toMatchObject({ signposted: false, created: true, submitted: { contactable: true, firstResponseDue: expect.any(String) } });
    expect(await cases.getCase(sentAnyway.caseId)).toMatchObject({ status: 'new' });

    const accepted = await cases.submitReport(draftInput({ tenure: 'ownerOccupier', perpetrator: { isOurTenant: 'yes' } }));
    expect(accepted.signposted).toBe(false);
    expect(await cases.getCase(accepted.caseId)).toMatchObject({ status: 'new' });
  });
});

describe('after the case is made', () => {
  it('records alerts, history and SLA times', async () => {
    // Its own number and place: earlier tests' reports about PHONE and Example Road make a Community Trigger.
    const { caseId, reference } = await cases.submitReport(
      namedReport({
        incident: { categoryId: 'asb', subcategoryId: 'nuisance', description: STORY, where: { text: 'the park on Mill Lane' } },
        safeContact: { channels: ['sms'], phone: '+447700900456', voicemailOk: false, othersReadMessages: false },
      }),
    );
    await cases.addAlert(caseId, { type: 'stop_keyword', detail: 'The reporter texted STOP.' });
    clock = new Date('2026-11-23T14:00:00Z');
    await cases.recordEvent(reference, { type: 'reporter.contacted', actor: 'staff-7' });
    await cases.recordEvent(reference, { type: 'reporter.contacted', actor: 'staff-7' });
    await close(caseId);

    const view = await cases.getCase(caseId);
    expect(view?.alerts).toEqual([expect.objectContaining({ type: 'stop_keyword', detail: 'The reporter texted STOP.' })]);
    expect(view?.sla.firstRespondedAt).toEqual(new Date('2026-11-23T14:00:00Z'));
    expect(view).toMatchObject({ status: 'closed', outcome: 'resolvedEarlyIntervention' });
    expect(view?.events.map((e) => e.type)).toEqual(['case.created', 'alert.added', 'reporter.contacted', 'reporter.contacted', 'status.closed']);
    expect(await cases.findOpenCasesByContactHash(contactHash(hashSecret, PHONE))).not.toContainEqual(expect.objectContaining({ id: caseId }));
  });

  it('still opens cases written under an old key after the key rotates', async () => {
    const { caseId } = await cases.submitReport(namedReport());
    const rotated = createCaseService({ repository: createMongoCaseRepository(db.connection), reportKeys: createMongoReportKeyStore(db.connection), signposted: createMongoSignpostedStore(db.connection), pack, cipher: createFieldCipher(new Map([['k1', oldKey], ['k2', newKey]]), 'k2'), hashSecret, translate, now });
    expect((await rotated.getCase(caseId))?.incident.description).toBe(STORY);
    const fresh = await rotated.submitReport(namedReport());
    expect((await raw(fresh.reference))!['incident'].description).toMatch(/^v1:k2:/);
  });

  it('purges a case six years after it was closed (pack retention), keeping younger ones', async () => {
    clock = new Date('2019-03-01T10:00:00Z');
    const old = await cases.submitReport(namedReport());
    await close(old.caseId);
    clock = new Date('2026-03-01T10:00:00Z');
    const young = await cases.submitReport(namedReport());
    await close(young.caseId);
    const { caseIds } = await cases.purgeExpired();
    expect(caseIds).toContain(old.caseId);
    expect(await cases.getCase(old.caseId)).toBeUndefined();
    expect(await cases.getCase(young.caseId)).toBeDefined();
  });

  it('answers 404 for an alert on a case that does not exist', async () => {
    await expect(cases.addAlert('no-such-case', { type: 'x', detail: 'y' })).rejects.toMatchObject({ status: 404 });
  });
});
