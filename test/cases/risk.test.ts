// The SafeLives Dash checklist and the MARAC criteria, and the pack's risk assessment matrix (OVH 3.7.3).
import riskLocale from '../../locales/en/risk.json';
import { DASH_QUESTION_IDS } from '../../dialogs/shared/risk-instruments';
import { assessDash, harassmentFlags, hateCrimeFlags, maracCriteria, scoreHarm, type RiskAnswer } from '../../src/cases/risk';
import { loadPolicyPack } from '../../src/policy/load';

const ovh = loadPolicyPack('one-vision-housing');
const marac = ovh.risk.marac;
const medium = ovh.risk.dashMediumYesCount;

function dash(yes: number, rest: RiskAnswer = 'no'): Record<string, RiskAnswer> {
  return Object.fromEntries(DASH_QUESTION_IDS.map((id, i) => [id, i < yes ? 'yes' : rest]));
}

describe('Dash risk checklist (SafeLives)', () => {
  it('has the 24 topics of the SafeLives checklist, in its order', () => {
    expect(DASH_QUESTION_IDS).toHaveLength(24);
    expect(DASH_QUESTION_IDS).toEqual(expect.arrayContaining(['injury', 'afraidOf', 'breachedBailOrOrder', 'criminalHistory', 'strangulation', 'threatsToKill']));
    // Not police child questions: the checklist asks about children through contact, pregnancy and hurting others.
    expect(DASH_QUESTION_IDS).not.toEqual(expect.arrayContaining(['hurtChildren']));
    expect(DASH_QUESTION_IDS.slice(0, 3)).toEqual(['injury', 'frightened', 'afraidOf']);
    expect(DASH_QUESTION_IDS.slice(-2)).toEqual(['breachedBailOrOrder', 'criminalHistory']);
  });

  it('asks about injury from this incident, not ever', () => {
    expect(riskLocale.dash.injury).toMatch(/this time/);
    expect(riskLocale.dash.injury).not.toMatch(/\bever\b/);
  });

  it.each([
    [0, 'standard', false],
    [9, 'standard', false],
    [10, 'medium', false],
    [13, 'medium', false],
    [14, 'high', true],
    [24, 'high', true],
  ])('%i "yes" answers → %s risk, MARAC %s (visible high risk is 14+)', (yes, level, referred) => {
    expect(assessDash(dash(yes), {}, marac, medium)).toMatchObject({ yesCount: yes, answered: 24, level, marac: referred });
  });

  it('13 yes including strangulation and threats to kill: not MARAC by the count, but both named for staff to judge', () => {
    const answers = { ...dash(0), strangulation: 'yes', threatsToKill: 'yes' } as Record<string, RiskAnswer>;
    const others = DASH_QUESTION_IDS.filter((id) => id !== 'strangulation' && id !== 'threatsToKill').slice(0, 11);
    for (const id of others) answers[id] = 'yes';
    const score = assessDash(answers, {}, marac, medium);
    expect(score).toMatchObject({ yesCount: 13, level: 'medium', marac: false, criteria: [] });
    expect(score.namedFlags).toEqual(expect.arrayContaining(['strangulation', 'threatsToKill']));
    // The same answers with a professional's judgement: MARAC on professional judgement.
    expect(assessDash(answers, { professionalJudgement: true }, marac, medium)).toMatchObject({ level: 'high', marac: true, criteria: ['professionalJudgement'] });
  });

  it('lets every question be skipped or answered "don\'t know" without counting as yes', () => {
    expect(assessDash(dash(0, 'skipped'), {}, marac, medium)).toMatchObject({ yesCount: 0, answered: 0, level: 'standard' });
    expect(assessDash(dash(3, 'dont_know'), {}, marac, medium)).toMatchObject({ yesCount: 3, answered: 24, level: 'standard' });
  });

  it('ignores answers to questions that are not on the checklist', () => {
    expect(assessDash({ ...dash(13), madeUp: 'yes' }, {}, marac, medium).level).toBe('medium');
  });

  it('has every question in our own words, short enough for one SMS', () => {
    for (const id of DASH_QUESTION_IDS) {
      const text = (riskLocale.dash as Record<string, string>)[id];
      expect({ id, ok: typeof text === 'string' && text.length > 10 && text.length <= 160 && text.endsWith('?') }).toEqual({ id, ok: true });
    }
  });
});

describe('the MARAC criteria (SafeLives)', () => {
  it.each([
    ['visible high risk', { yesCount: 14 }, ['visibleHighRisk']],
    ['professional judgement, whatever the count', { yesCount: 2, professionalJudgement: true }, ['professionalJudgement']],
    ['potential escalation: 3 police call-outs in 12 months (the pack threshold)', { yesCount: 4, policeCallOuts: 3 }, ['potentialEscalation']],
    ['2 call-outs are below the threshold', { yesCount: 4, policeCallOuts: 2 }, []],
    ['repeat MARAC: a further incident within 12 months of the last referral', { yesCount: 0, maracReferralWithinRepeatWindow: true }, ['repeatMarac']],
  ] as const)('%s', (_n, input, criteria) => {
    const result = maracCriteria(input, marac, medium);
    expect(result.criteria).toEqual(criteria);
    expect(result.level).toBe(criteria.length > 0 ? 'high' : 'standard');
  });

  it('takes the score a professional already has when they give no answers (OVH 2.6)', () => {
    expect(assessDash({}, { professionalYesCount: 17 }, marac, medium)).toMatchObject({ yesCount: 17, level: 'high', criteria: ['visibleHighRisk'] });
  });

  it('uses the pack threshold for escalation', () => {
    const strict = { ...marac, potentialEscalation: { ...marac.potentialEscalation, policeCallOutsAtLeast: 5 } };
    expect(maracCriteria({ yesCount: 0, policeCallOuts: 4 }, strict, medium).criteria).toEqual([]);
  });
});

describe('risk assessment matrix: the documented default in both packs (OVH 3.7.3)', () => {
  it.each([
    [{}, 'standard'],
    [{ livesAlone: 'yes' }, 'standard'],
    [{ livesAlone: 'yes', affectsSleepOrHealth: 'yes' }, 'medium'],
    [{ disabilityOrIllness: 'yes', livesAlone: 'yes', affectsSleepOrHealth: 'yes' }, 'high'],
    [{ mentalHealth: 'yes', feelsUnsafeAtHome: 'yes' }, 'high'],
    [{ livesAlone: 'yes', repeatTarget: 'yes', isolatedNoSupport: 'yes', affectsSleepOrHealth: 'yes', consideringMoving: 'yes' }, 'high'],
    [{ livesAlone: 'dont_know', feelsUnsafeAtHome: 'skipped' }, 'standard'],
  ] as [Record<string, RiskAnswer>, string][])('%j → %s', (answers, level) => {
    expect(scoreHarm(answers, ovh.risk.matrix).level).toBe(level);
    expect(scoreHarm(answers, loadPolicyPack('seven-locks-housing').risk.matrix).level).toBe(level);
  });

  it("follows a pack's own weights and bands", () => {
    const matrix = { ...ovh.risk.matrix, questions: ovh.risk.matrix.questions.map((q) => (q.id === 'livesAlone' ? { ...q, weight: 3 } : q)), bands: { mediumAt: 3, highAt: 6 }, highWhen: [] };
    expect(scoreHarm({ livesAlone: 'yes' }, matrix)).toMatchObject({ score: 3, level: 'medium' });
    expect(scoreHarm({ mentalHealth: 'yes', feelsUnsafeAtHome: 'yes' }, matrix).level).toBe('standard');
  });

  it('has every question in our own words, and marks which a witness is asked', () => {
    for (const q of ovh.risk.matrix.questions) expect((riskLocale.harm as Record<string, string>)[q.id]).toMatch(/\?$/);
    expect(ovh.risk.matrix.questions.filter((q) => !q.askWitness).map((q) => q.id)).toEqual(['repeatTarget']);
  });
});

describe('hate crime and harassment flags', () => {
  const incident = (extra: object) => ({ incident: { categoryId: 'asb', hateMotivations: [], domesticAbuseForms: [], description: '', ...extra } });
  it('treats a report as a hate incident when the person says it was motivated by hate, whatever the category', () => {
    expect(hateCrimeFlags(incident({ hateMotivations: ['race'] }), 'asb')).toEqual({ hateIncident: true, motivations: ['race'] });
    expect(hateCrimeFlags(incident({}), 'hate_crime').hateIncident).toBe(true);
    expect(hateCrimeFlags(incident({}), 'asb').hateIncident).toBe(false);
  });
  it('marks harassment that keeps happening as a course of conduct', () => {
    expect(harassmentFlags(incident({ ongoing: 'yes' }), 'harassment')).toEqual({ harassment: true, courseOfConduct: true });
    expect(harassmentFlags(incident({}), 'harassment')).toEqual({ harassment: true, courseOfConduct: false });
  });
});
