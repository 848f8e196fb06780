// A professional's referral of domestic abuse (OVH 2.6): what they already know, in their own terms, instead of
// the checklist worded to the person harmed: their Dash score, the level they assessed, high risk on their
// judgement, police call-outs in the last 12 months and an earlier MARAC (the SafeLives MARAC criteria). Each may
// be skipped. Not in discreet mode: nothing that names risk or the police goes to a chat someone else may read.
import { intake } from './intake.setup';
import { question } from './intake.questions';
import { DONT_KNOW, NO, YES_NO, YES_NO_DONT_KNOW } from './intake.context';

/** "No" and "don't know" are picked by their words: a number here is the answer, never an option's number. */
const COUNT_CHOICES = [{ ...NO, hidden: true }, { ...DONT_KNOW, hidden: true }];
const LEVELS = ['standard', 'medium', 'high', 'notAssessed'].map((id) => ({ id, key: `intake:askingReferralLevel.${id}` }));
const DASH_TOPICS = 24;

export const referral = intake.createStateConfig({
  initial: 'checking',
  states: {
    checking: {
      always: [{ guard: 'isDiscreet', target: 'done' }, { target: 'askingReferralDash', actions: { type: 'setFlag', params: { field: 'risk.referralAsked', value: true } } }],
    },
    // "17", "Dash 17", "17/24"; "no" when they have not done one.
    askingReferralDash: {
      ...question('askingReferralDash', { choices: COUNT_CHOICES, expects: 'count', optional: true, exampleKey: 'intake:askingReferralDash.example' }),
      on: {
        'user.message': [
          {
            guard: { type: 'hasCount', params: { max: DASH_TOPICS } },
            target: 'askingReferralLevel',
            actions: { type: 'recordCount', params: { field: 'risk.referralDashYesCount', noIsZero: false } },
          },
          { guard: 'hasCount', actions: { type: 'say', params: { key: 'intake:askingReferralDash.range' } } },
          { guard: 'hasChoice', target: 'askingReferralLevel', actions: { type: 'recordCount', params: { field: 'risk.referralDashYesCount', noIsZero: false } } },
        ],
        'user.skip': { target: 'askingReferralLevel' },
      },
    },
    askingReferralLevel: {
      ...question('askingReferralLevel', { choices: LEVELS, optional: true }),
      on: {
        'user.message': { guard: 'hasChoice', target: 'checkingJudgement', actions: 'recordReferralLevel' },
        'user.skip': { target: 'checkingJudgement' },
      },
    },
    // Standard or medium is their judgement already: high risk on judgement is asked otherwise.
    checkingJudgement: { always: [{ guard: 'referralLevelBelowHigh', target: 'askingReferralCallOuts' }, { target: 'askingReferralJudgement' }] },
    askingReferralJudgement: {
      ...question('askingReferralJudgement', { choices: YES_NO, optional: true }),
      on: {
        'user.message': { guard: 'hasChoice', target: 'askingReferralCallOuts', actions: { type: 'recordYesNo', params: { field: 'risk.referralJudgement' } } },
        'user.skip': { target: 'askingReferralCallOuts' },
      },
    },
    askingReferralCallOuts: {
      ...question('askingReferralCallOuts', { choices: COUNT_CHOICES, expects: 'count', optional: true, exampleKey: 'intake:askingReferralCallOuts.example' }),
      on: {
        // "None" is 0; "don't know" leaves it unanswered.
        'user.message': [
          { guard: 'hasCount', target: 'askingReferralMarac', actions: { type: 'recordCount', params: { field: 'risk.policeCallOuts', noIsZero: true } } },
          { guard: 'hasChoice', target: 'askingReferralMarac', actions: { type: 'recordCount', params: { field: 'risk.policeCallOuts', noIsZero: true } } },
        ],
        'user.skip': { target: 'askingReferralMarac' },
      },
    },
    askingReferralMarac: {
      ...question('askingReferralMarac', { choices: YES_NO_DONT_KNOW, optional: true }),
      on: {
        'user.message': { guard: 'hasChoice', target: 'done', actions: { type: 'recordAnswer', params: { field: 'risk.previousMarac' } } },
        'user.skip': { target: 'done' },
      },
    },
    done: { type: 'final' },
  },
});
