import riskLocale from '../../locales/en/risk.json';
import { ASB_HARM_QUESTIONS, DASH_QUESTION_IDS } from '../../dialogs/shared/risk-instruments';
import { harassmentFlags, hateCrimeFlags, scoreAsbHarm, scoreDash, type RiskAnswer } from '../../src/cases/risk';

function dash(yes: number, rest: RiskAnswer = 'no'): Record<string, RiskAnswer> {
  return Object.fromEntries(DASH_QUESTION_IDS.map((id, i) => [id, i < yes ? 'yes' : rest]));
}

describe('Dash risk checklist', () => {
  it.each([
    [0, 'standard', false],
    [9, 'standard', false],
    [10, 'medium', false],
    [13, 'medium', false],
    [14, 'high', true],
    [24, 'high', true],
  ])('%i "yes" answers → %s risk, MARAC %s', (yes, level, marac) => {
    const score = scoreDash(dash(yes));
    expect(score).toMatchObject({ yesCount: yes, answered: 24, level, marac });
  });

  it('lets every question be skipped or answered "don\'t know" without counting as yes', () => {
    expect(scoreDash(dash(0, 'skipped'))).toMatchObject({ yesCount: 0, answered: 0, level: 'standard' });
    expect(scoreDash(dash(3, 'dont_know'))).toMatchObject({ yesCount: 3, answered: 24, level: 'standard' });
  });

  it('is raised to high and MARAC by professional judgement or escalation, whatever the count', () => {
    expect(scoreDash(dash(2), { professionalJudgement: true })).toMatchObject({ level: 'high', marac: true, reasons: ['dash.professionalJudgement'] });
    expect(scoreDash(dash(2), { escalation: true })).toMatchObject({ level: 'high', marac: true });
  });

  it('ignores answers to questions that are not on the checklist', () => {
    expect(scoreDash({ ...dash(13), madeUp: 'yes' }).level).toBe('medium');
  });

  it('has every question in our own words, short enough for one SMS', () => {
    for (const id of DASH_QUESTION_IDS) {
      const text = (riskLocale.dash as Record<string, string>)[id];
      expect({ id, ok: typeof text === 'string' && text.length > 10 && text.length <= 160 }).toEqual({ id, ok: true });
    }
    for (const q of ASB_HARM_QUESTIONS) expect((riskLocale.harm as Record<string, string>)[q.id]).toMatch(/\?$/);
  });
});

describe('ASB harm assessment', () => {
  it.each([
    [{}, 'standard'],
    [{ livesAlone: 'yes' }, 'standard'],
    [{ livesAlone: 'yes', affectsSleepOrHealth: 'yes' }, 'medium'],
    [{ disabilityOrIllness: 'yes', livesAlone: 'yes', affectsSleepOrHealth: 'yes' }, 'high'],
    [{ mentalHealth: 'yes', feelsUnsafeAtHome: 'yes' }, 'high'],
    [{ livesAlone: 'yes', repeatTarget: 'yes', isolatedNoSupport: 'yes', affectsSleepOrHealth: 'yes', consideringMoving: 'yes' }, 'high'],
    [{ livesAlone: 'dont_know', feelsUnsafeAtHome: 'skipped' }, 'standard'],
  ] as [Record<string, RiskAnswer>, string][])('%j → %s', (answers, level) => {
    expect(scoreAsbHarm(answers).level).toBe(level);
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
