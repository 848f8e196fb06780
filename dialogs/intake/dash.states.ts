// The Dash risk checklist, offered (never forced) in domestic-abuse reports: now, later, or not at all.
// Every question may be skipped or answered "don't know", and the person can stop at any point. In discreet
// mode it moves to a safer place: a web chat link, a call from staff at a time they choose, or not now.
import { intake } from './intake.setup';
import { question } from './intake.questions';
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

const place = (id: string) => ({ type: 'choiceIs' as const, params: { id } });
const recordPlace = (place: 'call' | 'webchat' | 'declined') => ({ type: 'recordSaferPlace' as const, params: { place } });

export const dash = intake.createStateConfig({
  initial: 'checkingPlace',
  states: {
    // In discreet mode the checklist and helplines are not sent to this chat: they move to a safer place.
    checkingPlace: { always: [{ guard: 'isDiscreet', target: 'offeringSaferPlace' }, { target: 'offeringDash' }] },
    offeringSaferPlace: {
      ...question('offeringSaferPlace', { choicesFrom: 'saferPlaceChoices' }),
      entry: [{ type: 'rememberQuestion', params: { id: 'offeringSaferPlace' } }, 'syncUrgent', 'offerSaferPlaces'],
      on: {
        'user.message': [
          // On the web chat page (which leaves nothing behind after Quick exit) the questions can be answered here.
          { guard: place('here'), target: dashStateId(DASH_QUESTION_IDS[0]) },
          { guard: place('webchat'), target: 'done', actions: [recordPlace('webchat'), 'sayWebChatLink'] },
          { guard: place('call'), target: 'done', actions: [recordPlace('call'), { type: 'say', params: { key: 'intake:offeringSaferPlace.callNoted' } }] },
          { guard: place('declined'), target: 'done', actions: recordPlace('declined') },
        ],
      },
    },
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
