// One test per policy clause a reporting assistant must honour, for each bundled pack; each name starts with
// the clause it proves. docs/policy-packs.md's traceability tables point here (and to the other tests named
// there). A clause with no behaviour here is marked "not applicable" in the doc, with why.
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import type { PolicyPack } from '../../src/policy/pack.schema';
import { localDateTime } from '../../src/policy/working-days';
import { dashAnswers, draft, type DraftOverrides } from '../cases/support/drafts';

const ovh = loadPolicyPack('one-vision-housing');
const slh = loadPolicyPack('seven-locks-housing');
const monday10am = new Date('2026-11-23T10:00:00Z');
const en = { t: createTranslations().tFor('en') };
const run = (pack: PolicyPack, report: DraftOverrides = {}, at = monday10am, earlier: Parameters<typeof triage>[3]['earlier'] = []) =>
  triage(draft(report, pack.id), pack, at, { earlier }, en);
const earlierAbout = (n: number, matchedOn: ('victim' | 'problem' | 'place')[]) =>
  Array.from({ length: n }, (_, i) => ({ at: new Date(monday10am.getTime() - (i + 1) * 86_400_000 * 20), matchedOn, marac: false }));
const sourcesOf = (result: ReturnType<typeof triage>) => result.reasons.map((r) => r.source).join(' | ');
const da = { categoryId: 'domesticAbuse' };

type Clause = [name: string, check: () => void];

const ovhClauses: Clause[] = [
  ['OVH 1.3: ASB, domestic abuse and harassment (with hate crime) are reported through one service', () => {
    expect(ovh.categories.map((c) => c.kind)).toEqual(['asb', 'hate_crime', 'harassment', 'domestic_abuse']);
  }],
  ['OVH 1.5.1.1: social and affordable rent homes are in scope', () => {
    for (const tenure of ['socialRent', 'affordableRent']) expect(run(ovh, { tenure }).disposition).toBe('case');
  }],
  ['OVH 1.5.1.2: owner-occupiers, private, market-rent and shared-ownership customers and lessees are signposted (low-risk, when they finish there)', () => {
    for (const tenure of ['ownerOccupier', 'privateTenant', 'marketRent', 'sharedOwnership', 'leaseholder']) {
      const result = run(ovh, { tenure, finishedEarly: 'outOfScope' });
      expect(result.disposition).toBe('signposted');
      expect(sourcesOf(result)).toMatch(/OVH 1\.5\.1/);
      // Sent anyway, a person reads it (issue 12: nothing closed unseen).
      expect(run(ovh, { tenure }).disposition).toBe('case');
    }
  }],
  ['OVH 1.5.1.2: the out-of-scope words name who the service is for, not "only our own tenants"', () => {
    expect(ovh.outOfScope.key).toBe('policy:outOfScopeSocialRent');
  }],
  ['OVH 1.5.1.3: accepted when the alleged perpetrator is an OVH tenant', () => {
    expect(run(ovh, { tenure: 'marketRent', perpetrator: { isOurTenant: 'yes' } }).disposition).toBe('case');
  }],
  ['OVH 1.5.2.2: pets out of control are ASB', () => {
    expect(ovh.categories[0]?.subcategories.map((s) => s.id)).toContain('pets');
  }],
  ['OVH 1.5.2.3 Social media: signposted to the provider or the police', () => {
    expect(ovh.categoryResponses.find((r) => r.subcategoryId === 'socialMedia')).toMatchObject({ action: 'signpost_elsewhere', helplineIds: ['police101'] });
  }],
  ['OVH 1.5.2.3 Noise: evidence with the Noise App, reviewed by an officer, and the Local Authority route', () => {
    const result = run(ovh, { incident: { categoryId: 'asb', subcategoryId: 'noise' } });
    expect(result.tasks.map((t) => t.id)).toEqual(['reviewEvidence']);
    expect(ovh.evidenceApp?.name).toBe('The Noise App');
    expect(en.t('policy:response.noise')).toMatch(/council/);
  }],
  ['OVH 1.5.2.3 Drugs: passed to the police as intelligence whether or not they report, with police and Crimestoppers', () => {
    const result = run(ovh, { incident: { categoryId: 'asb', subcategoryId: 'drugs' }, anonymity: 'anonymous' });
    expect(result.tasks.map((t) => t.id)).toEqual(['passToPolice']);
    expect(result.helplineIds).toEqual(expect.arrayContaining(['police101', 'crimestoppers']));
    expect(en.t('policy:response.drugs')).toMatch(/even if you do not want to report/);
  }],
  ['OVH 1.5.2.3 Other Crime: alongside the police, and the case may close if they will not engage with the police', () => {
    expect(run(ovh, { incident: { categoryId: 'asb', subcategoryId: 'otherCrime' } }).tasks.map((t) => t.id)).toEqual(['checkPoliceEngagement']);
    expect(en.t('policy:response.otherCrime')).toMatch(/may have to close the case/);
  }],
  ['OVH 1.5.3.1: all domestic abuse is high priority for the Community Safety Team', () => {
    expect(run(ovh, { incident: da })).toMatchObject({ teamId: 'communitySafety', priority: 'high' });
  }],
  ['OVH 1.5.3.1: forced marriage → the Forced Marriage Unit; honour-based abuse → a specialist line; FGM → child safeguarding', () => {
    expect(run(ovh, { incident: { ...da, domesticAbuseForms: ['forcedMarriage'] } }).helplineIds).toContain('forcedMarriageUnit');
    expect(run(ovh, { incident: { ...da, domesticAbuseForms: ['honourBased'] } }).helplineIds).toContain('honourBasedAbuse');
    expect(run(ovh, { incident: { ...da, domesticAbuseForms: ['fgm'] } }).flags.childAtRisk).toBe(true);
  }],
  ['OVH 1.5.4.1 and 1.8.1: harassment on a protected characteristic, Nationality included, is treated as hate', () => {
    expect(ovh.hateMotivations.map((m) => m.id)).toEqual(expect.arrayContaining(['race', 'nationality', 'religionOrBelief', 'disability', 'sexualOrientation', 'genderReassignment', 'age']));
    expect(run(ovh, { incident: { categoryId: 'harassment', hateMotivations: ['nationality'] } })).toMatchObject({ priority: 'high', risk: { hateIncident: true } });
  }],
  ['OVH 1.8.2: class, HIV status and any other matter are grounds too', () => {
    expect(ovh.hateMotivations.map((m) => m.id)).toEqual(expect.arrayContaining(['classOrEconomicStatus', 'hivStatus', 'other']));
  }],
  ['OVH 2.6: other ways to report are told to the reporter', () => {
    expect(run(ovh).noticeKeys).toContain('policy:notice.otherWaysToReport');
    expect(ovh.contactRoutes.map((r) => r.kind)).toEqual(expect.arrayContaining(['in_person', 'phone', 'web', 'email']));
  }],
  ['OVH 2.6: a MARAC referral is high risk and urgent', () => {
    expect(run(ovh, { reporter: { role: 'professional', maracReferral: true }, incident: da })).toMatchObject({ priority: 'urgent', risk: { level: 'high' }, flags: { marac: true } });
  }],
  ['OVH 2.6: a support agency or advocate is triaged on the Dash score it already has', () => {
    const result = run(ovh, { reporter: { role: 'professional' }, incident: da, risk: { professionalAssessment: { dashYesCount: 17, level: 'high' } } });
    expect(result.flags.maracCriteria).toEqual(['visibleHighRisk']);
  }],
  ['OVH 2.7: hate crime reporters are told every OVH office is a Hate Crime Reporting Centre', () => {
    expect(run(ovh, { incident: { categoryId: 'hateCrime', hateMotivations: ['race'] } }).noticeKeys).toContain('policy:notice.hateCrimeReportingCentre');
    expect(run(ovh).noticeKeys).not.toContain('policy:notice.hateCrimeReportingCentre');
  }],
  ['OVH 2.8: Stop Hate UK is offered after a hate crime report', () => {
    expect(run(ovh, { incident: { categoryId: 'hateCrime' } }).helplineIds).toContain('stopHateUk');
  }],
  ['OVH 2.9: immediate danger is urgent, due in hours at any hour through the duty route', () => {
    const result = run(ovh, { safety: { immediateDangerAtStart: true } }, new Date('2026-11-21T23:00:00Z'));
    expect(result.priority).toBe('urgent');
    expect(localDateTime(result.firstResponseDue!)).toBe('2026-11-22 03:00');
  }],
  ['OVH 3.2.2: violence or threats with a danger remaining go to the Community Safety Team', () => {
    expect(run(ovh, { incident: { categoryId: 'asb', violenceOrThreats: 'yes', dangerRemaining: 'yes' } }).teamId).toBe('communitySafety');
  }],
  ['OVH 3.2.2: targeted damage to property goes to the Community Safety Team', () => {
    expect(run(ovh, { incident: { categoryId: 'asb', subcategoryId: 'propertyDamage', targetedPropertyDamage: 'yes' } }).teamId).toBe('communitySafety');
  }],
  ['OVH 3.2.2: hate crime and harassment go to the Community Safety Team', () => {
    expect(run(ovh, { incident: { categoryId: 'hateCrime' } }).teamId).toBe('communitySafety');
    expect(run(ovh, { incident: { categoryId: 'harassment' } }).teamId).toBe('communitySafety');
  }],
  ['OVH 3.2.3 and 4.2: other cases go to the Neighbourhood Services Officers', () => {
    expect(run(ovh).teamId).toBe('neighbourhoodServices');
  }],
  ['OVH 3.2.4: respond within one working day in all cases, sooner by priority', () => {
    expect(localDateTime(run(ovh).firstResponseDue!)).toBe('2026-11-24 17:00');
    expect(localDateTime(run(ovh, { incident: da }).firstResponseDue!)).toBe('2026-11-23 17:00');
  }],
  ['OVH 3.2.4: a face-to-face appointment offered within 5 working days, not to an anonymous reporter', () => {
    expect(run(ovh).appointmentOfferDue).toEqual(new Date('2026-11-30T17:00:00Z'));
    expect(run(ovh, { anonymity: 'anonymous' }).appointmentOfferDue).toBeUndefined();
  }],
  ['OVH 3.3.1: a child or vulnerable adult at risk raises the priority for safeguarding', () => {
    expect(run(ovh, { vulnerability: { childrenInvolved: 'yes' } }).priority).toBe('high');
  }],
  ['OVH 3.3.1: Victim Support is offered after every kind of report', () => {
    for (const categoryId of ['asb', 'hateCrime', 'harassment', 'domesticAbuse']) expect(run(ovh, { incident: { categoryId } }).helplineIds).toContain('victimSupport');
  }],
  ['OVH 3.7.3: MARAC on the SafeLives criteria (visible high risk)', () => {
    expect(run(ovh, { incident: da, risk: { dash: { answers: dashAnswers(14), completed: true } } }).flags.marac).toBe(true);
  }],
  ['OVH 3.7.3: the Risk Assessment Matrix is the pack\'s, and a high score is a high level case (4.3)', () => {
    const result = run(ovh, { vulnerability: { harm: { mentalHealth: 'yes', feelsUnsafeAtHome: 'yes' } } });
    expect(result).toMatchObject({ teamId: 'communitySafety', risk: { level: 'high' } });
    expect(sourcesOf(result)).toMatch(/OVH 3\.7\.3/);
  }],
  ['OVH 3.7.3 and 3.9.4: the Community Trigger counts reports about the same victim, problem or place', () => {
    expect(run(ovh, {}, monday10am, earlierAbout(2, ['place'])).flags.communityTriggerCandidate).toBe(true);
  }],
  ['OVH 3.9.4: at the Community Trigger the victim is told of the ASB Case Review, and staff alerted', () => {
    const result = run(ovh, {}, monday10am, earlierAbout(2, ['victim']));
    expect(result.noticeKeys).toContain('policy:notice.caseReview');
    expect(result.alerts.map((a) => a.type)).toEqual(['community_trigger']);
  }],
  ['OVH 4.3: high level cases go to the Community Safety Team', () => {
    expect(run(ovh, { incident: da, risk: { dash: { answers: dashAnswers(15), completed: true } } }).teamId).toBe('communitySafety');
  }],
  ['OVH 5.2: "responded within 24 hours" is measurable in clock hours from receipt', () => {
    expect(ovh.serviceStandards.respondedWithinHours?.hours).toBe(24);
    expect(run(ovh).deadlines?.receivedAt).toEqual(monday10am);
  }],
  ['OVH 5.1: outcomes are codes from the pack, with which count as resolved', () => {
    expect(ovh.outcomes.filter((o) => o.resolved).map((o) => o.id)).toEqual(expect.arrayContaining(['resolvedEarlyIntervention', 'legalAction']));
    expect(ovh.outcomes.find((o) => o.id === 'signposted_out_of_scope')?.resolved).toBe(false);
  }],
];

const slhClauses: Clause[] = [
  ['SLH Introduction: anyone living in or near our homes is served, whatever their tenure', () => {
    for (const t of slh.tenures) expect(run(slh, { tenure: t.id }).disposition).toBe('case');
  }],
  ['SLH Context: the examples of ASB are its subcategories', () => {
    expect(slh.categories[0]?.subcategories.map((s) => s.id)).toEqual([
      'threatening', 'intimidation', 'violence', 'drugs', 'alcoholOrSolvents', 'illegalActs', 'burglaryOrMugging', 'noise', 'vandalism', 'litter', 'vehicles', 'children',
    ]);
  }],
  ['SLH Context: harassment grounds include health and perceived class or economic status', () => {
    expect(slh.hateMotivations.map((m) => m.id)).toEqual(expect.arrayContaining(['race', 'nationality', 'age', 'ethnicOrNationalOrigin', 'gender', 'religionOrBelief', 'sexuality', 'disability', 'health', 'classOrEconomicStatus']));
  }],
  ['SLH Operational Principles: a case that appears to involve hate is prioritised, in any category', () => {
    for (const categoryId of ['asb', 'harassment']) expect(run(slh, { incident: { categoryId, hateMotivations: ['health'] } }).priority).toBe('high');
    expect(localDateTime(run(slh, { incident: { categoryId: 'hateCrime' } }).firstResponseDue!)).toBe('2026-11-23 17:00');
  }],
  ['SLH Operational Principles: vandalism and graffiti go to the repairs team as a priority repair', () => {
    expect(run(slh, { incident: { categoryId: 'asb', subcategoryId: 'vandalism' } }).tasks.map((t) => t.id)).toEqual(['repairs']);
  }],
  ['SLH Context (drugs) and Introduction (police partnership): drugs signposted to the police and Crimestoppers', () => {
    expect(run(slh, { incident: { categoryId: 'asb', subcategoryId: 'drugs' } }).helplineIds).toEqual(expect.arrayContaining(['police101', 'crimestoppers']));
  }],
  ['SLH Objectives: support is offered at the first report', () => {
    expect(slh.supportOnFirstReport?.key).toBe('policy:support.firstReport');
    expect(toDialogPolicy(slh).supportOnFirstReportKey).toBe('policy:support.firstReport');
  }],
  ['SLH Policy Statement: prompt and robust action when there is danger', () => {
    expect(run(slh, { safety: { immediateDangerAtStart: true } }).priority).toBe('urgent');
    // A danger remaining is urgent whatever the pack says (the safety floor, issue 12).
    expect(run(slh, { incident: { categoryId: 'asb', violenceOrThreats: 'yes', dangerRemaining: 'yes' } }).priority).toBe('urgent');
  }],
  ['SLH Policy Statement: complainants and witnesses are supported (Victim Support, witness questions)', () => {
    expect(run(slh).helplineIds).toContain('victimSupport');
    expect(slh.risk.matrix.questions.some((q) => q.askWitness)).toBe(true);
  }],
  ['SLH "act promptly, within set time scales": the default time scales are stated as defaults', () => {
    expect(slh.serviceStandards.firstResponse.normal.source).toMatch(/sets none/);
    expect(localDateTime(run(slh).firstResponseDue!)).toBe('2026-11-24 17:00');
  }],
  ['SLH Monitoring: a final outcome is recorded from the pack\'s codes', () => {
    expect(slh.outcomes.map((o) => o.id)).toContain('signposted_out_of_scope');
  }],
  ['SLH (Domestic Violence Policy, separate): domestic abuse is high priority by default, and MARAC on the SafeLives criteria', () => {
    expect(run(slh, { incident: da }).priority).toBe('high');
    expect(run(slh, { incident: da, risk: { policeCallOuts: 3 } }).flags.maracCriteria).toEqual(['potentialEscalation']);
  }],
  ['SLH (2011, before the 2014 Act): the Community Trigger default tells the victim of the ASB Case Review', () => {
    expect(run(slh, {}, monday10am, earlierAbout(2, ['victim'])).noticeKeys).toContain('policy:notice.caseReview');
  }],
];

describe.each([
  ['One Vision Housing (2019)', ovhClauses],
  ['Seven Locks Housing (2011)', slhClauses],
] as const)('%s, clause by clause', (_name, clauses) => {
  it.each(clauses)('%s', (_clause, check) => check());
});
