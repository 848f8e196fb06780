// Named guards and actions of the intake dialog, shared by its sections (each section file builds its states
// with `intake.createStateConfig`). This file is the table of names; what the actions do is in
// intake.record.ts (context updates) and intake.say.ts (lines and effects). Pure: no I/O, no timers.
import { assign, emit, enqueueActions, raise, setup } from 'xstate';
import type { DialogEvent, DialogInput, EmittedEvent, StateMeta } from '../shared/contract';
import {
  categoryOf,
  categoryResponseFor,
  isDiscreet,
  kindOf,
  safeChannelChoices,
  saferPlaceChoicesFor,
  type AnswerField,
  type BooleanField,
  type Correcting,
  type CountField,
  type IntakeContext,
  type TextField,
} from './intake.context';
import { needsPersonalReview } from '../shared/urgency';
import * as record from './intake.record';
import { buildReport, perceivedHateAsked, referralApplies } from './intake.report';
import { asAnswer, choiceOf, message, textOf, type PickList } from './intake.record';
import * as says from './intake.say';
import * as safety from './intake.safety';

/** Words in a message that make it a story rather than a time or a place (a place is rarely over a dozen). */
const STORY_WORDS = 25;

/** Checklist questions where "yes" means the person may be thinking of ending their life: support comes first. */
const SUPPORT_ON_YES = new Set(['depressedOrSuicidal']);

const guessesOf = (event: DialogEvent) => message(event)?.categories?.length ?? 0;

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
    /** The whole story where a short answer was asked (when, where): part of what happened, and the question stays. */
    tellsStory: ({ event }) => choiceOf(event) === undefined && textOf(event).split(/\s+/).filter(Boolean).length >= STORY_WORDS,
    hasChoice: ({ event }) => choiceOf(event) !== undefined,
    /** Words came with the choice ("yes, my husband"). */
    hasDetail: ({ event }) => message(event)?.detail !== undefined,
    hasDescription: ({ context }) => (context.fields['incident.description'] ?? '') !== '',
    hasMedia: ({ event }) => record.mediaOf(event).length > 0,
    isMessagingChannel: ({ context }) => context.channel === 'sms' || context.channel === 'whatsapp',
    /** Someone else may read their messages, or it was not safe to talk (docs/discreet-mode.md). */
    isDiscreet: ({ context }) => isDiscreet(context),
    /** The words point to one category (to confirm) or two (to choose between). */
    guessedOneCategory: ({ event }) => guessesOf(event) === 1,
    guessedTwoCategories: ({ event }) => guessesOf(event) >= 2,
    hintsOneCategory: ({ context }) => context.hints.categories?.length === 1,
    hintsTwoCategories: ({ context }) => (context.hints.categories?.length ?? 0) >= 2,
    hasHint: ({ context }, params: { hint: 'when' | 'where' }) => context.hints[params.hint] !== undefined,
    categoryHasSubcategories: ({ context }) => (categoryOf(context)?.subcategories.length ?? 0) > 0,
    subcategoryKnown: ({ context }) => context.fields['incident.subcategoryId'] !== undefined,
    isHateCrime: ({ context }) => kindOf(context.policy, context.fields['incident.categoryId']) === 'hate_crime',
    isDomesticAbuse: ({ context }) => kindOf(context.policy, context.fields['incident.categoryId']) === 'domestic_abuse',
    /** Every category but hate crime and domestic abuse asks whether it happened because of who they are (the pack has grounds). */
    asksPerceivedHate: ({ context }) => perceivedHateAsked(context) && context.policy.hateMotivations.length > 0,
    /** A witness, someone reporting for another, or a professional: questions are about the person affected. */
    isProfessional: ({ context }) => context.fields['reporter.role'] === 'professional',
    reportsForSomeoneElse: ({ context }) => (context.fields['reporter.role'] ?? 'victim') !== 'victim',
    hasCategoryResponse: ({ context }) => categoryResponseFor(context) !== undefined,
    /**
     * "Not usually us" (`signpost_elsewhere`: social media, OVH 1.5.2.3): ask whether they still want to report to us.
     * Drugs information goes to the police whatever they say (OVH 1.5.2.3) and SLH signposts the police as well as
     * acting, so those never end here. A response with no action (an older pack) asks when it names other services.
     */
    responsePointsElsewhere: ({ context }) => {
      const response = categoryResponseFor(context);
      if (response === undefined) return false;
      return response.action === undefined ? response.helplineIds.length > 0 : response.action === 'signpost_elsewhere';
    },
    /** Something in the list has not been picked yet (a pick-several question asks for more). */
    hasChoicesLeft: ({ context }, params: PickList) => context[params.choices].some((c) => !((context.fields[params.field] ?? []) as string[]).includes(c.id)),
    isInScope: ({ context }) => context.policy.tenures.find((t) => t.id === context.fields.tenure)?.inScope !== false,
    tenantExceptionApplies: ({ context }) => context.policy.acceptOutOfScopeWhenPerpetratorIsTenant,
    perpetratorIsOurTenant: ({ context }) => context.fields['perpetrator.isOurTenant'] === 'yes',
    perpetratorTenancyAnswered: ({ context }) => context.fields['perpetrator.isOurTenant'] !== undefined,
    /**
     * The matrix (OVH 3.7.3: a vulnerable reporter, victim or witness): offered to the person harmed when there is no
     * Dash, and to a witness when the pack marks some questions as fitting a witness.
     */
    offersHarmQuestions: ({ context }) => kindOf(context.policy, context.fields['incident.categoryId']) !== 'domestic_abuse' && safety.harmQuestionsFor(context).length > 0,
    hasHarmQuestionLeft: ({ context }) => safety.nextHarmQuestion(context) !== null,
    previousQuestionIsHarm: ({ context }) => safety.harmIdOf(context.trail[context.trail.length - 2]) !== undefined,
    isAnonymous: ({ context }) => context.fields.anonymity === 'anonymous',
    /** What has been said so far means a person must read it, whatever its scope (shared/urgency.ts). */
    needsPersonalReview: ({ context }) => needsPersonalReview(buildReport(context), kindOf(context.policy, context.fields['incident.categoryId'])),
    /** The report was signposted without a case (the submit answered so), after finishing early for this reason. */
    wasSignposted: ({ context, event }, params: { after?: 'outOfScope' | 'elsewhere' }) =>
      event.type === 'effect.submitReport.done' && event.output.signposted === true && (params.after === undefined || context.fields.finishedEarly === params.after),
    othersReadAnsweredAtGate: ({ context }) => context.fields['safety.othersMayReadMessages'] !== undefined,
    choseACall: ({ context }) => (context.fields['contact.channels'] ?? []).includes('phone'),
    needsContactAddress: ({ context }) => (context.fields['contact.channels'] ?? []).some((c) => c !== 'webchat'),
    isCorrecting: ({ context }) => context.correcting !== null,
    /** The adult Dash checklist: offered to the person harmed in domestic-abuse reports, never to a child or young person. */
    offersDash: ({ context }) => safety.dashApplies(context),
    /** Their age changes what we do (docs/children-and-young-people.md): abuse at home, or words that sound young. */
    asksAge: ({ context }) => safety.asksAge(context, 'atWhat'),
    /** A child is affected where there is violence, and the person reporting may be that child. */
    asksAgeForChild: ({ context }) => safety.asksAge(context, 'childHarmed'),
    choiceIsUnder18: ({ event }) => choiceOf(event) === 'under16' || choiceOf(event) === '16to17',
    /** A professional referring domestic abuse is asked what they already know instead of the checklist (OVH 2.6). */
    asksReferral: ({ context }) => referralApplies(context),
    referralNotAsked: ({ context }) => context.fields['risk.referralAsked'] !== true,
    referralLevelBelowHigh: ({ context }) => ['standard', 'medium'].includes(context.fields['risk.referralLevel'] ?? ''),
    /** A number came with the answer (`expects: 'count'`), at most `max` when given. */
    hasCount: ({ event }, params: { max?: number } | undefined) => (record.countOf(event) ?? Infinity) <= (params?.max ?? Number.MAX_SAFE_INTEGER),
    /** Dash has not been offered yet (a correction that makes the report domestic abuse offers it then). */
    dashNotOffered: ({ context }) => Object.keys(context.dash).length === 0 && context.fields['risk.dashDeferred'] === undefined,
    previousQuestionIs: ({ context }, params: { id: string }) => context.trail[context.trail.length - 2] === params.id,
    /** The officer who took the conversation hands it back to finish (their case made), not to carry on. */
    handsBackToFinish: ({ event }) => event.type === 'staff.handBack' && event.then === 'finish',
  },
  actions: {
    rememberQuestion: assign(({ context }, params: { id: string }) => record.rememberQuestion(context, params.id)),
    forgetLastQuestion: assign({ trail: ({ context }) => context.trail.slice(0, -2) }),
    recordChoice: assign({
      fields: ({ context, event }, params: { field: 'reporter.role' | 'reporter.ageBand' | 'anonymity' | 'tenure' | 'incident.categoryId' | 'incident.subcategoryId' | 'reporter.relationship' }) => ({
        ...context.fields,
        [params.field]: choiceOf(event) ?? context.fields[params.field],
      }),
    }),
    recordAnswer: assign(({ context, event }, params: { field: AnswerField }) => record.recordAnswer(context, event, params.field)),
    recordYesNo: assign(({ context, event }, params: { field: BooleanField }) => record.recordYesNo(context, event, params.field)),
    setFlag: assign({
      fields: ({ context }, params: { field: BooleanField; value: boolean }) => ({ ...context.fields, [params.field]: params.value }),
    }),
    setAnswer: assign({
      fields: ({ context }, params: { field: AnswerField; value: 'yes' | 'no' | 'dont_know' }) => ({ ...context.fields, [params.field]: params.value }),
    }),
    recordText: assign(({ context, event }, params: { field: TextField }) => record.recordText(context, event, params.field)),
    recordDetail: assign(({ context, event }, params: { field: TextField }) => record.recordDetail(context, event, params.field)),
    /** "Yes, my dad, he has dementia": the words go with the report, after what happened. */
    keepDetail: assign(({ context, event }) => record.appendDescription(context, { type: 'user.message', text: message(event)?.detail ?? '' })),
    appendDescription: assign(({ context, event }) => record.appendDescription(context, event)),
    clearField: assign({
      fields: ({ context }, params: { field: keyof IntakeContext['fields'] }) => {
        const next = { ...context.fields };
        delete next[params.field];
        return next;
      },
    }),
    addToList: assign(({ context, event }, params: PickList) => record.addToList(context, event, params)),
    resetList: assign({ fields: ({ context }, params: PickList) => ({ ...context.fields, [params.field]: [] }) }),
    recordMedia: assign(({ context, event }) => record.recordMedia(context, event)),
    keepMedia: assign(({ context, event }) => record.keepMedia(context, event)),
    recordWhere: assign(({ context, event }) => record.recordWhere(context, event)),
    continueText: assign(({ context, event }) => record.continueText(context, event)),
    keepOpening: assign(({ context, event }) => record.keepOpening(context, event)),
    keepWords: assign(({ context, event }) => record.keepWords(context, event)),
    suggestCategory: assign(({ context, event }) => record.suggestCategory(context, event)),
    noteYoung: assign(({ context, event }) => record.noteYoung(context, event)),
    offerCategories: assign(({ context, event }) => record.offerCategories(context, event)),
    acceptSuggestion: assign(({ context }) => record.acceptSuggestion(context)),
    chooseCategory: assign(({ context, event }) => record.chooseCategory(context, event)),
    acceptHint: assign(({ context }, params: { hint: 'when' | 'where' }) => record.acceptHint(context, params.hint)),
    forgetHint: assign(({ context }, params: { hint: 'when' | 'where' }) => record.forgetHint(context, params.hint)),
    offerSubcategories: assign({
      subcategoryChoices: ({ context }) => [
        ...(categoryOf(context)?.subcategories ?? []).map((s) => ({ id: s.id, key: s.key, synonyms: s.synonyms.map((w) => w.toLowerCase()) })),
        { id: 'other', key: 'intake:askingSubcategory.other' },
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
    recordDash: enqueueActions(({ context, event, enqueue }, params: { id: string }) => {
      const answer = asAnswer(choiceOf(event)) ?? 'skipped';
      enqueue.assign({ dash: { ...context.dash, [params.id]: answer } });
      if (answer === 'yes' && SUPPORT_ON_YES.has(params.id)) enqueue.raise({ type: 'user.selfHarm', text: '' });
    }),
    recordCount: assign(({ context, event }, params: { field: CountField; noIsZero: boolean }) => record.recordCount(context, event, params.field, params.noIsZero)),
    recordReferralLevel: assign(({ context, event }) => record.recordReferralLevel(context, event)),
    askNextHarm: assign({ harmAsking: ({ context }) => safety.nextHarmQuestion(context) }),
    rememberHarmQuestion: assign(({ context }) => record.rememberQuestion(context, safety.harmTrailId(context.harmAsking?.id ?? ''))),
    backToHarm: assign(({ context }) => safety.backToHarm(context)),
    recordHarm: assign({ harm: ({ context, event }) => ({ ...context.harm, [context.harmAsking?.id ?? '']: asAnswer(choiceOf(event)) ?? 'skipped' }) }),
    skipHarm: assign({ harm: ({ context }) => ({ ...context.harm, [context.harmAsking?.id ?? '']: 'skipped' as const }) }),
    skipDash: assign({ dash: ({ context }, params: { id: string }) => ({ ...context.dash, [params.id]: 'skipped' as const }) }),
    completeDash: assign({ dashCompleted: true }),
    startCorrecting: assign({ correcting: (_, params: { section: Exclude<Correcting, null> }) => params.section }),
    stopCorrecting: assign({ correcting: null }),
    forgetAbandonedPath: assign(({ context }) => safety.forgetAbandonedPath(context)),
    /** High risk known: the urgent case opens (or is brought up to date) now, whether or not the person finishes. */
    syncUrgent: enqueueActions(({ context, enqueue }) => {
      const { update, effect } = safety.syncUrgent(context);
      if (update) enqueue.assign(update);
      if (effect) enqueue.emit(effect);
    }),
    recordUrgentCase: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'effect.openUrgentCase.done' || context.urgent === null) return;
      // Said once, when staff can first see it.
      if (context.urgent.reference === undefined) enqueue.emit({ type: 'say', prompt: { key: 'intake:urgent.seen' } });
      enqueue.assign({ urgent: { ...context.urgent, reference: event.output.reference } });
    }),
    /** The urgent case could not be saved: the next answer tries again. */
    retryUrgentCase: assign({ urgent: ({ context }) => (context.urgent === null ? null : { ...context.urgent, hash: '' }) }),
    finishEarly: assign({ fields: ({ context }, params: { why: 'outOfScope' | 'elsewhere' }) => ({ ...context.fields, finishedEarly: params.why }) }),
    /** "No", "none" or the Skip button on an optional free-text question means the same as SKIP. */
    treatAsSkip: raise({ type: 'user.skip' }),
    restart: assign(({ context }) => record.restart(context)),

    say: emit((_, params: { key: string }) => ({ type: 'say' as const, prompt: { key: params.key } })),
    /** Says the line only when the event brought words (the first message acknowledged, a greeting not). */
    sayIfWords: enqueueActions(({ event, enqueue }, params: { key: string }) => {
      if (textOf(event) !== '') enqueue.emit({ type: 'say', prompt: { key: params.key } });
    }),
    sayHelp: enqueueActions(({ context, enqueue }) => says.help(context).forEach((line) => enqueue.emit(line))),
    sayDangerGuidance: emit({ type: 'say', prompt: { key: 'intake:danger.guidance' } }),
    saySelfHarmSupport: emit({ type: 'say', prompt: { key: 'intake:selfHarm.support' } }),
    sayCategoryResponse: emit(({ context }) => says.categoryResponse(context)),
    saySupportOnFirstReport: enqueueActions(({ context, enqueue }) => says.supportOnFirstReport(context).forEach((line) => enqueue.emit(line))),
    // A pack's signposting names the police and crime: in discreet mode a plain line says the same without them.
    sayOutOfScope: emit(({ context }) => ({ type: 'say' as const, prompt: { key: isDiscreet(context) ? 'intake:outOfScope.plain' : context.policy.outOfScopeKey } })),
    /** From now on, what we send on our own initiative to this conversation is neutral (the outbound path keeps it). */
    keepDiscreet: emit(({ context }) => ({ type: 'effect' as const, effect: { kind: 'keepDiscreet' as const, key: `${context.sessionId}:discreet` } })),
    offerSafeChannels: assign({ channelChoices: ({ context }) => safeChannelChoices(context) }),
    offerSaferPlaces: assign({ saferPlaceChoices: ({ context }) => saferPlaceChoicesFor(context) }),
    recordSaferPlace: assign({
      fields: ({ context }, params: { place: 'call' | 'webchat' | 'declined' }) => ({ ...context.fields, 'risk.saferPlace': params.place, 'risk.dashDeferred': true }),
    }),
    sayWebChatLink: emit(({ context }) => ({ type: 'say' as const, prompt: { key: 'intake:offeringSaferPlace.link', params: { url: context.policy.webChatUrl ?? '' } } })),
    readBackList: emit(({ context }, params: PickList) => says.readBack(context, params)),
    sayFormHelplines: enqueueActions(({ context, event, enqueue }) => says.formHelplines(context, event).forEach((line) => enqueue.emit(line))),
    offerEvidenceApp: enqueueActions(({ context, enqueue }) => says.evidenceApp(context).forEach((line) => enqueue.emit(line))),
    sayDashResult: emit(({ context }) => says.dashResult(context)),
    saySummary: emit(({ context }) => says.summary(context)),
    sayWholeSummary: emit(({ context }) => says.summary(context, 'whole')),
    requestSubmit: emit(({ context }) => says.submitRequest(context)),
    saySubmitted: enqueueActions(({ context, event, enqueue }) => says.submitted(context, event).forEach((line) => enqueue.emit(line))),
    requestHandoff: emit(({ context }) => says.handoffRequest(context)),
    sayHandoffReply: emit(({ event }) => says.handoffReply(event)),
    requestErase: emit(({ context }) => says.eraseRequest(context)),
    sayHandedBack: emit(({ event }) => says.handedBack(event)),
  },
});
