// Safe contact: which channels, where, safe times, voicemail, whether someone else reads their
// messages, and an optional code word. The one outbound path checks these before sending anything.
import { intake } from './intake.setup';
import { optionalText, question } from './intake.questions';
import { DONE_CHOICE, YES_NO, YES_NO_DONT_KNOW } from './intake.context';

const channelList = { field: 'contact.channels', choices: 'channelChoices' } as const;
const pickChannels = [
  { type: 'addToList', params: channelList },
  { type: 'readBackList', params: channelList },
] as const;

export const safeContact = intake.createStateConfig({
  initial: 'askingContactChannel',
  states: {
    askingContactChannel: {
      ...question('askingContactChannel', { choicesFrom: 'channelChoices', several: true }),
      entry: [{ type: 'rememberQuestion', params: { id: 'askingContactChannel' } }, 'syncUrgent', 'offerSafeChannels', { type: 'resetList', params: channelList }],
      on: { 'user.message': { guard: 'hasChoice', target: 'checkingChannels', actions: pickChannels } },
    },
    checkingChannels: { always: [{ guard: { type: 'hasChoicesLeft', params: channelList }, target: 'askingMoreChannels' }, { target: 'checkingAddress' }] },
    askingMoreChannels: {
      ...question('askingMoreChannels', { choicesFrom: 'channelChoices', choices: [DONE_CHOICE], optional: true, several: true }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'done' } }, target: 'checkingAddress' },
          { guard: 'hasChoice', target: 'checkingChannels', actions: pickChannels },
        ],
        'user.skip': { target: 'checkingAddress' },
      },
    },
    checkingAddress: { always: [{ guard: 'needsContactAddress', target: 'askingContactAddress' }, { target: 'askingSafeTimes' }] },
    askingContactAddress: optionalText('askingContactAddress', 'contact.address', 'askingSafeTimes'),
    askingSafeTimes: {
      ...question('askingSafeTimes', {
        choices: [{ id: 'anytime', key: 'intake:askingSafeTimes.anytime' }],
        freeText: true,
        optional: true,
        exampleKey: 'intake:askingSafeTimes.example',
      }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'anytime' } }, target: 'checkingVoicemail', actions: { type: 'clearField', params: { field: 'contact.safeTimes' } } },
          { guard: 'hasText', target: 'checkingVoicemail', actions: { type: 'recordText', params: { field: 'contact.safeTimes' } } },
        ],
        'user.skip': { target: 'checkingVoicemail' },
      },
    },
    // A voicemail is only ever left after a call: asked only when a phone call is one of the ways chosen.
    checkingVoicemail: { always: [{ guard: 'choseACall', target: 'askingVoicemail' }, { target: 'checkingOthersRead' }] },
    askingVoicemail: {
      ...question('askingVoicemail', { choices: YES_NO }),
      on: { 'user.message': { guard: 'hasChoice', target: 'checkingOthersRead', actions: { type: 'recordYesNo', params: { field: 'contact.voicemailOk' } } } },
    },
    checkingOthersRead: { always: [{ guard: 'othersReadAnsweredAtGate', target: 'askingCodeWord' }, { target: 'askingOthersReadContact' }] },
    askingOthersReadContact: {
      ...question('askingOthersReadContact', { choices: YES_NO_DONT_KNOW }),
      on: {
        'user.message': [
          { guard: { type: 'choiceIs', params: { id: 'no' } }, target: 'askingCodeWord', actions: { type: 'recordAnswer', params: { field: 'contact.othersReadMessages' } } },
          // Yes or don't know: what we send later stays neutral.
          { guard: 'hasChoice', target: 'askingCodeWord', actions: [{ type: 'recordAnswer', params: { field: 'contact.othersReadMessages' } }, 'keepDiscreet'] },
        ],
      },
    },
    askingCodeWord: optionalText('askingCodeWord', 'contact.codeWord', 'done'),
    done: { type: 'final' },
  },
});
