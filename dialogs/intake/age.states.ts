// How old the person reporting is, asked only where it changes what we do (docs/children-and-young-people.md):
// domestic abuse at home, words that sound young, or a child harmed where there is violence. Under 16 or 16-17:
// Childline at once, a child-safeguarding flag on the case, and never the adult Dash checklist.
import { intake } from './intake.setup';
import { question } from './intake.questions';

const AGE_CHOICES = [
  { id: 'under16', key: 'intake:askingAge.under16' },
  { id: '16to17', key: 'intake:askingAge.16to17' },
  { id: 'adult', key: 'intake:askingAge.adult' },
  { id: 'not_said', key: 'intake:askingAge.notSaid' },
];

const recordAge = { type: 'recordChoice', params: { field: 'reporter.ageBand' } } as const;

/** The age question, going to `next`; `id` is `askingAge` or `askingAge_<where>` (help and words are askingAge's). */
export function ageQuestion(id: string, next: string) {
  return intake.createStateConfig({
    ...question(id, { key: 'intake:askingAge.prompt', choices: AGE_CHOICES, expects: 'age' }),
    on: {
      'user.message': [
        { guard: 'choiceIsUnder18', target: next, actions: [recordAge, { type: 'say', params: { key: 'intake:askingAge.childline' } }] },
        { guard: 'hasChoice', target: next, actions: recordAge },
      ],
    },
  });
}

export const age = intake.createStateConfig({
  initial: 'askingAge',
  states: {
    askingAge: ageQuestion('askingAge', 'done'),
    done: { type: 'final' },
  },
});
