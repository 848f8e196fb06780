// Scope: the person's tenure. Out of scope gets the pack's signposting, unless the pack accepts reports
// where the alleged perpetrator is our tenant (OVH 1.5.1.3); "don't know" is checked by a person. The person
// may still send the report; one that finishes here is signposted without a case only when it is low-risk
// (otherwise a person reads it, and they are told so before they choose).
import { intake } from './intake.setup';
import { question } from './intake.questions';
import { CARRY_ON, YES_NO_DONT_KNOW } from './intake.context';

const FINISH = { id: 'finish', key: 'intake:outOfScope.finish' };
const tenureAnswered = [
  { guard: { type: 'choiceIs' as const, params: { id: 'dont_know' } }, target: 'done' },
  { guard: 'hasChoice' as const, target: 'checkingTenure', actions: { type: 'recordChoice' as const, params: { field: 'tenure' as const } } },
];
const finishHere = { target: '#submitting', actions: [{ type: 'finishEarly' as const, params: { why: 'outOfScope' as const } }, 'requestSubmit' as const] };

export const scope = intake.createStateConfig({
  initial: 'choosingTenure',
  states: {
    // The pack's labels and "your home" are the person harmed's ("I rent ..."): a witness or someone reporting for
    // another is asked about the home of the person affected and gets "They rent ...".
    choosingTenure: { always: [{ guard: 'reportsForSomeoneElse', target: 'askingTenure_other' }, { target: 'askingTenure' }] },
    askingTenure: {
      ...question('askingTenure', { choicesFrom: 'tenureChoices' }),
      on: { 'user.message': tenureAnswered },
    },
    askingTenure_other: {
      ...question('askingTenure_other', { key: 'intake:askingTenure.promptOther', choicesFrom: 'tenureChoicesOther' }),
      on: { 'user.message': tenureAnswered },
    },
    checkingTenure: {
      always: [
        { guard: 'isInScope', target: 'done' },
        { guard: 'perpetratorIsOurTenant', target: 'done' },
        { guard: 'tenantExceptionApplies', target: 'askingIfPerpetratorRents' },
        { target: 'checkingRisk', actions: 'sayOutOfScope' },
      ],
    },
    askingIfPerpetratorRents: {
      ...question('askingIfPerpetratorRents', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'done', actions: { type: 'recordAnswer', params: { field: 'perpetrator.isOurTenant' } } },
          // Not knowing is not a reason to turn someone away: a person checks the tenancy.
          {
            guard: { type: 'choiceIs', params: { id: 'dont_know' } },
            target: 'done',
            actions: [{ type: 'recordAnswer', params: { field: 'perpetrator.isOurTenant' } }, { type: 'say', params: { key: 'intake:askingIfPerpetratorRents.willCheck' } }],
          },
          { guard: 'hasChoice', target: 'checkingRisk', actions: [{ type: 'recordAnswer', params: { field: 'perpetrator.isOurTenant' } }, 'sayOutOfScope'] },
        ],
      },
    },
    checkingRisk: { always: [{ guard: 'needsPersonalReview', target: 'outOfScopeAtRisk' }, { target: 'outOfScope' }] },
    outOfScope: {
      ...question('outOfScope', { choices: [FINISH, { id: 'sendAnyway', key: 'intake:outOfScope.sendAnyway' }] }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'finish' } }, ...finishHere },
          { guard: { type: 'choiceIs', params: { id: 'sendAnyway' } }, target: 'done' },
        ],
      },
    },
    // What they have told us already means a person reads it: they are told so, and choose how much more to say.
    outOfScopeAtRisk: {
      ...question('outOfScopeAtRisk', { choices: [CARRY_ON, FINISH] }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'finish' } }, ...finishHere },
          { guard: { type: 'choiceIs', params: { id: 'carryOn' } }, target: 'done' },
        ],
      },
    },
    done: { type: 'final' },
  },
});
