// What one message does to a conversation. It is read once by the interpretation step, and then becomes
// events for the dialog (safety first, then the words that work everywhere, then the answer), or a prompt the
// runtime owns itself (welcome back, language, a clarifying question, not understood). Nothing typed is
// dropped: words the dialog cannot take are kept with the conversation and go to a person with a hand-off.
// No I/O here: the runtime runs effects and saves.
import type { TFunction } from 'i18next';
import type { DialogEvent, DialogPolicy, PromptSpec } from '../../dialogs/shared/contract';
import { currentQuestion, send, snapshotOf, type LiveActor } from './dialog-actor';
import { normaliseAnswer, type Translations } from './i18n';
import { interpret, type Interpretation } from './interpret/interpret';
import type { InboundMessage } from './types';
import { answerSafetyCheck, isSafetyCheck, safetyCheckExpects, safetyCheckFor, safetyCheckPrompt, type SafetyCheck } from './safety-check';
import { questionView, type Lexicons } from './understanding';

export type Pending = 'welcomeBack' | 'language' | SafetyCheck | null;

/** What the runtime keeps about a conversation besides the dialog's snapshot. */
export interface TurnState {
  sessionId: string;
  locale: string;
  pending: Pending;
  notUnderstood: number;
  /** Texts the dialog could not take, kept for a person (each with its sealed form as stored). */
  unmatched: { text: string; at: Date; sealed?: string }[];
}

export interface MessageContext {
  message: InboundMessage;
  run: LiveActor;
  state: TurnState;
  /** Nothing was restored: this message opens the conversation. */
  fresh: boolean;
  /** The person comes back after the idle limit. */
  idle: boolean;
  /** It came within the channel's settle window after the dialog's last free-text answer. */
  quickFollowUp: boolean;
  lexicons: Lexicons;
  policy: DialogPolicy;
  i18n: Translations;
  now: Date;
  /** Starts the dialog again from the beginning ("start again" after welcome back). */
  restart(): LiveActor;
}

export interface Applied {
  /** The dialog's actor after the message (a new one after "start again"). */
  run: LiveActor;
  interpretation: Interpretation;
  /** Lines the runtime says itself, before what the dialog says. */
  specs: PromptSpec[];
  /** Quick exit: erase the conversation. */
  erased: boolean;
}

const MAX_UNMATCHED = 50;
/**
 * What is kept of unmatched words in all (characters): several pasted statements, far more than a person
 * types between answers, but not without bound, since the whole session is rewritten on every turn. The
 * first words kept stay (a long first message often holds the most); the oldest after it go first.
 */
export const MAX_UNMATCHED_CHARS = 12_000;
const NOT_UNDERSTOOD_LIMIT = 3;

export const WELCOME_BACK_PROMPT: PromptSpec = {
  key: 'common:welcomeBack.prompt',
  choices: [
    { id: 'resume', key: 'common:welcomeBack.resume' },
    { id: 'restart', key: 'common:welcomeBack.restart' },
  ],
};

export function languagePrompt(i18n: Translations): PromptSpec {
  // Each language's name in that language (rendered with its own t by the runtime).
  return { key: 'common:language.prompt', choices: i18n.languages.map((lng) => ({ id: lng, key: `common:language.names.${lng}` })) };
}

/** The runtime's own question while one is pending (answered by the next message). */
export function pendingPrompt(pending: Pending, i18n: Translations): PromptSpec | undefined {
  if (pending === 'welcomeBack') return WELCOME_BACK_PROMPT;
  if (pending === 'language') return languagePrompt(i18n);
  return isSafetyCheck(pending) ? safetyCheckPrompt(pending) : undefined;
}

export function applyMessage(ctx: MessageContext): Applied {
  const { message, state, i18n } = ctx;
  let run = ctx.run;
  const specs: PromptSpec[] = [];
  const text = message.text.trim();
  const mediaIds = (message.media ?? []).map((m) => m.id);
  const media = mediaIds.length > 0 ? { mediaIds } : {};
  const at = message.receivedAt.toISOString();
  // A first message clearly written in another offered language switches to it before anything is read or
  // said, so even the 999 guidance comes in the person's language.
  const written = ctx.fresh && !state.pending ? ctx.lexicons.languageOf(text) : undefined;
  if (written) state.locale = written.language;
  const ts: TFunction[] = state.locale === 'en' ? [i18n.tFor('en')] : [i18n.tFor(state.locale), i18n.tFor('en')];

  const keep = (words = text): void => {
    if (words) state.unmatched.push({ text: words, at: ctx.now });
    if (state.unmatched.length > MAX_UNMATCHED) state.unmatched.splice(1, state.unmatched.length - MAX_UNMATCHED);
    let total = state.unmatched.reduce((sum, u) => sum + u.text.length, 0);
    while (total > MAX_UNMATCHED_CHARS && state.unmatched.length > 2) total -= state.unmatched.splice(1, 1)[0]!.text.length;
  };
  const notUnderstood = (exampleKey?: string): void => {
    keep();
    state.notUnderstood += 1;
    if (state.notUnderstood >= NOT_UNDERSTOOD_LIMIT) {
      state.notUnderstood = 0;
      specs.push({ key: 'common:notUnderstood.offerPerson' });
    } else if (exampleKey) {
      specs.push({ key: 'common:notUnderstood.withExample', params: { example: String(i18n.tFor(state.locale)(exampleKey)) } });
    } else specs.push({ key: 'common:notUnderstood.prompt' });
  };

  // The runtime's own prompt, while one is pending, is the question being answered.
  const asked = currentQuestion(run);
  const pending = pendingPrompt(state.pending, i18n);
  const check = isSafetyCheck(state.pending) ? state.pending : undefined;
  const view = pending
    ? questionView(pending, check ? { expects: safetyCheckExpects(check) } : {}, state.pending === 'language' ? [...ts, ...i18n.languages.map((l) => i18n.tFor(l))] : ts)
    : asked && questionView(asked.spec, asked.meta, ts);
  const interpretation = interpret(
    { text, hasMedia: mediaIds.length > 0, ...(view ? { question: view } : {}), opening: ctx.fresh, quickFollowUp: ctx.quickFollowUp && !pending && !ctx.idle },
    ctx.lexicons.forLocale(state.locale, ctx.policy.categories),
  );
  const meaning = interpretation.meaning;
  // Punjabi written in Shahmukhi opens in Urdu, its script; Punjabi (in Gurmukhi) is offered, after any danger.
  if (written?.offer && !interpretation.danger && !interpretation.selfHarm) specs.push({ key: `common:language.offer.${written.offer}` });
  let heard = interpretation;
  const applied = (erased = false): Applied => ({ run, interpretation: heard, specs, erased });
  /** Words the dialog cannot take where it is (busy submitting, or it has no use for them) are kept for a person. */
  const deliver = (event: DialogEvent): void => {
    if (!snapshotOf(run).can(event) && 'text' in event) keep(event.type === 'user.opened' && !interpretation.bare ? text : (event.text ?? ''));
    send(run, event);
  };

  if (interpretation.command === 'exit') {
    send(run, { type: 'user.quickExit' });
    return applied(true);
  }

  // Safety first: 999 before anything else, then support for self-harm; the words are kept exactly once.
  if (interpretation.danger || interpretation.selfHarm) {
    state.pending = null;
    const words = meaning.kind === 'opening' || interpretation.bare ? '' : text;
    if (interpretation.danger) deliver({ type: 'user.danger', text: words, ...media, at });
    if (interpretation.selfHarm) deliver({ type: 'user.selfHarm', text: interpretation.danger ? '' : words, at });
    if (meaning.kind === 'opening') deliver({ type: 'user.opened', text: meaning.substantive && !interpretation.bare ? text : '', hints: meaning.hints, at });
    return applied();
  }

  // A language's name on its own ("Cymraeg", "polish") switches to it; where the question asks for words (a
  // nationality may be "Polish"), only its name in itself does ("polski").
  const named = ctx.lexicons.languageNamed(text);
  const inItself = named !== undefined && normaliseAnswer(text) === normaliseAnswer(String(i18n.tFor(named)(`common:language.names.${named}`)));
  if (named && (state.pending === 'language' || ctx.fresh || !asked?.meta.freeText || inItself)) {
    state.pending = null;
    state.locale = named;
    specs.push({ key: 'common:language.changed' });
    return applied();
  }

  switch (interpretation.command) {
    case 'person':
      state.pending = null;
      send(run, { type: 'user.handoff' });
      return applied();
    case 'help':
      send(run, { type: 'user.help' });
      return applied();
    case 'language':
      state.pending = 'language';
      return applied();
    case 'back':
    case 'skip':
      if (!state.pending) {
        send(run, { type: interpretation.command === 'back' ? 'user.back' : 'user.skip' });
        return applied();
      }
  }

  const picked = meaning.kind === 'choice' ? meaning.ids : [];
  if (state.pending === 'welcomeBack') {
    if (picked[0] === 'resume') {
      state.pending = null;
      send(run, { type: 'user.resume' });
    } else if (picked[0] === 'restart') {
      state.pending = null;
      run = ctx.restart();
    } else notUnderstood();
    return applied();
  }
  if (state.pending === 'language') {
    if (picked[0] !== undefined) {
      state.pending = null;
      state.locale = picked[0];
      specs.push({ key: 'common:language.changed' });
    } else notUnderstood();
    return applied();
  }
  if (check) {
    const answer = answerSafetyCheck(check, interpretation, at);
    if (answer && 'event' in answer) {
      state.pending = null;
      heard = answer.interpretation;
      deliver(answer.event);
    } else if (answer) {
      state.pending = null;
      specs.push(answer.say);
    } else if (meaning.kind === 'clarify') {
      keep();
      specs.push({ key: `common:clarify.${meaning.reason}` });
    } else notUnderstood();
    if (answer) state.notUnderstood = 0;
    return applied();
  }
  if (ctx.idle) {
    keep();
    state.pending = 'welcomeBack';
    return applied();
  }

  // Words shaped like danger or self-harm that no pattern matched: taken as they are where words are welcome,
  // kept where they are not, and either way asked about before anything else.
  const safetyCheck = safetyCheckFor(interpretation);
  const event = eventFor(interpretation, text, media, at);
  if (event) {
    state.notUnderstood = 0;
    deliver(event);
    if (safetyCheck) state.pending = safetyCheck;
  } else if (meaning.kind === 'unclear' && safetyCheck) {
    keep();
    state.pending = safetyCheck;
  } else if (meaning.kind === 'clarify') {
    keep();
    state.notUnderstood += 1;
    const own = asked ? asked.spec.key.replace(/\.prompt(Other)?$/, `.clarify.${meaning.reason}`) : '';
    specs.push({ key: own && i18n.has('en', own) ? own : `common:clarify.${meaning.reason}` });
  } else if (meaning.kind === 'unclear') {
    notUnderstood(asked?.meta.exampleKey);
  }
  return applied();
}

/** The dialog event for an answer, a continuation or an opening (none for what the runtime answers itself). */
function eventFor(interpretation: Interpretation, text: string, media: { mediaIds?: string[] }, at: string): DialogEvent | undefined {
  const meaning = interpretation.meaning;
  switch (meaning.kind) {
    case 'opening':
      return { type: 'user.opened', text: meaning.substantive ? text : '', hints: meaning.hints, ...media, at };
    case 'continues':
      return { type: 'user.continued', text, ...media, at };
    case 'choice':
      return {
        type: 'user.message',
        text,
        choice: meaning.ids[0]!,
        ...(meaning.ids.length > 1 ? { choices: meaning.ids } : {}),
        ...(meaning.detail !== undefined ? { detail: meaning.detail } : {}),
        ...media,
        at,
      };
    case 'count':
      return { type: 'user.message', text, count: meaning.value, ...media, at };
    case 'text':
      return { type: 'user.message', text, ...(interpretation.categories ? { categories: interpretation.categories } : {}), ...(interpretation.young ? { young: true } : {}), ...media, at };
    default:
      return undefined;
  }
}
