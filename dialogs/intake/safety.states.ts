// Safety gate: always first and never skipped. Danger gets 999 guidance before anything else; a person
// who cannot talk safely is told how to come back and how to erase the chat.
import { intake, question } from './intake.setup';
import { YES_NO, YES_NO_DONT_KNOW } from './intake.context';

const CARRY_ON = { id: 'carryOn', key: 'intake:choice.carryOn', synonyms: ['carry on', 'continue', 'ok', 'safe', 'i am safe', 'im safe', 'go on'] };

export const safety = intake.createStateConfig({
  initial: 'askingDanger',
  states: {
    askingDanger: {
      ...question('askingDanger', { choices: YES_NO }),
      on: {
        'user.message': [
          {
            guard: { type: 'choiceIs', params: { id: 'yes' } },
            target: 'dangerAdvised',
            actions: [{ type: 'setFlag', params: { field: 'safety.immediateDangerAtStart', value: true } }, 'sayDangerGuidance'],
          },
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'askingSafeToTalk' },
        ],
      },
    },
    dangerAdvised: {
      ...question('dangerAdvised', { choices: [CARRY_ON] }),
      on: {
        'user.message': { guard: { type: 'choiceIs', params: { id: 'carryOn' } }, target: 'askingSafeToTalk' },
      },
    },
    askingSafeToTalk: {
      ...question('askingSafeToTalk', { choices: YES_NO }),
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
              { type: 'say', params: { key: 'intake:notSafeNow.comeBack' } },
              { type: 'say', params: { key: 'intake:notSafeNow.erase' } },
            ],
          },
        ],
      },
    },
    notSafeNow: {
      ...question('notSafeNow', { choices: [CARRY_ON, { id: 'erase', key: 'intake:notSafeNow.eraseChoice', synonyms: ['erase', 'delete', 'delete this chat'] }] }),
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
      ...question('askingOthersRead', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          {
            guard: { type: 'choiceIs', params: { id: 'yes' } },
            target: 'done',
            actions: [
              { type: 'recordAnswer', params: { field: 'safety.othersMayReadMessages' } },
              { type: 'say', params: { key: 'intake:askingOthersRead.advice' } },
            ],
          },
          { guard: 'hasChoice', target: 'done', actions: { type: 'recordAnswer', params: { field: 'safety.othersMayReadMessages' } } },
        ],
      },
    },
    done: { type: 'final' },
  },
});
