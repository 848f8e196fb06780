// Table tests: every routing rule and service standard of both policy packs.
import path from 'node:path';
import { loadPolicyPack } from '../../src/policy/load';
import { localDate, localDateTime } from '../../src/policy/working-days';
import { triage } from '../../src/cases/triage';
import { createTranslations } from '../../src/conversation/i18n';
import { keyLiteralsInSource } from '../../src/conversation/prompt-keys';
import { dashAnswers, draft, type DraftOverrides } from './support/drafts';

const ovh = loadPolicyPack('one-vision-housing');
const slh = loadPolicyPack('seven-locks-housing');
const monday10am = new Date('2026-11-23T10:00:00Z');
const none = { earlier: [] };
// Staff read English: the reasons are rendered from locales/en/triage.json.
const en = { t: createTranslations().tFor('en') };

interface Row {
  name: string;
  report: DraftOverrides;
  team: string;
  priority: 'normal' | 'high' | 'urgent';
  rule?: string;
  source: RegExp;
}

const ovhRows: Row[] = [
  { name: 'low-level ASB goes to the Neighbourhood Services Officers', report: {}, team: 'neighbourhoodServices', priority: 'normal', source: /OVH 3\.2\.3/ },
  { name: 'noise goes to the NSOs', report: { incident: { categoryId: 'asb', subcategoryId: 'noise' } }, team: 'neighbourhoodServices', priority: 'normal', source: /OVH 3\.2\.3/ },
  { name: 'all domestic abuse goes to the Community Safety Team', report: { incident: { categoryId: 'domesticAbuse', domesticAbuseForms: ['financial'] } }, team: 'communitySafety', priority: 'high', rule: 'domesticAbuse', source: /OVH 3\.2\.2/ },
  { name: 'hate crime goes to the Community Safety Team', report: { incident: { categoryId: 'hateCrime', hateMotivations: ['race'] } }, team: 'communitySafety', priority: 'high', rule: 'hateCrime', source: /OVH 2\.7/ },
  { name: 'ASB motivated by hate is hate crime', report: { incident: { categoryId: 'asb', subcategoryId: 'propertyDamage', hateMotivations: ['religionOrBelief'] } }, team: 'communitySafety', priority: 'high', rule: 'hateCrime', source: /OVH 2\.7/ },
  { name: 'harassment goes to the Community Safety Team', report: { incident: { categoryId: 'harassment' } }, team: 'communitySafety', priority: 'normal', rule: 'harassment', source: /OVH 3\.2\.2/ },
  // A danger remaining is urgent whatever the pack (the safety floor, issue 12); the pack's rule still routes it.
  { name: 'violence or threats with a danger remaining go to the CST, urgent', report: { incident: { categoryId: 'asb', subcategoryId: 'threatsOrViolence', violenceOrThreats: 'yes', dangerRemaining: 'yes' } }, team: 'communitySafety', priority: 'urgent', rule: 'violenceWithDanger', source: /OVH 3\.2\.2/ },
  { name: 'threats with no danger remaining stay with the NSOs', report: { incident: { categoryId: 'asb', subcategoryId: 'threatsOrViolence', violenceOrThreats: 'yes', dangerRemaining: 'no' } }, team: 'neighbourhoodServices', priority: 'normal', source: /OVH 3\.2\.3/ },
  { name: 'targeted damage to property goes to the CST', report: { incident: { categoryId: 'asb', subcategoryId: 'propertyDamage', targetedPropertyDamage: 'yes' } }, team: 'communitySafety', priority: 'normal', rule: 'targetedDamage', source: /OVH 3\.2\.2/ },
  { name: 'a high ASB harm score is a high level case for the CST', report: { vulnerability: { harm: { disabilityOrIllness: 'yes', livesAlone: 'yes', feelsUnsafeAtHome: 'yes' } } }, team: 'communitySafety', priority: 'high', rule: 'highRisk', source: /OVH 4\.3/ },
  { name: 'a Dash with 14 yes is MARAC and the CST, urgent', report: { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: dashAnswers(14), completed: true } } }, team: 'communitySafety', priority: 'urgent', rule: 'maracReferral', source: /OVH 3\.7\.3/ },
  { name: 'strangulation or threats to kill: urgent, for a professional to judge MARAC today', report: { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: { threatsToKill: 'yes' }, completed: false } } }, team: 'communitySafety', priority: 'urgent', rule: 'keyRiskFactors', source: /professional judgement/ },
  { name: 'immediate danger at the start makes ASB urgent', report: { safety: { immediateDangerAtStart: true } }, team: 'neighbourhoodServices', priority: 'urgent', rule: 'immediateDanger', source: /OVH 2\.9/ },
  { name: 'children involved raises the priority for safeguarding', report: { vulnerability: { childrenInvolved: 'yes' } }, team: 'neighbourhoodServices', priority: 'high', rule: 'safeguarding', source: /OVH 3\.3\.1/ },
  { name: 'a vulnerable adult raises the priority for safeguarding', report: { vulnerability: { vulnerableAdultInvolved: 'yes' } }, team: 'neighbourhoodServices', priority: 'high', rule: 'safeguarding', source: /OVH 3\.3\.1/ },
];

const slhRows: Row[] = [
  { name: 'every report goes to the housing team', report: {}, team: 'housingServices', priority: 'normal', source: /SLH Responsible Persons/ },
  { name: 'hate crime is prioritised', report: { incident: { categoryId: 'hateCrime', hateMotivations: ['nationality'] } }, team: 'housingServices', priority: 'high', rule: 'hateCrime', source: /SLH Operational Principles/ },
  { name: 'harassment on the grounds of health is hate and prioritised', report: { incident: { categoryId: 'harassment', hateMotivations: ['health'] } }, team: 'housingServices', priority: 'high', rule: 'hateCrime', source: /prioritise/ },
  { name: 'plain harassment is normal priority', report: { incident: { categoryId: 'harassment' } }, team: 'housingServices', priority: 'normal', source: /SLH Responsible Persons/ },
  { name: 'domestic abuse is high priority (policy silent: default)', report: { incident: { categoryId: 'domesticAbuse' } }, team: 'housingServices', priority: 'high', rule: 'domesticAbuse', source: /silent/ },
  { name: 'violence with a danger remaining is urgent', report: { incident: { categoryId: 'asb', subcategoryId: 'violence', violenceOrThreats: 'yes', dangerRemaining: 'yes' } }, team: 'housingServices', priority: 'urgent', rule: 'violenceWithDanger', source: /prompt and robust/ },
  { name: 'a high ASB harm score is high priority', report: { vulnerability: { harm: { mentalHealth: 'yes', feelsUnsafeAtHome: 'yes' } } }, team: 'housingServices', priority: 'high', rule: 'highRisk', source: /escalates/ },
  { name: 'a Dash with 14 yes is MARAC, urgent', report: { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: dashAnswers(14), completed: true } } }, team: 'housingServices', priority: 'urgent', rule: 'maracReferral', source: /SafeLives/ },
  { name: 'strangulation or threats to kill: urgent, for a professional to judge MARAC today', report: { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: { strangulation: 'yes' }, completed: false } } }, team: 'housingServices', priority: 'urgent', rule: 'keyRiskFactors', source: /professional judgement/ },
  { name: 'immediate danger makes it urgent', report: { safety: { immediateDangerAtStart: true } }, team: 'housingServices', priority: 'urgent', rule: 'immediateDanger', source: /swift action/ },
  { name: 'a child at risk raises priority', report: { vulnerability: { childrenInvolved: 'yes' } }, team: 'housingServices', priority: 'high', rule: 'safeguarding', source: /safeguarding/ },
];

describe.each([
  ['One Vision Housing', ovh, ovhRows],
  ['Seven Locks Housing', slh, slhRows],
] as const)('%s routing', (_name, pack, rows) => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_n, row) => {
    const result = triage(draft(row.report, pack.id), pack, monday10am, none, en);
    expect(result.disposition).toBe('case');
    expect(result.teamId).toBe(row.team);
    expect(result.teamKey).toBe(pack.teams.find((t) => t.id === row.team)?.key);
    expect(result.priority).toBe(row.priority);
    if (row.rule) expect(result.rules).toContain(row.rule);
    // The reason names the rule and cites the policy.
    expect(result.reasons.some((r) => row.source.test(r.source) && r.text.length > 20)).toBe(true);
  });

  it('covers every routing rule in the pack', () => {
    const tested = new Set(rows.map((r) => r.rule).filter(Boolean));
    expect(pack.routing.rules.map((r) => r.id).filter((id) => !tested.has(id))).toEqual([]);
  });
});

describe('deadlines follow the priority (OVH 2.9, 3.2.2, 3.2.4)', () => {
  const hate = { incident: { categoryId: 'hateCrime', hateMotivations: ['race'] } };
  const danger = { safety: { immediateDangerAtStart: true } };
  const due = (result: ReturnType<typeof triage>) => localDateTime(result.firstResponseDue!);
  it.each([
    ['normal, Monday 10:00: one working day (OVH 3.2.4)', ovh, {}, '2026-11-23T10:00:00Z', 'normal', '2026-11-24 17:00', '2026-11-30'],
    ['normal, Friday 16:59: Monday', ovh, {}, '2026-11-20T16:59:00Z', 'normal', '2026-11-23 17:00', '2026-11-27'],
    ['normal, Friday 17:00: after the cut-off, Tuesday', ovh, {}, '2026-11-20T17:00:00Z', 'normal', '2026-11-24 17:00', '2026-11-30'],
    ['normal, Friday 23:50: counted from Monday 09:00 (the pack default), due Tuesday', ovh, {}, '2026-11-20T23:50:00Z', 'normal', '2026-11-24 17:00', '2026-11-30'],
    ['normal, Christmas Eve: after Christmas', ovh, {}, '2026-12-24T11:00:00Z', 'normal', '2026-12-29 17:00', '2027-01-05'],
    ['high (hate crime), Monday 10:00: the same working day', ovh, hate, '2026-11-23T10:00:00Z', 'high', '2026-11-23 17:00', '2026-11-30'],
    ['high (hate crime), Friday 23:50: Monday', ovh, hate, '2026-11-20T23:50:00Z', 'high', '2026-11-23 17:00', '2026-11-30'],
    ['urgent (danger), Friday 23:50: 4 hours at any hour, through the duty route', ovh, danger, '2026-11-20T23:50:00Z', 'urgent', '2026-11-21 03:50', '2026-11-30'],
    ['SLH normal (policy silent: one working day)', slh, {}, '2026-11-23T10:00:00Z', 'normal', '2026-11-24 17:00', '2026-11-30'],
    ['SLH hate is prioritised: the same working day', slh, hate, '2026-11-23T10:00:00Z', 'high', '2026-11-23 17:00', '2026-11-30'],
    ['SLH, Easter Thursday evening', slh, {}, '2026-04-02T18:00:00Z', 'normal', '2026-04-08 17:00', '2026-04-14'],
  ] as const)('%s', (_n, pack, report, received, priority, firstResponse, appointment) => {
    const result = triage(draft(report, pack.id), pack, new Date(received), none, en);
    expect(result.priority).toBe(priority);
    expect(due(result)).toBe(firstResponse);
    expect(localDate(result.appointmentOfferDue!)).toBe(appointment);
    expect(result.reasons.map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringContaining(`by ${firstResponse}`)]));
  });

  it('ranks priorities for the queue: urgent before high before normal', () => {
    const ranks = [danger, hate, {}].map((report) => triage(draft(report), ovh, monday10am, none, en).priorityRank);
    expect(ranks).toEqual([1, 2, 3]);
  });

  it('says why the clock starts later for a report made while the office is closed, and keeps when it arrived', () => {
    const friday = new Date('2026-11-20T23:50:00Z');
    const result = triage(draft(), ovh, friday, none, en);
    expect(result.deadlines?.receivedAt).toEqual(friday);
    expect(localDateTime(result.deadlines!.clockStartsAt)).toBe('2026-11-23 09:00');
    expect(result.reasons.map((r) => r.text)).toContain('Received while the office was closed, so the clock starts when it opens: 2026-11-23 09:00.');
  });

  it('a pack may count the day a report arrived instead: Friday 23:50 is then due Monday', () => {
    const pack = { ...ovh, serviceStandards: { ...ovh.serviceStandards, afterHours: { clockStartsAt: 'receipt' as const, source: 'test' } } };
    expect(due(triage(draft(), pack, new Date('2026-11-20T23:50:00Z'), none, en))).toBe('2026-11-23 17:00');
  });

  it('gives an anonymous urgent or hate case a deadline to act by, and no appointment (OVH 3.2.4)', () => {
    for (const [report, expected] of [[{ ...hate, anonymity: 'anonymous' as const }, '2026-11-23 17:00'], [{ ...danger, anonymity: 'anonymous' as const }, '2026-11-23 14:00']] as const) {
      const result = triage(draft(report), ovh, monday10am, none, en);
      expect(due(result)).toBe(expected);
      expect(result.deadlines?.firstResponse.to).toBe('none');
      expect(result.appointmentOfferDue).toBeUndefined();
      expect(result.reasons.map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringMatching(/no way to contact the reporter.*, so act on it by/)]));
    }
  });

  it('keeps what OVH 5.2 measures in clock hours: when the report arrived (and the pack says 24 hours)', () => {
    expect(ovh.serviceStandards.respondedWithinHours).toMatchObject({ hours: 24, source: expect.stringMatching(/OVH 5\.2/) });
    expect(triage(draft(), ovh, monday10am, none, en).deadlines?.receivedAt).toEqual(monday10am);
  });

  it('applies the appointment offer only to the teams a pack names', () => {
    const pack = { ...ovh, serviceStandards: { ...ovh.serviceStandards, appointmentOffer: { ...ovh.serviceStandards.appointmentOffer!, teamIds: ['communitySafety'] } } };
    expect(triage(draft(), pack, monday10am, none, en).appointmentOfferDue).toBeUndefined();
    expect(triage(draft({ incident: { categoryId: 'harassment' } }), pack, monday10am, none, en).appointmentOfferDue).toBeDefined();
  });
});

describe('scope (OVH 1.5.1)', () => {
  it.each(['ownerOccupier', 'privateTenant', 'marketRent', 'sharedOwnership'])('%s, low-risk, finished after the signposting: signposted, not a case', (tenure) => {
    const result = triage(draft({ tenure, finishedEarly: 'outOfScope' }), ovh, monday10am, none, en);
    expect(result.disposition).toBe('signposted');
    expect(result.firstResponseDue).toBeUndefined();
    expect(result.helplineIds).toEqual(expect.arrayContaining(['police101', 'victimSupport']));
    expect(result.reasons.some((r) => /1\.5\.1/.test(r.source))).toBe(true);
  });

  it('is accepted when the alleged perpetrator is an OVH tenant (OVH 1.5.1.3)', () => {
    const result = triage(draft({ tenure: 'ownerOccupier', perpetrator: { isOurTenant: 'yes' } }), ovh, monday10am, none, en);
    expect(result.disposition).toBe('case');
    expect(result.firstResponseDue).toBeDefined();
    expect(result.reasons.some((r) => /1\.5\.1\.3/.test(r.source))).toBe(true);
  });

  it('sent anyway, it is a case a person reviews, with deadlines like any other', () => {
    const result = triage(draft({ tenure: 'ownerOccupier' }), ovh, monday10am, none, en);
    expect(result.disposition).toBe('case');
    expect(result.firstResponseDue).toBeDefined();
    expect(result.reasons.map((r) => r.key)).toContain('triage:reason.outOfScopeSentAnyway');
  });

  it('is a case to check when nobody knows whether the perpetrator is our tenant, even if the person finished', () => {
    const result = triage(draft({ tenure: 'privateTenant', perpetrator: { isOurTenant: 'dont_know' }, finishedEarly: 'outOfScope' }), ovh, monday10am, none, en);
    expect(result.disposition).toBe('case');
    expect(result.reasons.map((r) => r.key)).toContain('triage:reason.outOfScopeTenancyUnknown');
  });

  it.each([
    ['danger now', { safety: { immediateDangerAtStart: true, safeToTalk: true } }],
    ['domestic abuse', { incident: { categoryId: 'domesticAbuse' } }],
    ['a Dash of 16 with children', { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: dashAnswers(16), completed: true } }, vulnerability: { childrenInvolved: 'yes' } }],
    ['a child involved', { vulnerability: { childrenInvolved: 'yes' } }],
    ['an adult who may not protect themselves', { vulnerability: { vulnerableAdultInvolved: 'yes' } }],
    ['self-harm spoken of', { safety: { immediateDangerAtStart: false, safeToTalk: true, selfHarmDisclosed: true } }],
  ] as [string, DraftOverrides][])('out of scope with %s is never closed unseen, even when the person finished', (_, extra) => {
    const result = triage(draft({ tenure: 'ownerOccupier', finishedEarly: 'outOfScope', ...extra }), ovh, monday10am, none, en);
    expect(result.disposition).toBe('case');
    expect(result.reasons.map((r) => r.key)).toContain('triage:reason.outOfScopeAtRisk');
  });

  it('a person pointed elsewhere who declined to report is signposted only when low-risk', () => {
    expect(triage(draft({ finishedEarly: 'elsewhere' }), ovh, monday10am, none, en).disposition).toBe('signposted');
    const atRisk = triage(draft({ finishedEarly: 'elsewhere', incident: { categoryId: 'asb', violenceOrThreats: 'yes' } }), ovh, monday10am, none, en);
    expect(atRisk.disposition).toBe('case');
    expect(atRisk.reasons.map((r) => r.key)).toContain('triage:reason.finishedEarlyAtRisk');
  });

  it('Seven Locks Housing serves people living near its homes whatever their tenure', () => {
    expect(triage(draft({ tenure: 'ownerOccupier' }, slh.id), slh, monday10am, none, en).disposition).toBe('case');
  });
});

/** `n` earlier reports about the same victim in the last weeks. */
const history = (n: number, matchedOn: ('victim' | 'problem' | 'place')[] = ['victim'], marac = false) => ({
  earlier: Array.from({ length: n }, (_, i) => ({ at: new Date(monday10am.getTime() - (i + 1) * 7 * 86_400_000), matchedOn, marac })),
});
const da = { categoryId: 'domesticAbuse' };

describe('Dash and the MARAC criteria (SafeLives; OVH 2.6, 3.7.3)', () => {
  it('a Dash with 14 yes is visible high risk: MARAC and the Community Safety Team', () => {
    const result = triage(draft({ incident: da, risk: { dash: { answers: dashAnswers(14), completed: true } } }), ovh, monday10am, none, en);
    expect(result.flags).toMatchObject({ marac: true, maracCriteria: ['visibleHighRisk'] });
    expect(result.teamKey).toBe('policy:team.communitySafety');
    expect(result.risk.level).toBe('high');
    expect(result.reasons.map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringMatching(/14 "yes" answers/), 'MARAC: visible high risk, 14 "yes" answers on the Dash checklist (14 or more).']));
  });

  it('13 yes including strangulation and threats to kill: medium and no MARAC by the criteria, but urgent, named, for a professional to judge today', () => {
    const answers = { ...dashAnswers(11), strangulation: 'yes' as const, threatsToKill: 'yes' as const };
    const result = triage(draft({ incident: da, risk: { dash: { answers, completed: true } } }), ovh, monday10am, none, en);
    expect(result.risk.dash).toMatchObject({ yesCount: 13, level: 'medium', marac: false });
    expect(result.flags.marac).toBe(false);
    expect(result.flags.riskIndicators).toEqual(expect.arrayContaining(['strangulation', 'threatsToKill']));
    expect(result.rules).toContain('keyRiskFactors');
    expect(result.priority).toBe('urgent');
    expect(result.reasons.map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringMatching(/professional should decide today whether to refer to MARAC/)]));
  });

  it('shows stalking and separation to staff by name', () => {
    const answers = { ...dashAnswers(0), stalking: 'yes' as const, separation: 'yes' as const };
    const result = triage(draft({ incident: da, risk: { dash: { answers, completed: true } } }), ovh, monday10am, none, en);
    expect(result.flags.riskIndicators).toEqual(['stalking', 'separation']);
    expect(result.reasons.map((r) => r.text)).toContain('Answered yes on the Dash checklist: stalking, separation.');
  });

  it('professional judgement on a low count gives MARAC', () => {
    const result = triage(draft({ incident: da, risk: { dash: { answers: dashAnswers(4), completed: true, professionalJudgement: true } } }), ovh, monday10am, none, en);
    expect(result.flags).toMatchObject({ marac: true, maracCriteria: ['professionalJudgement'] });
    expect(result.priority).toBe('urgent');
  });

  it('potential escalation: 3 police call-outs in 12 months (the pack threshold) gives MARAC', () => {
    const result = triage(draft({ incident: da, risk: { dash: { answers: dashAnswers(3), completed: true }, policeCallOuts: 3 } }), ovh, monday10am, none, en);
    expect(result.flags.maracCriteria).toEqual(['potentialEscalation']);
    expect(result.reasons.map((r) => r.text)).toContain('MARAC: potential escalation, 3 police call-outs in the last 12 months.');
  });

  it('repeat MARAC: a further report about a victim referred to MARAC in the last 12 months', () => {
    const result = triage(draft({ incident: da }), ovh, monday10am, history(1, ['victim'], true), en);
    expect(result.flags).toMatchObject({ marac: true, maracCriteria: ['repeatMarac'] });
  });

  it("an IDVA's referral with 'Dash 17, high risk' is triaged on it: visible high risk, MARAC, and no claim of answers given here (OVH 2.6)", () => {
    const result = triage(
      draft({ reporter: { role: 'professional', organisation: 'IDVA service' }, incident: da, risk: { professionalAssessment: { dashYesCount: 17, level: 'high' } } }),
      ovh,
      monday10am,
      none,
      en,
    );
    expect(result.flags).toMatchObject({ marac: true, maracCriteria: ['visibleHighRisk'] });
    expect(result.risk.level).toBe('high');
    expect(result.priority).toBe('urgent');
    expect(result.reasons.map((r) => r.text)).toEqual(expect.arrayContaining(['The referring professional assesses the risk as high.']));
  });

  it('a referral raised by a MARAC is high risk and flagged, and says so rather than claiming a checklist', () => {
    const result = triage(draft({ reporter: { role: 'professional', maracReferral: true }, incident: da }), ovh, monday10am, none, en);
    expect(result.flags.marac).toBe(true);
    expect(result.risk.level).toBe('high');
    expect(result.reasons.map((r) => r.text)).toContain('The report is a referral from a MARAC.');
    expect(result.reasons.map((r) => r.text).join(' ')).not.toMatch(/A Dash risk checklist gives high risk/);
  });
});

describe('repeat victims and the Community Trigger (OVH 3.7.3, 3.9.4)', () => {
  it.each([
    [0, false, false],
    [1, true, false],
    [2, true, true],
    [5, true, true],
  ])('%i earlier reports about the same victim: repeat victim %s, Community Trigger %s', (n, repeat, trigger) => {
    const result = triage(draft(), ovh, monday10am, history(n), en);
    expect(result.flags.repeatVictim).toBe(repeat);
    expect(result.flags.communityTriggerCandidate).toBe(trigger);
    expect(result.noticeKeys.includes('policy:notice.caseReview')).toBe(trigger);
  });

  it('reports about the same place or problem count for the Community Trigger, not for a repeat victim', () => {
    const result = triage(draft(), ovh, monday10am, history(2, ['place']), en);
    expect(result.flags).toMatchObject({ repeatVictim: false, communityTriggerCandidate: true });
  });

  it('is not raised for domestic abuse, which goes to MARAC instead', () => {
    expect(triage(draft({ incident: da }), ovh, monday10am, history(3), en).flags.communityTriggerCandidate).toBe(false);
  });
});

describe('forms of domestic abuse (OVH 1.5.3.1)', () => {
  it.each([
    ['forcedMarriage', 'forcedMarriageUnit', false],
    ['honourBased', 'honourBasedAbuse', false],
    ['fgm', 'nspccFgm', true],
  ] as const)('%s → the %s line; child safeguarding %s', (form, helpline, child) => {
    for (const pack of [ovh, slh]) {
      const result = triage(draft({ incident: { ...da, domesticAbuseForms: [form] } }, pack.id), pack, monday10am, none, en);
      expect(result.helplineIds).toContain(helpline);
      expect(result.flags.childAtRisk).toBe(child);
    }
  });
});

describe('helplines and what the pack does for a report', () => {
  it('gives helplines that fit the kind of report', () => {
    expect(triage(draft({ incident: { categoryId: 'domesticAbuse' } }), ovh, monday10am, none, en).helplineIds).toContain('nationalDomesticAbuseHelpline');
    expect(triage(draft({ incident: { categoryId: 'hateCrime' } }), ovh, monday10am, none, en).helplineIds).toContain('stopHateUk');
    expect(triage(draft(), ovh, monday10am, none, en).helplineIds).toEqual(['victimSupport']);
    expect(triage(draft({ incident: { categoryId: 'asb', subcategoryId: 'drugs' } }), ovh, monday10am, none, en).helplineIds).toEqual(['victimSupport', 'police101', 'crimestoppers']);
  });

  it('keeps a report whose subcategory the pack does not know, routing it by its category', () => {
    const result = triage(draft({ incident: { categoryId: 'harassment', subcategoryId: 'unheardOf' } }), ovh, monday10am, none, en);
    expect(result.teamId).toBe('communitySafety');
    expect(result.reasons.map((r) => r.text)).toEqual(expect.arrayContaining([expect.stringContaining('unheardOf')]));
  });

  it('keeps a report whose category the pack does not know, at high priority for a person to re-triage', () => {
    const result = triage(draft({ incident: { categoryId: 'unknown' } }), ovh, monday10am, none, en);
    expect(result.disposition).toBe('case');
    expect(result.priority).toBe('high');
    expect(result.reasons[0]?.text).toMatch(/"unknown" is not in the policy pack/);
  });
});

describe('reasons staff read (locales/en/triage.json)', () => {
  const i18n = createTranslations();
  const harmYes = { disabilityOrIllness: 'yes', livesAlone: 'yes', feelsUnsafeAtHome: 'yes' } as const;
  // One report for every sentence triage writes, and the English staff read.
  const hoursInOffice = { ...ovh, serviceStandards: { ...ovh.serviceStandards, firstResponse: { ...ovh.serviceStandards.firstResponse, urgent: { hours: 2, roundTheClock: false, source: 'a pack whose urgent cases wait for the office' } } } };
  const rows: [key: string, report: DraftOverrides, earlier: number, text: string, at?: { pack?: typeof ovh; received?: Date }][] = [
    ['triage:reason.unknownCategory', { incident: { categoryId: 'unknown' } }, 0, 'The category "unknown" is not in the policy pack: check what happened and re-triage by hand.'],
    ['triage:reason.unknownSubcategory', { incident: { categoryId: 'harassment', subcategoryId: 'unheardOf' } }, 0, 'The subcategory "unheardOf" is not in the policy pack, so it was ignored for routing.'],
    ['triage:reason.dash', { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: dashAnswers(14), completed: true } } }, 0, 'Dash risk checklist: 14 "yes" answers out of 24 answered: high risk.'],
    ['triage:reason.dash', { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: dashAnswers(1), completed: true } } }, 0, 'Dash risk checklist: 1 "yes" answer out of 24 answered: standard risk.'],
    ['triage:reason.harm', { vulnerability: { harm: harmYes } }, 0, 'Risk assessment matrix: 3 "yes" answers, score 3: high risk.'],
    ['triage:reason.harm', { vulnerability: { harm: { livesAlone: 'yes' } } }, 0, 'Risk assessment matrix: 1 "yes" answer, score 1: standard risk.'],
    ['triage:reason.dashProfessional', { reporter: { role: 'professional' }, incident: da, risk: { professionalAssessment: { dashYesCount: 16 } } }, 0, 'The referrer\'s own Dash checklist: 16 "yes" answers: high risk.'],
    ['triage:reason.dashNotAsked', { reporter: { role: 'professional' }, incident: da, risk: { policeCallOuts: 1 } }, 0, 'No Dash answers were given here; the MARAC criteria were checked on what the referrer told us: standard risk.'],
    ['triage:reason.marac.visibleHighRisk', { incident: da, risk: { dash: { answers: dashAnswers(15), completed: true } } }, 0, 'MARAC: visible high risk, 15 "yes" answers on the Dash checklist (14 or more).'],
    ['triage:reason.marac.professionalJudgement', { incident: da, risk: { dash: { answers: dashAnswers(4), completed: true, professionalJudgement: true } } }, 0, 'MARAC: professional judgement says this is high risk, whatever the count.'],
    ['triage:reason.marac.potentialEscalation', { incident: da, risk: { policeCallOuts: 4 } }, 0, 'MARAC: potential escalation, 4 police call-outs in the last 12 months.'],
    ['triage:reason.marac.repeatMarac', { incident: da, risk: { previousMarac: 'yes' } }, 0, 'MARAC: repeat MARAC, a further incident within 12 months of the last MARAC referral.'],
    ['triage:reason.riskIndicators', { incident: da, risk: { dash: { answers: { strangulation: 'yes' }, completed: false } } }, 0, 'Answered yes on the Dash checklist: strangulation.'],
    ['triage:reason.professionalLevel', { reporter: { role: 'professional' }, incident: da, risk: { professionalAssessment: { level: 'medium' } } }, 0, 'The referring professional assesses the risk as medium.'],
    ['triage:reason.childSafeguardingForm', { incident: { ...da, domesticAbuseForms: ['fgm'] } }, 0, 'A form of abuse that is a child-safeguarding concern was reported (fgm): follow child safeguarding procedures.'],
    ['triage:reason.abuseFormAlert', { incident: { ...da, domesticAbuseForms: ['forcedMarriage'] } }, 0, 'Forced marriage was reported: its specialist line was given to the reporter. Act on it today, with the specialist service; do not contact or mediate with the family, which can put the person at greater risk.'],
    ['triage:alert.abuseForm', { incident: { ...da, domesticAbuseForms: ['fgm', 'forcedMarriage'] } }, 0, 'Reported: FGM (female genital mutilation), Forced marriage. Act today with the specialist service, and do not contact or mediate with the family.'],
    ['triage:reason.task.passToPolice', { incident: { categoryId: 'asb', subcategoryId: 'drugs' } }, 0, 'Task: pass the information to the police as intelligence, whether or not the person reports it themselves.'],
    ['triage:reason.task.reviewEvidence', { incident: { categoryId: 'asb', subcategoryId: 'noise' } }, 0, 'Task: ask for and review the evidence (noise recordings); if we will not act, tell them they can complain to the council.'],
    ['triage:reason.task.checkPoliceEngagement', { incident: { categoryId: 'asb', subcategoryId: 'otherCrime' } }, 0, 'Task: check the person has reported it to the police; we act alongside the police, not instead of them.'],
    ['triage:reason.task.repairs', { incident: { categoryId: 'asb', subcategoryId: 'vandalism' }, tenure: 'socialTenant' }, 0, 'Task: ask the repairs team for a priority repair of the damage.', { pack: slh }],
    ['triage:alert.communityTrigger', {}, 2, 'Community Trigger count reached: the victim has the right to an ASB Case Review. Tell them, and consider a case review with partner agencies.'],
    ['triage:reason.maracReferral', { reporter: { role: 'professional', maracReferral: true }, incident: { categoryId: 'domesticAbuse' } }, 0, 'The report is a referral from a MARAC.'],
    ['triage:reason.repeatVictimReports', {}, 1, 'Repeat victim: 1 earlier report about the same person in the last 6 months.'],
    ['triage:reason.repeatVictimReports', {}, 2, 'Repeat victim: 2 earlier reports about the same person in the last 6 months.'],
    ['triage:reason.repeatVictimSaid', { vulnerability: { harm: { repeatTarget: 'yes' } } }, 0, 'Repeat victim: the person says this has happened to them before.'],
    ['triage:reason.communityTrigger', {}, 2, 'Community Trigger: this is report 3 about the same person, problem or place in 6 months (threshold 3). Tell them of their right to an ASB Case Review.'],
    ['triage:reason.outOfScopeAccepted', { tenure: 'ownerOccupier', perpetrator: { isOurTenant: 'yes' } }, 0, "The reporter's tenure (ownerOccupier) is out of scope, but the alleged perpetrator is our tenant, so the report is accepted."],
    ['triage:reason.outOfScopeSignposted', { tenure: 'ownerOccupier', finishedEarly: 'outOfScope' }, 0, "The reporter's tenure (ownerOccupier) is out of scope, so they were signposted to other help and no case was opened."],
    ['triage:reason.outOfScopeSentAnyway', { tenure: 'ownerOccupier' }, 0, "The reporter's tenure (ownerOccupier) is out of scope, but they chose to send the report: a person reads it and decides what help to offer."],
    ['triage:reason.outOfScopeAtRisk', { tenure: 'ownerOccupier', finishedEarly: 'outOfScope', incident: { categoryId: 'domesticAbuse' } }, 0, "The reporter's tenure (ownerOccupier) is out of scope and they chose to finish, but what they told us needs a person to read it."],
    ['triage:reason.outOfScopeTenancyUnknown', { tenure: 'ownerOccupier', perpetrator: { isOurTenant: 'dont_know' } }, 0, "The reporter's tenure (ownerOccupier) is out of scope and they do not know whether the person responsible is our tenant: check the tenancy."],
    ['triage:reason.declinedSignposted', { finishedEarly: 'elsewhere' }, 0, 'The person was pointed to another service and chose not to report to us; it is low-risk, so no case was opened.'],
    ['triage:reason.finishedEarlyAtRisk', { finishedEarly: 'elsewhere', vulnerability: { childrenInvolved: 'yes' } }, 0, 'The person chose to finish after being pointed to another service, but what they told us needs a person to read it.'],
    ['triage:reason.urgentNow', { incident: { categoryId: 'domesticAbuse' }, risk: { dash: { answers: { threatsToKill: 'yes', strangulation: 'yes' }, completed: false } }, vulnerability: { childrenInvolved: 'yes' } }, 0, 'High risk: threats to kill, choking or strangling, children involved where there is violence or domestic abuse. The case is urgent.'],
    ['triage:reason.firstActionAnonymous', { anonymity: 'anonymous' }, 0, 'There is no way to contact the reporter (anonymous, or no contact details given), so act on it by 2026-11-24 17:00 (normal priority).'],
    ['triage:reason.firstActionAnonymous', { safeContact: { channels: ['phone'] }, channel: 'webchat' }, 0, 'There is no way to contact the reporter (anonymous, or no contact details given), so act on it by 2026-11-24 17:00 (normal priority).'],
    ['triage:reason.appointmentOfferAnonymous', { anonymity: 'anonymous' }, 0, 'Offer a face-to-face appointment: not possible, there is no way to contact the reporter.'],
    ['triage:reason.firstActionDuty', { anonymity: 'anonymous', safety: { immediateDangerAtStart: true } }, 0, 'There is no way to contact the reporter, so act on it by 2026-11-23 14:00 (urgent priority), at any hour. Out of hours: OVH out-of-hours emergency duty officer (number set at deployment).'],
    ['triage:reason.firstResponseDays', {}, 0, 'Respond to the reporter within 1 working day (normal priority): by 2026-11-24 17:00.'],
    ['triage:reason.firstResponseDays', { incident: { categoryId: 'domesticAbuse' } }, 0, 'Respond to the reporter the same working day (high priority): by 2026-11-23 17:00.'],
    ['triage:reason.firstResponseHours', { safety: { immediateDangerAtStart: true } }, 0, 'Respond to the reporter within 2 hours (urgent priority): by 2026-11-23 12:00.', { pack: hoursInOffice }],
    ['triage:reason.clockStartsAtOpening', {}, 0, 'Received while the office was closed, so the clock starts when it opens: 2026-11-23 09:00.', { received: new Date('2026-11-21T10:00:00Z') }],
    ['triage:reason.firstResponseHoursDuty', { safety: { immediateDangerAtStart: true } }, 0, 'Respond within 4 hours at any hour (urgent priority): by 2026-11-23 14:00. Out of hours: OVH out-of-hours emergency duty officer (number set at deployment).'],
    ['triage:reason.childReporter', { reporter: { role: 'victim', ageBand: 'under16' }, incident: { categoryId: 'domesticAbuse' } }, 0, 'The person reporting is under 16: a child. Follow child safeguarding procedures (a referral to children\'s social care). They were given Childline (0800 1111) and were not asked the adult Dash checklist.'],
    ['triage:reason.youngPersonReporter', { reporter: { role: 'victim', ageBand: '16to17' }, incident: { categoryId: 'domesticAbuse' } }, 0, 'The person reporting is 16 or 17: a young person. Domestic abuse law and MARAC apply from 16, and they are still a child for safeguarding: consider a referral to children\'s social care, and assess risk with them using the young people\'s Dash checklist, not the adult one (they were not asked it). They were given Childline (0800 1111).'],
    ['triage:reason.appointmentOfferDue', {}, 0, 'Offer a face-to-face appointment within 5 working days: by 2026-11-30.'],
  ];

  it.each(rows)('%s reads as a sentence', (...row) => {
    const [key, report, earlier, text, at] = row;
    const result = triage(draft(report, at?.pack?.id), at?.pack ?? ovh, at?.received ?? monday10am, history(earlier), en);
    expect([...result.reasons, ...result.alerts]).toEqual(expect.arrayContaining([expect.objectContaining({ key, text })]));
  });

  it('every triage: key in src/cases/triage.ts is in locales/en/triage.json, and no reason shows a raw key or placeholder', () => {
    const used = keyLiteralsInSource(path.resolve(__dirname, '../../src/cases'), new Set(['triage']));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((key) => !i18n.has('en', key))).toEqual([]);
    // Each key is rendered by a report above (a new sentence needs a row), and renders as words.
    expect(used.filter((key) => key.startsWith('triage:reason.') && !rows.some(([k]) => k === key))).toEqual([]);
    for (const [, report, earlier, , at] of rows) {
      for (const reason of triage(draft(report, at?.pack?.id), at?.pack ?? ovh, at?.received ?? monday10am, history(earlier), en).reasons) {
        expect(reason.text).not.toMatch(/^triage:|^reason\.|\{\{|\}\}/);
        if (reason.key) expect(reason.text).not.toBe(reason.key.replace(/^triage:/, ''));
      }
    }
  });
});
