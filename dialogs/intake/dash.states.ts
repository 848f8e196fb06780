// The Dash risk checklist, offered (never forced) in domestic-abuse reports: now, later, or not at all.
// Every question may be skipped or answered "don't know", and the person can stop at any point.
import { intake, question } from './intake.setup';
import { YES_NO_DONT_KNOW } from './intake.context';
import { DASH_QUESTION_IDS } from '../shared/risk-instruments';

const STOP = { id: 'stop', key: 'intake:askingDash.stop', synonyms: ['stop', 'later', 'no more'] };

export const dashStateId = (id: string) => `askingDash_${id}`;

function dashQuestion(id: string, next: string | undefined) {
  const onwards = next === undefined ? { target: 'finished' } : { target: dashStateId(next) };
  return intake.createStateConfig({
    ...question(dashStateId(id), { key: `risk:dash.${id}`, choices: [...YES_NO_DONT_KNOW, STOP], optional: true }),
    on: {
      'user.message': [
        { guard: { type: 'choiceIs', params: { id: 'stop' } }, target: 'done', actions: { type: 'setFlag', params: { field: 'risk.dashDeferred', value: true } } },
        { guard: 'hasChoice', ...onwards, actions: [{ type: 'recordDash', params: { id } }, ...(next === undefined ? (['completeDash'] as const) : [])] },
      ],
      'user.skip': { ...onwards, actions: [{ type: 'skipDash', params: { id } }, ...(next === undefined ? (['completeDash'] as const) : [])] },
    },
  });
}

const questions = Object.fromEntries(DASH_QUESTION_IDS.map((id, i) => [dashStateId(id), dashQuestion(id, DASH_QUESTION_IDS[i + 1])]));

export const dash = intake.createStateConfig({
  initial: 'offeringDash',
  states: {
    offeringDash: {
      ...question('offeringDash', {
        choices: [
          { id: 'now', key: 'intake:offeringDash.now', synonyms: ['now', 'yes'] },
          { id: 'later', key: 'intake:offeringDash.later', synonyms: ['later', 'not now'] },
          { id: 'no', key: 'intake:offeringDash.no', synonyms: ['no', 'no thanks'] },
        ],
      }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'now' } }, target: dashStateId(DASH_QUESTION_IDS[0]) },
          { guard: { type: 'choiceIs', params: { id: 'later' } }, target: 'done', actions: { type: 'setFlag', params: { field: 'risk.dashDeferred', value: true } } },
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'done' },
        ],
      },
    },
    ...questions,
    finished: { always: { target: 'done', actions: 'sayDashResult' } },
    done: { type: 'final' },
  },
});
