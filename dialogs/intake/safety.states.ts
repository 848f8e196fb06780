// Safety gate: always first and never skipped. Danger gets 999 guidance before anything else; a person
// who cannot talk safely is told how to come back and how to erase the chat.
import { intake } from './intake.setup';
import { question } from './intake.questions';
import { CARRY_ON, YES_NO, YES_NO_DONT_KNOW } from './intake.context';


export const safety = intake.createStateConfig({
  initial: 'askingDanger',
  states: {
    askingDanger: {
      ...question('askingDanger', { choices: YES_NO, expects: 'danger' }),
      on: {
        'user.message': [
          {
            guard: { type: 'choiceIs', params: { id: 'yes' } },
            target: 'dangerAdvised',
            actions: [{ type: 'setFlag', params: { field: 'safety.immediateDangerAtStart', value: true } }, 'sayDangerGuidance'],
          },
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'askingSafeToTalk' },
        ],
        // Danger in their own words ("he's in the next room") is a yes.
        'user.danger': {
          target: 'dangerAdvised',
          actions: ['keepWords', { type: 'setFlag', params: { field: 'safety.immediateDangerAtStart', value: true } }, 'sayDangerGuidance'],
        },
      },
    },
    dangerAdvised: {
      ...question('dangerAdvised', { choices: [CARRY_ON] }),
      on: {
        'user.message': { guard: { type: 'choiceIs', params: { id: 'carryOn' } }, target: 'askingSafeToTalk' },
        'user.danger': { actions: ['keepWords', 'sayDangerGuidance'] },
        'user.selfHarm': { actions: ['keepWords', { type: 'setFlag', params: { field: 'safety.selfHarmDisclosed', value: true } }, 'saySelfHarmSupport'] },
      },
    },
    askingSafeToTalk: {
      ...question('askingSafeToTalk', { choices: YES_NO, expects: 'safety' }),
      on: {
        'user.message': [
          {
            guard: { type: 'choiceIs', params: { id: 'yes' } },
            target: 'checkingChannel',
            actions: { type: 'setFlag', params: { field: 'safety.safeToTalk', value: true } },
          },
          {
            guard: { type: 'choiceIs', params: { id: 'no' } },
            target: 'notSafeNow',
            actions: [
              { type: 'setFlag', params: { field: 'safety.safeToTalk', value: false } },
              'keepDiscreet',
              { type: 'say', params: { key: 'intake:notSafeNow.comeBack' } },
              { type: 'say', params: { key: 'intake:notSafeNow.erase' } },
            ],
          },
        ],
      },
    },
    notSafeNow: {
      ...question('notSafeNow', { choices: [CARRY_ON, { id: 'erase', key: 'intake:notSafeNow.eraseChoice' }] }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'carryOn' } }, target: 'checkingChannel' },
          { guard: { type: 'choiceIs', params: { id: 'erase' } }, target: '#exited', actions: 'requestErase' },
        ],
      },
    },
    checkingChannel: {
      always: [{ guard: 'isMessagingChannel', target: 'askingOthersRead' }, { target: 'done' }],
    },
    askingOthersRead: {
      ...question('askingOthersRead', { choices: YES_NO_DONT_KNOW, expects: 'safety' }),
      on: {
        'user.message': [
          // Yes or don't know: discreet from now on (docs/discreet-mode.md).
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'done', actions: { type: 'recordAnswer', params: { field: 'safety.othersMayReadMessages' } } },
          {
            guard: 'hasChoice',
            target: 'done',
            actions: [
              { type: 'recordAnswer', params: { field: 'safety.othersMayReadMessages' } },
              'keepDiscreet',
              { type: 'say', params: { key: 'intake:askingOthersRead.advice' } },
            ],
          },
        ],
      },
    },
    done: { type: 'final' },
  },
});
