// Anonymity: named, confidential or anonymous, each in one plain sentence that says what we cannot do.
import { intake } from './intake.setup';
import { optionalText, question } from './intake.questions';

export const anonymity = intake.createStateConfig({
  initial: 'askingAnonymity',
  states: {
    askingAnonymity: {
      ...question('askingAnonymity', {
        choices: [
          { id: 'named', key: 'intake:askingAnonymity.named' },
          { id: 'confidential', key: 'intake:askingAnonymity.confidential' },
          { id: 'anonymous', key: 'intake:askingAnonymity.anonymous' },
        ],
      }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'anonymous' } }, target: 'done', actions: { type: 'recordChoice', params: { field: 'anonymity' } } },
          { guard: 'hasChoice', target: 'askingName', actions: { type: 'recordChoice', params: { field: 'anonymity' } } },
        ],
      },
    },
    askingName: optionalText('askingName', 'reporter.name', 'done'),
    done: { type: 'final' },
  },
});
