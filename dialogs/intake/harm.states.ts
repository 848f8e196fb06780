// The risk assessment matrix's questions (personal, situational and incidental vulnerability; OVH 3.7.3), those the
// pack's matrix has in the pack's order (the landlord's own among them), offered after the details to the person
// harmed by ASB, hate crime or harassment, and to a witness those the pack marks as fitting a witness. One state
// asks them one by one (`harmAsking`, its wording key read from there), so a pack's own question needs no state of
// its own. Never forced: each may be skipped, and "stop" ends them.
import { intake } from './intake.setup';
import { question } from './intake.questions';
import { YES_NO_DONT_KNOW } from './intake.context';

const STOP = { id: 'stop', key: 'intake:askingHarm.stop', synonyms: ['stop', 'no more', 'enough'] };

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
          { guard: { type: 'choiceIs', params: { id: 'now' } }, target: 'checkingHarm' },
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'done' },
        ],
      },
    },
    /** The next question of the pack's list for this reporter, or done. */
    checkingHarm: {
      always: [{ guard: 'hasHarmQuestionLeft', target: 'askingHarm', actions: 'askNextHarm' }, { target: 'done' }],
    },
    askingHarm: {
      ...question('askingHarm', { keyFrom: 'harmAsking.key', choices: [...YES_NO_DONT_KNOW, STOP], optional: true }),
      // Each question is its own entry in the trail (`askingHarm_<id>`), so "back" and help work as for any other.
      entry: ['rememberHarmQuestion', 'syncUrgent'],
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'stop' } }, target: 'done' },
          { guard: 'hasChoice', target: 'checkingHarm', actions: 'recordHarm' },
        ],
        'user.skip': { target: 'checkingHarm', actions: 'skipHarm' },
      },
    },
    done: { type: 'final' },
  },
});
