// Named guards and actions of the intake dialog, shared by its sections (each section file builds
// its states with `intake.createStateConfig`). Pure: no I/O, no timers; words are i18n keys only.
import { assign, emit, enqueueActions, raise, setup } from 'xstate';
import type { ChoiceMeta, DialogEvent, DialogInput, EmittedEvent, PromptMeta, StateMeta } from '../shared/contract';
import { DASH_HIGH_RISK_YES_COUNT } from '../shared/risk-instruments';
import {
  buildReport,
  categoryOf,
  categoryResponseFor,
  dashYesCount,
  initialContext,
  isDomesticAbuseId,
  isHateCrimeId,
  isNoiseId,
  matchCategory,
  DONE_CHOICE,
  YES_NO_DONT_KNOW,
  type AnswerField,
  type BooleanField,
  type Correcting,
  type IntakeContext,
  type ListField,
  type TextField,
} from './intake.context';

const message = (event: DialogEvent) => (event.type === 'user.message' ? event : undefined);
const choiceOf = (event: DialogEvent) => message(event)?.choice;
const textOf = (event: DialogEvent) => (message(event)?.text ?? '').trim();
const asAnswer = (choice: string | undefined) => (choice === 'yes' || choice === 'no' || choice === 'dont_know' ? choice : undefined);

export const intake = setup({
  types: {
    context: {} as IntakeContext,
    events: {} as DialogEvent,
    input: {} as DialogInput,
    emitted: {} as EmittedEvent,
    meta: {} as StateMeta,
  },
  guards: {
    choiceIs: ({ event }, params: { id: string }) => choiceOf(event) === params.id,
    hasText: ({ event }) => textOf(event) !== '',
    hasChoice: ({ event }) => choiceOf(event) !== undefined,
    hasDescription: ({ context }) => (context.fields['incident.description'] ?? '') !== '',
    hasMedia: ({ event }) => (message(event)?.mediaIds?.length ?? 0) > 0,
    isMessagingChannel: ({ context }) => context.channel === 'sms' || context.channel === 'whatsapp',
    textMatchesCategory: ({ context, event }) => textOf(event) !== '' && matchCategory(context.policy, textOf(event)) !== null,
    categoryHasSubcategories: ({ context }) => (categoryOf(context)?.subcategories.length ?? 0) > 0,
    subcategoryKnown: ({ context }) => context.fields['incident.subcategoryId'] !== undefined,
    isHateCrime: ({ context }) => isHateCrimeId(context.fields['incident.categoryId']),
    isDomesticAbuse: ({ context }) => isDomesticAbuseId(context.fields['incident.categoryId']),
    hasCategoryResponse: ({ context }) => categoryResponseFor(context) !== undefined,
    /** A response that points elsewhere (police, Crimestoppers): ask whether they still want to report to us. */
    responsePointsElsewhere: ({ context }) => (categoryResponseFor(context)?.helplineIds.length ?? 0) > 0,
    hasMotivationsLeft: ({ context }) => context.motivationChoices.some((c) => c.id !== DONE_CHOICE.id),
    hasAbuseFormsLeft: ({ context }) => context.abuseFormChoices.some((c) => c.id !== DONE_CHOICE.id),
    hasChannelsLeft: ({ context }) => context.channelChoices.some((c) => c.id !== DONE_CHOICE.id),
    isInScope: ({ context }) => context.policy.tenures.find((t) => t.id === context.fields.tenure)?.inScope !== false,
    tenantExceptionApplies: ({ context }) => context.policy.acceptOutOfScopeWhenPerpetratorIsTenant,
    perpetratorIsOurTenant: ({ context }) => context.fields['perpetrator.isOurTenant'] === 'yes',
    perpetratorTenancyAnswered: ({ context }) => context.fields['perpetrator.isOurTenant'] !== undefined,
    /** The harm questions are worded to the person harmed: offered to victims when there is no Dash. */
    offersHarmQuestions: ({ context }) => context.fields['reporter.role'] === 'victim' && !isDomesticAbuseId(context.fields['incident.categoryId']),
    isAnonymous: ({ context }) => context.fields.anonymity === 'anonymous',
    othersReadAnsweredAtGate: ({ context }) => context.fields['safety.othersMayReadMessages'] !== undefined,
    needsContactAddress: ({ context }) => (context.fields['contact.channels'] ?? []).some((c) => c !== 'webchat'),
    isCorrecting: ({ context }) => context.correcting !== null,
    /** Dash questions are worded to the person harmed: offered to them in domestic-abuse reports. */
    offersDash: ({ context }) => context.fields['reporter.role'] === 'victim' && isDomesticAbuseId(context.fields['incident.categoryId']),
    /** Dash has not been offered yet (a correction that makes the report domestic abuse offers it then). */
    dashNotOffered: ({ context }) => Object.keys(context.dash).length === 0 && context.fields['risk.dashDeferred'] === undefined,
    previousQuestionIs: ({ context }, params: { id: string }) => context.trail[context.trail.length - 2] === params.id,
  },
  actions: {
    rememberQuestion: assign({
      trail: ({ context }, params: { id: string }) =>
        context.trail[context.trail.length - 1] === params.id ? context.trail : [...context.trail.slice(-60), params.id],
    }),
    forgetLastQuestion: assign({ trail: ({ context }) => context.trail.slice(0, -2) }),
    recordChoice: assign({
      fields: ({ context, event }, params: { field: 'reporter.role' | 'anonymity' | 'tenure' | 'incident.categoryId' | 'incident.subcategoryId' | 'reporter.relationship' }) => ({
        ...context.fields,
        [params.field]: choiceOf(event) ?? context.fields[params.field],
      }),
    }),
    recordAnswer: assign({
      fields: ({ context, event }, params: { field: AnswerField }) => ({ ...context.fields, [params.field]: asAnswer(choiceOf(event)) ?? 'dont_know' }),
    }),
    recordYesNo: assign({
      fields: ({ context, event }, params: { field: BooleanField }) => ({ ...context.fields, [params.field]: choiceOf(event) === 'yes' }),
    }),
    setFlag: assign({
      fields: ({ context }, params: { field: BooleanField; value: boolean }) => ({ ...context.fields, [params.field]: params.value }),
    }),
    setAnswer: assign({
      fields: ({ context }, params: { field: AnswerField; value: 'yes' | 'no' | 'dont_know' }) => ({ ...context.fields, [params.field]: params.value }),
    }),
    recordText: assign({
      fields: ({ context, event }, params: { field: TextField }) => ({ ...context.fields, [params.field]: textOf(event).slice(0, 2000) }),
    }),
    /** Long messages arrive in pieces (SMS segments, several chat bubbles): nothing typed is lost. */
    appendDescription: assign({
      fields: ({ context, event }) => {
        const text = textOf(event);
        const before = context.fields['incident.description'];
        if (text === '') return context.fields;
        return { ...context.fields, 'incident.description': before ? `${before}\n${text}`.slice(0, 20000) : text };
      },
    }),
    clearField: assign({
      fields: ({ context }, params: { field: keyof IntakeContext['fields'] }) => {
        const next = { ...context.fields };
        delete next[params.field];
        return next;
      },
    }),
    addToList: assign(({ context, event }, params: { field: ListField; choices: 'motivationChoices' | 'abuseFormChoices' | 'channelChoices' }) => {
      const id = choiceOf(event);
      if (id === undefined || id === DONE_CHOICE.id) return {};
      const list = (context.fields[params.field] ?? []) as string[];
      const remaining = context[params.choices].filter((c) => c.id !== id && c.id !== DONE_CHOICE.id);
      return {
        fields: { ...context.fields, [params.field]: list.includes(id) ? list : [...list, id] },
        [params.choices]: [...remaining, DONE_CHOICE],
      };
    }),
    resetList: assign(({ context }, params: { field: ListField; choices: 'motivationChoices' | 'abuseFormChoices' | 'channelChoices' }) => {
      const fresh = initialContext({ policy: context.policy, channel: context.channel, sessionId: context.sessionId });
      return { fields: { ...context.fields, [params.field]: [] }, [params.choices]: fresh[params.choices] };
    }),
    recordMedia: assign({
      fields: ({ context, event }) => {
        const ids = message(event)?.mediaIds ?? [];
        const before = context.fields['evidence.mediaIds'] ?? [];
        const text = textOf(event);
        const description = context.fields['evidence.description'];
        return {
          ...context.fields,
          'evidence.mediaIds': [...before, ...ids.filter((id) => !before.includes(id))],
          ...(text !== '' ? { 'evidence.description': description ? `${description}\n${text}`.slice(0, 2000) : text } : {}),
        };
      },
    }),
    /** Photos or voice notes sent with any answer are kept as evidence: nothing sent is lost. */
    keepMedia: assign({
      fields: ({ context, event }) => {
        const ids = message(event)?.mediaIds ?? [];
        if (ids.length === 0) return context.fields;
        const before = context.fields['evidence.mediaIds'] ?? [];
        return { ...context.fields, 'evidence.mediaIds': [...before, ...ids.filter((id) => !before.includes(id))] };
      },
    }),
    recordWhere: assign({
      fields: ({ context, event }) => {
        const atHome = choiceOf(event) === 'home';
        return { ...context.fields, 'incident.where': atHome ? 'home' : textOf(event).slice(0, 500), 'incident.whereAtHome': atHome };
      },
    }),
    suggestCategory: assign(({ context, event }) => {
      const match = matchCategory(context.policy, textOf(event));
      return { suggestion: match, params: { ...context.params, categoryKey: match?.categoryKey ?? '' } };
    }),
    acceptSuggestion: assign(({ context }) => {
      const s = context.suggestion;
      if (s === null) return {};
      const fields = { ...context.fields, 'incident.categoryId': s.categoryId };
      if (s.subcategoryId !== undefined) fields['incident.subcategoryId'] = s.subcategoryId;
      else delete fields['incident.subcategoryId'];
      return { fields, suggestion: null };
    }),
    chooseCategory: assign(({ context, event }) => {
      const id = choiceOf(event);
      const category = context.policy.categories.find((c) => c.id === id);
      if (category === undefined) return {};
      const fields = { ...context.fields, 'incident.categoryId': category.id };
      delete fields['incident.subcategoryId'];
      return { fields, suggestion: null, params: { ...context.params, categoryKey: category.key } };
    }),
    offerSubcategories: assign({
      subcategoryChoices: ({ context }) => [
        ...(categoryOf(context)?.subcategories ?? []).map((s) => ({ id: s.id, key: s.key, synonyms: s.synonyms.map((w) => w.toLowerCase()) })),
        { id: 'other', key: 'intake:askingSubcategory.other', synonyms: ['other', 'something else', 'not sure'] },
      ],
    }),
    recordSubcategory: assign({
      fields: ({ context, event }) => {
        const id = choiceOf(event);
        const next = { ...context.fields };
        if (id === undefined || id === 'other') delete next['incident.subcategoryId'];
        else next['incident.subcategoryId'] = id;
        return next;
      },
    }),
    recordDash: assign({ dash: ({ context, event }, params: { id: string }) => ({ ...context.dash, [params.id]: asAnswer(choiceOf(event)) ?? 'skipped' }) }),
    recordHarm: assign({ harm: ({ context, event }, params: { id: string }) => ({ ...context.harm, [params.id]: asAnswer(choiceOf(event)) ?? 'skipped' }) }),
    skipHarm: assign({ harm: ({ context }, params: { id: string }) => ({ ...context.harm, [params.id]: 'skipped' as const }) }),
    skipDash: assign({ dash: ({ context }, params: { id: string }) => ({ ...context.dash, [params.id]: 'skipped' as const }) }),
    completeDash: assign({ dashCompleted: true }),
    startCorrecting: assign({ correcting: (_, params: { section: Exclude<Correcting, null> }) => params.section }),
    stopCorrecting: assign({ correcting: null }),
    /** "No", "none" or the Skip button on an optional free-text question means the same as SKIP. */
    treatAsSkip: raise({ type: 'user.skip' }),
    restart: assign(({ context }) => initialContext({ policy: context.policy, channel: context.channel, sessionId: context.sessionId })),

    say: emit((_, params: { key: string }) => ({ type: 'say' as const, prompt: { key: params.key } })),
    /** Help for the question being asked, then the runtime's list of words that work everywhere. */
    sayHelp: enqueueActions(({ context, enqueue }) => {
      const current = context.trail[context.trail.length - 1];
      enqueue.emit({ type: 'say', prompt: { key: current ? `intake:${current.split('_')[0]}.help` : 'intake:help.general' } });
      enqueue.emit({ type: 'say', prompt: { key: 'common:help.prompt' } });
    }),
    sayDangerGuidance: emit({ type: 'say', prompt: { key: 'intake:danger.guidance' } }),
    sayCategoryResponse: emit(({ context }) => ({ type: 'say' as const, prompt: { key: categoryResponseFor(context)?.key ?? 'intake:categoryResponse.none' } })),
    sayOutOfScope: emit(({ context }) => ({ type: 'say' as const, prompt: { key: context.policy.outOfScopeKey } })),
    offerEvidenceApp: enqueueActions(({ context, enqueue }) => {
      const app = context.policy.evidenceApp;
      if (app && (isNoiseId(context.fields['incident.subcategoryId']) || isNoiseId(context.fields['incident.categoryId']))) {
        enqueue.emit({ type: 'say', prompt: { key: 'intake:askingEvidence.noiseApp', params: { app: app.name, url: app.url } } });
      }
    }),
    sayDashResult: emit(({ context }) => ({
      type: 'say' as const,
      prompt: { key: dashYesCount(context) >= DASH_HIGH_RISK_YES_COUNT ? 'intake:dashFinished.highRisk' : 'intake:dashFinished.thanks' },
    })),
    saySummary: enqueueActions(({ context, enqueue }) => {
      const report = buildReport(context);
      // The person's words are shown as typed: never as i18next nesting (`$t(`) or beyond a short clip.
      const clip = (raw: string | undefined, max: number) => {
        const text = (raw ?? '').replace(/\$t\(/g, '$ t(').replace(/\s+/g, ' ').trim();
        return text === '' ? '-' : text.length > max ? `${text.slice(0, max - 3)}...` : text;
      };
      const atHome = report.incident.where?.atReporterHome === true;
      // A parameter must never carry `$t(...)` itself (i18next then stops nesting): "at home" has its own line.
      enqueue.emit({
        type: 'say',
        prompt: {
          key: atHome ? 'intake:reviewing.summaryAtHome' : 'intake:reviewing.summary',
          params: {
            roleKey: `intake:role.${report.reporter.role}`,
            categoryKey: categoryOf(context)?.key ?? 'intake:reviewing.noCategory',
            when: clip(report.incident.when?.text, 40),
            where: clip(report.incident.where?.text, 40),
            description: clip(report.incident.description, 80),
            anonymityKey: `intake:askingAnonymity.${report.anonymity}`,
          },
        },
      });
    }),
    requestSubmit: emit(({ context }) => ({
      type: 'effect' as const,
      effect: { kind: 'submitReport' as const, key: `${context.sessionId}:submit`, report: buildReport(context) },
    })),
    saySubmitted: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'effect.submitReport.done') return;
      const { reference, teamKey, firstResponseDue, helplineIds } = event.output;
      const anonymous = context.fields.anonymity === 'anonymous';
      enqueue.emit({ type: 'say', prompt: { key: 'intake:submitted.reference', params: { reference } } });
      if (anonymous) enqueue.emit({ type: 'say', prompt: { key: 'intake:submitted.noContact', params: { teamKey } } });
      else if (firstResponseDue === undefined) enqueue.emit({ type: 'say', prompt: { key: 'intake:submitted.contactSoon', params: { teamKey } } });
      else enqueue.emit({ type: 'say', prompt: { key: 'intake:submitted.contact', params: { teamKey, due: firstResponseDue } } });
      for (const id of helplineIds) enqueue.emit({ type: 'say', prompt: { key: `policy:helpline.${id}` } });
    }),
    requestHandoff: emit(({ context }) => ({
      type: 'effect' as const,
      effect: { kind: 'handoff' as const, key: `${context.sessionId}:handoff:${context.trail.length}`, reason: 'asked' as const, summary: buildReport(context) },
    })),
    sayHandoffReply: emit(({ event }) => ({
      type: 'say' as const,
      prompt: {
        key:
          event.type === 'effect.handoff.done' && event.output.expectedReply === 'in_hours'
            ? 'intake:waitingForPerson.inHours'
            : event.type === 'effect.handoff.done'
              ? 'intake:waitingForPerson.nextWorkingDay'
              : 'intake:waitingForPerson.failed',
      },
    })),
    requestErase: emit(({ context }) => ({ type: 'effect' as const, effect: { kind: 'erase' as const, key: `${context.sessionId}:erase` } })),
  },
});

/** Offered on optional free-text questions, so "no" or "none" is not taken as the answer itself. */
export const SKIP_CHOICE: ChoiceMeta = {
  id: 'skip',
  key: 'intake:choice.skip',
  synonyms: ['no', 'none', 'nothing', 'n a', 'na', 'not sure', 'dont know', "don't know", 'rather not say', 'prefer not to say', 'no thanks'],
};

/** A state that waits for an answer: its prompt key is `intake:<id>.prompt`, help `intake:<id>.help`. */
export function question(id: string, prompt: Omit<PromptMeta, 'key'> & { key?: string } = {}) {
  const skippable = prompt.freeText === true && prompt.optional === true && !prompt.choices && !prompt.choicesFrom;
  return {
    id,
    entry: [{ type: 'rememberQuestion' as const, params: { id } }],
    meta: { prompt: { key: `intake:${id}.prompt`, ...prompt, ...(skippable ? { choices: [SKIP_CHOICE] } : {}) } } satisfies StateMeta,
  };
}

/** An optional free-text question: the words go in `field`; Skip (or "no", "none") moves on without an answer. */
export function optionalText(id: string, field: TextField, next: string) {
  return intake.createStateConfig({
    ...question(id, { freeText: true, optional: true }),
    on: {
      'user.message': [
        { guard: { type: 'choiceIs', params: { id: 'skip' } }, actions: 'treatAsSkip' },
        { guard: 'hasText', target: next, actions: { type: 'recordText', params: { field } } },
      ],
      'user.skip': { target: next },
    },
  });
}

/** A yes / no / don't know question that records its answer in `field` and moves on. */
export function answerQuestion(id: string, field: AnswerField, next: string) {
  return intake.createStateConfig({
    ...question(id, { choices: YES_NO_DONT_KNOW }),
    on: { 'user.message': { guard: 'hasChoice', target: next, actions: { type: 'recordAnswer', params: { field } } } },
  });
}
