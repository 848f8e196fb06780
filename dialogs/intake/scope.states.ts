// Scope: the person's tenure. Out of scope gets the pack's signposting, unless the pack accepts reports
// where the alleged perpetrator is our tenant (OVH 1.5.1.3); the person may still send the report.
import { intake, question } from './intake.setup';
import { YES_NO_DONT_KNOW } from './intake.context';

export const scope = intake.createStateConfig({
  initial: 'askingTenure',
  states: {
    askingTenure: {
      ...question('askingTenure', { choicesFrom: 'tenureChoices' }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'dont_know' } }, target: 'done' },
          { guard: 'hasChoice', target: 'checkingTenure', actions: { type: 'recordChoice', params: { field: 'tenure' } } },
        ],
      },
    },
    checkingTenure: {
      always: [
        { guard: 'isInScope', target: 'done' },
        { guard: 'perpetratorIsOurTenant', target: 'done' },
        { guard: 'tenantExceptionApplies', target: 'askingIfPerpetratorRents' },
        { target: 'outOfScope', actions: 'sayOutOfScope' },
      ],
    },
    askingIfPerpetratorRents: {
      ...question('askingIfPerpetratorRents', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'yes' } }, target: 'done', actions: { type: 'recordAnswer', params: { field: 'perpetrator.isOurTenant' } } },
          { guard: 'hasChoice', target: 'outOfScope', actions: [{ type: 'recordAnswer', params: { field: 'perpetrator.isOurTenant' } }, 'sayOutOfScope'] },
        ],
      },
    },
    outOfScope: {
      ...question('outOfScope', {
        choices: [
          { id: 'finish', key: 'intake:outOfScope.finish' },
          { id: 'sendAnyway', key: 'intake:outOfScope.sendAnyway' },
        ],
      }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'finish' } }, target: '#signposted' },
          { guard: { type: 'choiceIs', params: { id: 'sendAnyway' } }, target: 'done' },
        ],
      },
    },
    done: { type: 'final' },
  },
});
