// The questions of the risk instruments, as data. Their wording is ours and lives in
// locales/<lng>/risk.json (`risk:dash.<id>`); scoring lives in src/cases/risk.
//
// The SafeLives Dash risk checklist (2009): its 24 topics in SafeLives' order, each yes / no / don't know,
// any may be skipped. 14 or more "yes" is visible high risk, one of the four MARAC criteria (the others:
// professional judgement, potential escalation, repeat MARAC; see src/cases/risk.ts).
export const DASH_QUESTION_IDS = [
  'injury', // 1. the current incident resulted in injury
  'frightened', // 2. very frightened
  'afraidOf', // 3. what are you afraid of: further injury or violence, to whom
  'isolated', // 4. isolated from family, friends, doctor
  'depressedOrSuicidal', // 5. depressed or suicidal thoughts
  'separation', // 6. separated or tried to in the past year
  'childContactConflict', // 7. conflict over child contact
  'stalking', // 8. constant texts, calls, contact, following, stalking, harassment
  'pregnancy', // 9. pregnant or a baby in the last 18 months
  'moreOften', // 10. abuse happening more often
  'gettingWorse', // 11. abuse getting worse
  'controlling', // 12. controls everything, excessively jealous
  'weapons', // 13. used weapons or objects to hurt
  'threatsToKill', // 14. threatened to kill you or someone else, and you believed them
  'strangulation', // 15. attempted to strangle, choke, suffocate or drown
  'sexualAbuse', // 16. sexual things that make you feel bad or physically hurt
  'otherThreats', // 17. another person who has threatened you or whom you fear
  'hurtOthers', // 18. known to have hurt anyone else
  'animals', // 19. mistreated an animal or the family pet
  'financial', // 20. financial issues, dependence for money
  'substanceOrMentalHealth', // 21. drugs, alcohol or mental health problems in the past year
  'suicideThreats', // 22. threatened or attempted suicide
  'breachedBailOrOrder', // 23. broken bail, an injunction or a formal agreement about contact
  'criminalHistory', // 24. in trouble with the police, a criminal history
] as const;
export type DashQuestionId = (typeof DASH_QUESTION_IDS)[number];
export const DASH_HIGH_RISK_YES_COUNT = 14;
/** Answers staff see by name whatever the count: each is a known marker of serious harm or homicide. */
export const DASH_NAMED_FLAGS = ['strangulation', 'threatsToKill', 'stalking', 'separation'] as const satisfies readonly DashQuestionId[];
export type DashNamedFlag = (typeof DASH_NAMED_FLAGS)[number];

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
