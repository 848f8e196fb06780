// Repeat victims and the Community Trigger (OVH 3.7.3, 3.9.4; Anti-social Behaviour, Crime and Policing Act
// 2014 s104) count reports about the same victim, problem or place, found by keyed lookup in the real
// database, each in the pack's own window: never the referrer's own phone number.
import { randomBytes } from 'node:crypto';
import { createMongoCaseRepository } from '../../src/cases/case.mongo';
import { createCaseService } from '../../src/cases/case.service';
import { createMongoReportKeyStore } from '../../src/cases/report-keys.mongo';
import { createMongoSignpostedStore } from '../../src/cases/signposted.mongo';
import { createTranslations } from '../../src/conversation/i18n';
import { createFieldCipher } from '../../src/crypto/field-cipher';
import { loadPolicyPack } from '../../src/policy/load';
import { openTestDatabase, useTestDatabase } from '../support/database';
import { draftInput } from './support/drafts';

const ovh = loadPolicyPack('one-vision-housing');
const cipher = createFieldCipher(new Map([['k1', randomBytes(32)]]), 'k1');
const translate = createTranslations().tFor('en');
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let clock = new Date('2026-11-23T10:00:00Z');

useTestDatabase((opened) => (db = opened));

function service(pack = ovh) {
  return createCaseService({ repository: createMongoCaseRepository(db.connection), reportKeys: createMongoReportKeyStore(db.connection), signposted: createMongoSignpostedStore(db.connection), pack, cipher, hashSecret: 's'.repeat(32), translate, now: () => clock });
}

async function submitOn(cases: ReturnType<typeof service>, days: string[], report: (i: number) => Parameters<typeof draftInput>[0], sender?: (i: number) => string) {
  const results = [];
  for (const [i, day] of days.entries()) {
    clock = new Date(`${day}T10:00:00Z`);
    const r = await cases.submitReport(draftInput(report(i)), sender ? { senderAddress: sender(i) } : {});
    results.push({ submitted: r.submitted, view: await cases.getCase(r.caseId) });
  }
  return results;
}

const victimReport = (phone: string, where: string) => () => ({
  incident: { categoryId: 'asb', subcategoryId: 'nuisance', description: 'Shouting at my door again.', where: { text: where } },
  safeContact: { channels: ['sms' as const], phone, voicemailOk: false, othersReadMessages: false },
});

describe('the same victim', () => {
  it('the third report about one victim in six months is a Community Trigger: the victim is told and staff alerted (OVH 3.9.4)', async () => {
    const cases = service();
    await cases.ensureIndexes();
    const results = await submitOn(cases, ['2026-06-01', '2026-09-01', '2026-11-20'], victimReport('+447700900777', 'at the bus stop, a'));
    expect(results.map((r) => r.view?.triage.flags.repeatVictim)).toEqual([false, true, true]);
    expect(results.map((r) => r.view?.triage.flags.communityTriggerCandidate)).toEqual([false, false, true]);
    expect(results[2]!.submitted.noticeKeys).toContain('policy:notice.caseReview');
    expect(results[1]!.submitted.noticeKeys).not.toContain('policy:notice.caseReview');
    expect(results[2]!.view?.alerts).toEqual([expect.objectContaining({ type: 'community_trigger', detail: expect.stringMatching(/ASB Case Review/) })]);
    expect(results[2]!.view?.triage.reasons.map((r) => r.text)).toEqual(
      expect.arrayContaining(['Community Trigger: this is report 3 about the same person, problem or place in 6 months (threshold 3). Tell them of their right to an ASB Case Review.']),
    );
  });

  it('a report older than the window does not count', async () => {
    const results = await submitOn(service(), ['2026-01-05', '2026-09-01', '2026-11-20'], victimReport('+447700900778', 'at the bus stop, b'));
    expect(results.map((r) => r.view?.triage.flags.communityTriggerCandidate)).toEqual([false, false, false]);
    expect(results.map((r) => r.view?.triage.flags.repeatVictim)).toEqual([false, false, true]);
  });

  it('honours each window: a 2-month repeat-victim window and the 6-month trigger window', async () => {
    const pack = { ...ovh, repeatVictim: { ...ovh.repeatVictim, windowMonths: 2 } };
    const results = await submitOn(service(pack), ['2026-06-01', '2026-07-01', '2026-11-20'], victimReport('+447700900779', 'at the bus stop, c'));
    expect(results.map((r) => r.view?.triage.flags.repeatVictim)).toEqual([false, true, false]);
    expect(results.map((r) => r.view?.triage.flags.communityTriggerCandidate)).toEqual([false, false, true]);
  });
});

describe('not the referrer', () => {
  it("a MARAC coordinator's third unrelated referral is not a repeat victim nor a Community Trigger", async () => {
    const coordinator = '+447700900100';
    const results = await submitOn(
      service(),
      ['2026-11-02', '2026-11-09', '2026-11-16'],
      (i) => ({
        reporter: { role: 'professional', organisation: 'MARAC', maracReferral: true, contact: { channels: ['email'], email: 'marac@example.org', voicemailOk: false, othersReadMessages: false } },
        victim: { consentGiven: 'yes', person: { name: ['Alex', 'Bo', 'Chris'][i] } },
        incident: { categoryId: 'domesticAbuse', description: 'Referral from MARAC.' },
      }),
      () => coordinator,
    );
    expect(results.map((r) => r.view?.triage.flags.repeatVictim)).toEqual([false, false, false]);
    expect(results.map((r) => r.view?.triage.flags.communityTriggerCandidate)).toEqual([false, false, false]);
  });

  it('an anonymous report leaves no key that leads back to its sender', async () => {
    const [result] = await submitOn(
      service(),
      ['2026-11-20'],
      () => ({
        anonymity: 'anonymous',
        incident: { categoryId: 'asb', subcategoryId: 'nuisance', description: 'Someone keeps dumping rubbish.', where: { text: 'the alley behind Oak Street' } },
      }),
      () => '+447700900222',
    );
    const keys = await db.connection.db!.collection('report_keys').find({ caseId: result!.view!.id }).toArray();
    expect(keys.map((k) => k['matchedOn'])).toEqual(['place']);
  });
});

describe('the same place or problem, whoever reports it', () => {
  it('three neighbours reporting the same place make a Community Trigger, however they write it', async () => {
    const where = ['outside the shops on Mill Road', 'Mill Road shops', 'the shops, mill road'];
    const results = await submitOn(service(), ['2026-10-01', '2026-10-20', '2026-11-20'], (i) => ({
      incident: { categoryId: 'asb', subcategoryId: 'nuisance', description: 'Gangs blocking the path.', where: { text: where[i]! } },
      safeContact: { channels: ['sms'], phone: `+44770090030${i}`, voicemailOk: false, othersReadMessages: false },
    }));
    expect(results.map((r) => r.view?.triage.flags.communityTriggerCandidate)).toEqual([false, false, true]);
    // Different people: none of them is a repeat victim.
    expect(results.map((r) => r.view?.triage.flags.repeatVictim)).toEqual([false, false, false]);
  });

  it('a postcode tells a place apart however the street is written', async () => {
    const where = ['the car park, L20 3AB', 'car park by the flats L203AB', 'l20 3ab'];
    const results = await submitOn(service(), ['2026-11-10', '2026-11-11', '2026-11-12'], (i) => ({
      incident: { categoryId: 'asb', subcategoryId: 'nuisance', description: 'Cars racing at night.', where: { text: where[i]! } },
      anonymity: 'anonymous',
    }));
    expect(results.map((r) => r.view?.triage.flags.communityTriggerCandidate)).toEqual([false, false, true]);
  });
});
