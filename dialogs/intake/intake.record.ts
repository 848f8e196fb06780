// How the intake's answers change its context: pure functions of (context, event, params) returning the
// parts of the context that change. `intake.setup.ts` gives each a name; sections refer to them by name.
import type { DialogEvent, UserMessageEvent } from '../shared/contract';
import {
  asParam,
  initialContext,
  DONE_CHOICE,
  type AnswerField,
  type BooleanField,
  type ContinuableField,
  type CountField,
  type IntakeContext,
  type ListField,
  type TextField,
} from './intake.context';

type Update = Partial<IntakeContext>;

export const message = (event: DialogEvent): UserMessageEvent | undefined => (event.type === 'user.message' ? event : undefined);
export const choiceOf = (event: DialogEvent) => message(event)?.choice;
/** The words of any event that carries some (a message, danger, self-harm, an opening, a follow-up). */
export const textOf = (event: DialogEvent) => ('text' in event && typeof event.text === 'string' ? event.text : '').trim();
export const mediaOf = (event: DialogEvent) => ('mediaIds' in event ? (event.mediaIds ?? []) : []);
export const asAnswer = (choice: string | undefined) => (choice === 'yes' || choice === 'no' || choice === 'dont_know' ? choice : undefined);

/** A pick-several question: the field it fills and the context list it offers. */
export type PickList = { field: ListField; choices: 'motivationChoices' | 'abuseFormChoices' | 'channelChoices' };

/** After an answer in words, quick follow-ups are added to it until the question after it is answered. */
function noted(context: IntakeContext, event: DialogEvent, field: ContinuableField): Update {
  const at = 'at' in event ? event.at : undefined;
  return at === undefined ? { lastText: null } : { lastText: { field, at, until: context.asked + 1 } };
}

export function rememberQuestion(context: IntakeContext, id: string): Update {
  if (context.trail[context.trail.length - 1] === id) return {};
  return { trail: [...context.trail.slice(-60), id], asked: context.asked + 1 };
}

export function recordText(context: IntakeContext, event: DialogEvent, field: TextField): Update {
  return { fields: { ...context.fields, [field]: textOf(event).slice(0, 2000) }, ...noted(context, event, field) };
}

/** Long messages arrive in pieces (SMS segments, several chat bubbles): nothing typed is lost. */
export function appendDescription(context: IntakeContext, event: DialogEvent): Update {
  const text = textOf(event);
  if (text === '') return {};
  const before = context.fields['incident.description'];
  return {
    fields: { ...context.fields, 'incident.description': before ? `${before}\n${text}`.slice(0, 20000) : text },
    ...(event.type === 'user.message' ? noted(context, event, 'incident.description') : {}),
  };
}

export function recordWhere(context: IntakeContext, event: DialogEvent): Update {
  const atHome = choiceOf(event) === 'home';
  const fields = { ...context.fields, 'incident.where': atHome ? 'home' : textOf(event).slice(0, 500), 'incident.whereAtHome': atHome };
  return { fields, ...(atHome ? { lastText: null } : noted(context, event, 'incident.where')) };
}

export function recordMedia(context: IntakeContext, event: DialogEvent): Update {
  const ids = mediaOf(event);
  const before = context.fields['evidence.mediaIds'] ?? [];
  const text = textOf(event);
  const description = context.fields['evidence.description'];
  return {
    fields: {
      ...context.fields,
      'evidence.mediaIds': [...before, ...ids.filter((id) => !before.includes(id))],
      ...(text !== '' ? { 'evidence.description': description ? `${description}\n${text}`.slice(0, 2000) : text } : {}),
    },
    ...(text !== '' ? noted(context, event, 'evidence.description') : {}),
  };
}

/** Photos or voice notes sent with anything are kept as evidence: nothing sent is lost. */
export function keepMedia(context: IntakeContext, event: DialogEvent): Update {
  const ids = mediaOf(event);
  if (ids.length === 0) return {};
  const before = context.fields['evidence.mediaIds'] ?? [];
  return { fields: { ...context.fields, 'evidence.mediaIds': [...before, ...ids.filter((id) => !before.includes(id))] } };
}

/** A quick follow-up joins the answer it follows (when, where, what happened...). */
export function continueText(context: IntakeContext, event: DialogEvent): Update {
  const text = textOf(event);
  const last = context.lastText;
  if (text === '') return keepMedia(context, event);
  const field = last?.field ?? 'incident.description';
  const before = context.fields[field];
  const joined = before ? `${before}${field === 'incident.description' ? '\n' : ' '}${text}` : text;
  const fields = { ...keepMediaFields(context, event), [field]: joined.slice(0, field === 'incident.description' ? 20000 : 2000) };
  const at = 'at' in event ? event.at : undefined;
  return { fields, lastText: last && at ? { ...last, at } : last };
}

function keepMediaFields(context: IntakeContext, event: DialogEvent) {
  return keepMedia(context, event).fields ?? context.fields;
}

/** The first message: the start of the description (unless only a greeting), and what it says, to confirm later. */
export function keepOpening(context: IntakeContext, event: DialogEvent): Update {
  if (event.type !== 'user.opened') return {};
  const described = appendDescription(context, event);
  const fields = keepMedia({ ...context, fields: described.fields ?? context.fields }, event).fields ?? described.fields ?? context.fields;
  const { hints } = event;
  return {
    fields,
    hints,
    params: { ...context.params, when: asParam(hints.when, 60), where: asParam(hints.where, 60) },
    lastText: event.at !== undefined && textOf(event) !== '' ? { field: 'incident.description', at: event.at, until: context.asked } : null,
  };
}

/** Words typed with danger or self-harm are part of the report. */
export function keepWords(context: IntakeContext, event: DialogEvent): Update {
  const described = appendDescription(context, event);
  return { fields: keepMedia({ ...context, fields: described.fields ?? context.fields }, event).fields ?? described.fields ?? context.fields };
}

export function recordAnswer(context: IntakeContext, event: DialogEvent, field: AnswerField): Update {
  return { fields: { ...context.fields, [field]: asAnswer(choiceOf(event)) ?? 'dont_know' } };
}

export function recordYesNo(context: IntakeContext, event: DialogEvent, field: BooleanField): Update {
  return { fields: { ...context.fields, [field]: choiceOf(event) === 'yes' } };
}

export const countOf = (event: DialogEvent) => message(event)?.count;

/** A number asked for ("how many?"): "no" (none) is 0 where `noIsZero`, "don't know" leaves it unanswered. */
export function recordCount(context: IntakeContext, event: DialogEvent, field: CountField, noIsZero: boolean): Update {
  const count = countOf(event) ?? (noIsZero && choiceOf(event) === 'no' ? 0 : undefined);
  const fields = { ...context.fields };
  if (count === undefined) delete fields[field];
  else fields[field] = count;
  return { fields };
}

/** The risk level a professional assessed; "not assessed" leaves none. */
export function recordReferralLevel(context: IntakeContext, event: DialogEvent): Update {
  const level = choiceOf(event);
  const fields = { ...context.fields };
  if (level === 'standard' || level === 'medium' || level === 'high') fields['risk.referralLevel'] = level;
  else delete fields['risk.referralLevel'];
  return { fields };
}

/** "Yes, my husband" to "do you know who is doing this?": the words describe them. */
export function recordDetail(context: IntakeContext, event: DialogEvent, field: TextField): Update {
  const detail = message(event)?.detail;
  return detail === undefined ? {} : { fields: { ...context.fields, [field]: detail.slice(0, 2000) } };
}

/** Every choice picked ("1 and 6" is two): the list shown never changes, so a number keeps its meaning. */
export function addToList(context: IntakeContext, event: DialogEvent, params: PickList): Update {
  const m = message(event);
  const picked = (m?.choices ?? [m?.choice]).filter((id): id is string => id !== undefined && id !== DONE_CHOICE.id);
  const list = (context.fields[params.field] ?? []) as string[];
  return { fields: { ...context.fields, [params.field]: [...list, ...picked.filter((id) => !list.includes(id))] } };
}

/** A category and its key for the confirming prompt. */
function suggesting(context: IntakeContext, guess: { categoryId: string; subcategoryId?: string } | undefined): Update {
  const category = context.policy.categories.find((c) => c.id === guess?.categoryId);
  if (!category || !guess) return { suggestion: null };
  return {
    suggestion: { categoryId: category.id, categoryKey: category.key, ...(guess.subcategoryId ? { subcategoryId: guess.subcategoryId } : {}) },
    params: { ...context.params, categoryKey: category.key },
  };
}

/** Words that sound young at the "what is it about?" question count as if the first message had said so. */
export function noteYoung(context: IntakeContext, event: DialogEvent): Update {
  return message(event)?.young === true ? { hints: { ...context.hints, young: true } } : {};
}

/** From the person's words (this message, or the first one): one category to confirm. */
export function suggestCategory(context: IntakeContext, event: DialogEvent): Update {
  const guesses = message(event)?.categories ?? context.hints.categories ?? [];
  return { ...suggesting(context, guesses[0]), hints: { ...context.hints, categories: undefined } };
}

/** The two likeliest categories, and "something else". */
export function offerCategories(context: IntakeContext, event: DialogEvent): Update {
  const guesses = message(event)?.categories ?? context.hints.categories ?? [];
  const choices = guesses.flatMap((g) => context.policy.categories.filter((c) => c.id === g.categoryId).map((c) => ({ id: c.id, key: c.key })));
  return { suggestionChoices: [...choices, { id: 'other', key: 'intake:choosingCategory.other' }], hints: { ...context.hints, categories: undefined } };
}

export function acceptSuggestion(context: IntakeContext): Update {
  const s = context.suggestion;
  if (s === null) return {};
  const fields = { ...context.fields, 'incident.categoryId': s.categoryId };
  if (s.subcategoryId !== undefined) fields['incident.subcategoryId'] = s.subcategoryId;
  else delete fields['incident.subcategoryId'];
  return { fields, suggestion: null };
}

export function chooseCategory(context: IntakeContext, event: DialogEvent): Update {
  const category = context.policy.categories.find((c) => c.id === choiceOf(event));
  if (category === undefined) return {};
  const fields = { ...context.fields, 'incident.categoryId': category.id };
  delete fields['incident.subcategoryId'];
  return { fields, suggestion: null, params: { ...context.params, categoryKey: category.key } };
}

/** A hint from the first message, confirmed: it becomes the answer. */
export function acceptHint(context: IntakeContext, hint: 'when' | 'where'): Update {
  const value = context.hints[hint];
  const hints = { ...context.hints, [hint]: undefined };
  if (value === undefined) return { hints };
  const fields = hint === 'when' ? { ...context.fields, 'incident.when': value.slice(0, 500) } : { ...context.fields, 'incident.where': value.slice(0, 500), 'incident.whereAtHome': false };
  return { fields, hints };
}

export function forgetHint(context: IntakeContext, hint: 'when' | 'where'): Update {
  return { hints: { ...context.hints, [hint]: undefined } };
}

export function restart(context: IntakeContext): Update {
  return initialContext({ policy: context.policy, channel: context.channel, sessionId: context.sessionId });
}
