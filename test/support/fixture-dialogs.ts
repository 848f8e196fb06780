// Tiny dialogs that follow dialogs/shared/contract.ts, for testing the runtime without the real intake.
import { assign, emit, setup } from 'xstate';
import type { DialogDefinition, DialogEvent, DialogInput, DialogPolicy, EmittedEvent, SubmittedReport } from '../../dialogs/shared/contract';
import type { ReportDraft } from '../../dialogs/shared/report';

interface FixtureContext {
  sessionId: string;
  landlordId: string;
  channel: DialogInput['channel'];
  colour?: string;
  words: string[];
  reference?: string;
  mediaIds: string[];
  colourChoices: { id: string; key: string; synonyms?: string[] }[];
}

function draft(context: FixtureContext): ReportDraft {
  return {
    landlordId: context.landlordId,
    channel: context.channel,
    locale: 'en',
    sessionId: context.sessionId,
    safety: { immediateDangerAtStart: false, safeToTalk: true },
    reporter: { role: 'victim' },
    incident: { categoryId: 'asb', hateMotivations: [], domesticAbuseForms: [], description: context.words.join('\n') },
    perpetrator: {},
    vulnerability: {},
    police: {},
    evidence: { mediaIds: context.mediaIds },
    anonymity: 'anonymous',
    risk: {},
  };
}

/** Asks a colour (choices from context), collects free text words until "done", submits, thanks. */
export const fixtureMachine = setup({
  types: {} as { context: FixtureContext; events: DialogEvent; input: DialogInput; emitted: EmittedEvent },
}).createMachine({
  id: 'fixture',
  context: ({ input }) => ({
    sessionId: input.sessionId,
    landlordId: input.policy.landlordId,
    channel: input.channel,
    words: [],
    mediaIds: [],
    colourChoices: [
      { id: 'red', key: 'fixture:askingColour.red', synonyms: ['scarlet'] },
      { id: 'blue', key: 'fixture:askingColour.blue' },
    ],
  }),
  initial: 'askingColour',
  on: {
    'user.danger': { actions: emit({ type: 'say', prompt: { key: 'fixture:danger.said' } }) },
    'user.help': { actions: emit({ type: 'say', prompt: { key: 'common:help.prompt' } }) },
    'user.quickExit': { target: '.exited', actions: emit(({ context }) => ({ type: 'effect', effect: { kind: 'erase', key: `${context.sessionId}:erase` } }) as const) },
    'user.handoff': {
      actions: emit(({ context }) => ({
        type: 'effect',
        effect: { kind: 'handoff', key: `${context.sessionId}:handoff`, reason: 'asked', summary: { landlordId: context.landlordId } },
      }) as const),
    },
    'effect.handoff.done': { actions: emit({ type: 'say', prompt: { key: 'fixture:handoff.done' } }) },
  },
  states: {
    askingColour: {
      meta: { prompt: { key: 'fixture:askingColour.prompt', choicesFrom: 'colourChoices', exampleKey: 'fixture:askingColour.example' } },
      on: {
        'user.message': { guard: ({ event }) => Boolean(event.choice), target: 'collectingWords', actions: assign({ colour: ({ event }) => event.choice }) },
      },
    },
    collectingWords: {
      meta: { prompt: { key: 'fixture:collectingWords.prompt', freeText: true, paramsFrom: { count: 'words.length', colour: 'colour' } } },
      on: {
        'user.back': { target: 'askingColour' },
        'user.message': [
          { guard: ({ event }) => event.text.toLowerCase() === 'done', target: 'submitting' },
          {
            actions: assign({
              words: ({ context, event }) => [...context.words, event.text],
              mediaIds: ({ context, event }) => [...context.mediaIds, ...(event.mediaIds ?? [])],
            }),
          },
        ],
      },
    },
    submitting: {
      entry: emit(({ context }) => ({ type: 'effect', effect: { kind: 'submitReport', key: `${context.sessionId}:submit`, report: draft(context) } }) as const),
      on: {
        'effect.submitReport.done': { target: 'submitted', actions: assign({ reference: ({ event }) => (event.output as SubmittedReport).reference }) },
        'effect.submitReport.failed': { target: 'submitFailed' },
      },
    },
    submitFailed: {
      meta: { prompt: { key: 'fixture:submitFailed.prompt', freeText: true } },
      on: { 'user.message': { target: 'submitting' } },
    },
    submitted: {
      type: 'final',
      entry: emit(({ context }) => ({ type: 'say', prompt: { key: 'fixture:submitted.thanks', params: { reference: context.reference ?? '' } } }) as const),
    },
    exited: { type: 'final' },
  },
});

export const fixtureDialog: DialogDefinition = { id: 'fixture', version: 2, machine: fixtureMachine };

export const fixturePolicy: DialogPolicy = {
  landlordId: 'test-landlord',
  organisationName: 'Test Homes',
  categories: [],
  hateMotivations: [],
  domesticAbuseForms: [],
  tenures: [],
  acceptOutOfScopeWhenPerpetratorIsTenant: false,
  categoryResponses: [],
  outOfScopeKey: 'fixture:outOfScope',
};

/** Words for the fixture dialog (test-only namespace, not shipped in locales/). */
export const fixtureResources = {
  en: {
    fixture: {
      askingColour: { prompt: 'Pick a colour.', red: 'Red', blue: 'Blue', example: '1 for Red' },
      collectingWords: { prompt_one: 'You said {{count}} thing about {{colour}}. More, or DONE.', prompt_other: 'You said {{count}} things about {{colour}}. More, or DONE.' },
      submitFailed: { prompt: 'That did not send. Reply to try again.' },
      submitted: { thanks: 'Thank you. Your reference is {{reference}}.' },
      danger: { said: 'Call 999 now if you are in danger.' },
      handoff: { done: 'Someone will reply.' },
      outOfScope: 'Not for us.',
    },
  },
  cy: {
    common: { language: { names: { cy: 'Cymraeg' }, changed: 'Iawn, Cymraeg o hyn ymlaen.' } },
    understanding: { commands: { exit: ['gadael'] } },
    fixture: { askingColour: { prompt: 'Dewiswch liw.', red: 'Coch', blue: 'Glas', example: '1 am Goch' } },
  },
};
