// The questions of the risk instruments, as data. Their wording is ours and lives in
// locales/<lng>/risk.json (`risk:dash.<id>`); scoring lives in src/cases/risk.
//
// SafeLives Dash risk checklist: 24 questions, each yes / no / don't know, any may be skipped;
// 14 or more "yes" is high risk and a MARAC referral.
export const DASH_QUESTION_IDS = [
  'injury',
  'frightened',
  'isolated',
  'depressedOrSuicidal',
  'separation',
  'childContactConflict',
  'stalking',
  'pregnancy',
  'otherChildren',
  'hurtChildren',
  'threatenedChildren',
  'moreOften',
  'gettingWorse',
  'controlling',
  'weapons',
  'threatsToKill',
  'strangulation',
  'sexualAbuse',
  'otherThreats',
  'hurtOthers',
  'animals',
  'financial',
  'substanceOrMentalHealth',
  'suicideThreats',
] as const;
export type DashQuestionId = (typeof DASH_QUESTION_IDS)[number];
export const DASH_HIGH_RISK_YES_COUNT = 14;

// ASB harm assessment: personal, situational and incidental vulnerability.
export const ASB_HARM_QUESTIONS = [
  { id: 'disabilityOrIllness', factor: 'personal' },
  { id: 'mentalHealth', factor: 'personal' },
  { id: 'olderOrYounger', factor: 'personal' },
  { id: 'livesAlone', factor: 'situational' },
  { id: 'repeatTarget', factor: 'situational' },
  { id: 'isolatedNoSupport', factor: 'situational' },
  { id: 'affectsSleepOrHealth', factor: 'incidental' },
  { id: 'feelsUnsafeAtHome', factor: 'incidental' },
  { id: 'consideringMoving', factor: 'incidental' },
] as const;
export type AsbHarmQuestionId = (typeof ASB_HARM_QUESTIONS)[number]['id'];
