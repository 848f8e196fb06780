// The risk assessment matrix's questions (personal, situational and incidental vulnerability; OVH 3.7.3), those the
// pack's matrix has, offered after the details to the person harmed by ASB, hate crime or harassment, and to a
// witness those the pack marks as fitting a witness. Never forced: each may be skipped, and "stop" ends them.
import { intake } from './intake.setup';
import { question } from './intake.questions';
import { YES_NO_DONT_KNOW } from './intake.context';
import { ASB_HARM_QUESTIONS } from '../shared/risk-instruments';

const STOP = { id: 'stop', key: 'intake:askingHarm.stop', synonyms: ['stop', 'no more', 'enough'] };
const ids = ASB_HARM_QUESTIONS.map((q) => q.id);

export const harmStateId = (id: string) => `askingHarm_${id}`;

const checkId = (id: string) => `checkingHarm_${id}`;

/** Asks the question when the pack's matrix asks it of this reporter (witnesses: `askWitness`), else goes on. */
function harmCheck(id: string, next: string | undefined) {
  return intake.createStateConfig({
    always: [{ guard: { type: 'asksHarm', params: { id } }, target: harmStateId(id) }, { target: next === undefined ? 'done' : checkId(next) }],
  });
}

function harmQuestion(id: string, next: string | undefined) {
  const target = next === undefined ? 'done' : checkId(next);
  return intake.createStateConfig({
    ...question(harmStateId(id), { key: `risk:harm.${id}`, choices: [...YES_NO_DONT_KNOW, STOP], optional: true }),
    on: {
      'user.message': [
        { guard: { type: 'choiceIs', params: { id: 'stop' } }, target: 'done' },
        { guard: 'hasChoice', target, actions: { type: 'recordHarm', params: { id } } },
      ],
      'user.skip': { target, actions: { type: 'skipHarm', params: { id } } },
    },
  });
}

export const harm = intake.createStateConfig({
  initial: 'offeringHarm',
  states: {
    offeringHarm: {
      ...question('offeringHarm', {
        choices: [
          { id: 'now', key: 'intake:offeringHarm.now', synonyms: ['yes', 'ok', 'now'] },
          { id: 'no', key: 'intake:offeringHarm.no', synonyms: ['no', 'no thanks', 'skip'] },
        ],
      }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'now' } }, target: checkId(ASB_HARM_QUESTIONS[0].id) },
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'done' },
        ],
      },
    },
    ...Object.fromEntries(ids.flatMap((id, i) => [[checkId(id), harmCheck(id, ids[i + 1])], [harmStateId(id), harmQuestion(id, ids[i + 1])]])),
    done: { type: 'final' },
  },
});
