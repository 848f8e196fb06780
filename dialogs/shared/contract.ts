// The contract between dialogs (pure XState machines) and the conversation runtime.
//
// - A dialog receives meaning, not raw text: the runtime's interpretation step reads every message once
//   (safety first, then the words that work everywhere, then the answer) and sends `user.*` events:
//   `user.danger` / `user.selfHarm` from any state, the interrupts, `user.opened` for the first message,
//   `user.continued` for quick follow-ups, and `user.message` with the choice(s) the words mean.
// - What to ask next is the `meta.prompt` of the deepest active state (static keys; dynamic choices come
//   from context through `choicesFrom`, parameters through `paramsFrom`).
// - One-off lines ("Thank you", 999 guidance) and requests for work (submit the report, hand off, erase)
//   are *emitted* with XState's `emit()`: `{ type: 'say' }` and `{ type: 'effect' }`. The runtime
//   collects them during the transition, runs effects afterwards and sends their results back as
//   `effect.<kind>.done` / `effect.<kind>.failed` events.
// No timers, promises, I/O or i18next in dialogs.
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { ReportDraft } from './report';

export type ChannelKind = 'sms' | 'whatsapp' | 'webchat' | 'botframework' | 'cli';

/** A choice offered to the person. `id` is what the dialog receives; `key` is the i18n label. */
export interface ChoiceMeta {
  id: string;
  key: string;
  params?: Record<string, string | number>;
  /** Extra words that pick this choice, in the dialog's language (lower case). */
  synonyms?: string[];
  /**
   * Picked only by its own words (understanding.json), never listed, numbered or shown as a button: a keyword
   * a line offers where it is needed (SMS's "send ALL" to read a shortened review in full).
   */
  hidden?: boolean;
}

export interface PromptSpec {
  key: string;
  params?: Record<string, string | number>;
  /** Lists of i18n keys, each shown as one parameter: the labels joined in the person's language ("A, B and C"). */
  lists?: Record<string, string[]>;
  choices?: ChoiceMeta[];
  /** The question may be skipped (from PromptMeta.optional): the web offers a Skip button. */
  optional?: boolean;
}

export interface PromptMeta {
  /** i18n key, `<namespace>:<state>.prompt`. */
  key: string;
  /**
   * A dotted path in context holding the i18n key to ask with instead of `key`: one state that asks a list of
   * questions the pack chooses (the risk matrix's, some of them the landlord's own words).
   */
  keyFrom?: string;
  choices?: ChoiceMeta[];
  /** Name of a context field holding ChoiceMeta[] (choices that depend on the policy pack). */
  choicesFrom?: string;
  /** i18n parameter name → dotted path in context. */
  paramsFrom?: Record<string, string>;
  /** Free text is accepted here (otherwise an answer must match a choice). */
  freeText?: boolean;
  /** "skip" is allowed. */
  optional?: boolean;
  /** An example answer key shown when the answer is not understood. */
  exampleKey?: string;
  /**
   * Several choices may be picked at once ("1 and 6"). Numbers keep their meaning for the whole question:
   * the list never shrinks or reorders between picks.
   */
  several?: boolean;
  /**
   * What an answer in words means here, beyond the choices: `danger` (are you in danger: "ok" or "maybe" are
   * asked about, never taken as yes or no), `safety` (is it safe: "ok" is asked about), `someone` (do you know
   * who: a named or described person is yes, with the words kept), `child` / `adultAtRisk` (is a child, or an
   * adult who may not protect themselves, affected: naming one is yes, with the words kept), `category` (what
   * is it about: the words are matched to the pack's categories), `age` (how old are you: an age in numbers, "I'm 15",
   * picks its band), `count` (how many: the number said, "17", "Dash 17", "17/24", "seventeen", comes as `count`; a
   * number is never an option's number here, so its options are `hidden` and picked by their words only).
   */
  expects?: 'danger' | 'safety' | 'someone' | 'child' | 'adultAtRisk' | 'category' | 'age' | 'count';
}

export interface StateMeta {
  prompt?: PromptMeta;
}

/** A category the person's words point to (the interpretation step weighs the pack's synonyms and its own words). */
export interface CategoryGuess {
  categoryId: string;
  subcategoryId?: string;
}

/** What a first message clearly says, offered back to be confirmed rather than asked again as if unsaid. */
export interface OpeningHints {
  /** One category to confirm, or the two likeliest. */
  categories?: CategoryGuess[];
  /** When it happened, as they wrote it ("last night"). */
  when?: string;
  /** Where it happened, as they wrote it ("outside my flat"). */
  where?: string;
  /** The words sound like a child or young person's ("my mum's boyfriend", "I'm 15", "at school"): their age is asked. */
  young?: boolean;
}

/** Events a dialog receives. `at` is when the channel received the message (ISO). */
export type UserMessageEvent = {
  type: 'user.message';
  /** What the person typed, trimmed (may be empty when they only sent media). */
  text: string;
  /** The offered choice the words mean (number, label or the words people use for it). */
  choice?: string;
  /** Every choice picked at a `several` question ("1 and 6"), in the order typed; `choice` is the first. */
  choices?: string[];
  /** Words that came with the choice and say more ("yes, my husband" to "do you know who?"). */
  detail?: string;
  /** At an `expects: 'category'` question, words that are not a choice: the categories they point to (may be none). */
  categories?: CategoryGuess[];
  /** At the same question, the words sound like a child or young person's ("my mums boyfriend"): their age is asked. */
  young?: boolean;
  /** At an `expects: 'count'` question, the number the words say ("Dash 17" is 17, "17/24" is 17, "seventeen"). */
  count?: number;
  /** Ids of media stored for this message (evidence). */
  mediaIds?: string[];
  at?: string;
};
/**
 * Safety signals, whatever the question. `text` is the words that came with the signal, to keep with the
 * report ('' when there is nothing more than the signal, e.g. "999"). Danger first: 999 and the Silent
 * Solution, then back to where they were. Self-harm: a kind word, a free line, the offer of a person.
 */
export type SafetyEvent =
  | { type: 'user.danger'; text?: string; mediaIds?: string[]; at?: string }
  | { type: 'user.selfHarm'; text?: string; at?: string };
/** The first message of a conversation: `text` is '' when it was only a greeting. */
export type OpenedEvent = { type: 'user.opened'; text: string; hints: OpeningHints; mediaIds?: string[]; at?: string };
/** More words for the last free-text answer, sent before the next question could have been read. */
export type ContinuedEvent = { type: 'user.continued'; text: string; mediaIds?: string[]; at?: string };
export type InterruptEvent =
  | { type: 'user.quickExit' }
  | { type: 'user.handoff' }
  | { type: 'user.help' }
  | { type: 'user.back' }
  | { type: 'user.skip' }
  | { type: 'user.resume' }
  | { type: 'user.restart' };
export type EffectResultEvent =
  | { type: 'effect.submitReport.done'; output: SubmittedReport }
  | { type: 'effect.submitReport.failed'; error: string }
  | { type: 'effect.handoff.done'; output: { expectedReply: 'in_hours' | 'next_working_day' } }
  | { type: 'effect.handoff.failed'; error: string }
  | { type: 'effect.openUrgentCase.done'; output: { reference: string } }
  | { type: 'effect.openUrgentCase.failed'; error: string };
/**
 * A member of staff who took the conversation gives it back (the runtime sends these; nothing the person typed):
 * to carry on the report where it was, or to finish with the reference of the case their conversation became.
 * `staff.closed`: the officer ended it themselves; the dialog ends without a word.
 */
export type StaffEvent = { type: 'staff.handBack'; then: 'carryOn' | 'finish'; reference?: string } | { type: 'staff.closed' };
export type DialogEvent = UserMessageEvent | SafetyEvent | OpenedEvent | ContinuedEvent | InterruptEvent | EffectResultEvent | StaffEvent;

/** What submitting a report returns to the dialog, for its closing message. */
export interface SubmittedReport {
  /** The case's reference ('' when the report was signposted without a case). */
  reference: string;
  /** i18n key of the team's name, e.g. `policy:team.communitySafety`. */
  teamKey: string;
  /** A way to reach the person exists (not anonymous, and a channel with an address, or the number they wrote from). */
  contactable: boolean;
  /** Out of scope and low risk, and the person chose to finish: pointed elsewhere, no case made (the outcome is counted). */
  signposted?: boolean;
  /** The day by which someone will respond, written for the person ("Tuesday 24 November"), only when they can be contacted. */
  firstResponseDue?: string;
  /** Helpline ids that fit this report (see the policy pack). */
  helplineIds: string[];
  /** `policy:` keys of the pack's notices for this report (a Hate Crime Reporting Centre, the ASB Case Review). */
  noticeKeys?: string[];
}

/** Work the dialog asks for, run by the runtime after the transition, each idempotent with its key. */
export type DialogEffect =
  | { kind: 'submitReport'; key: string; report: ReportDraft }
  /**
   * High risk is known before the report is finished: staff must see it now. Idempotent by the session: the
   * first call opens an urgent case, later calls (with the key's same session) update that case with what
   * has been said since, and the final submit completes it.
   */
  | { kind: 'openUrgentCase'; key: string; report: ReportDraft }
  | { kind: 'handoff'; key: string; reason: 'asked' | 'not_understood' | 'danger'; summary: Partial<ReportDraft> }
  | { kind: 'erase'; key: string }
  /**
   * Discreet mode has begun (someone else may read their messages, or it was not safe to talk): every message
   * sent later on our own initiative to this conversation is neutral. Idempotent; nothing comes back.
   */
  | { kind: 'keepDiscreet'; key: string };

export type EmittedEvent = { type: 'say'; prompt: PromptSpec } | { type: 'effect'; effect: DialogEffect };

/** The slice of a landlord's policy pack that dialogs need, passed as machine input. */
export interface DialogPolicy {
  landlordId: string;
  organisationName: string;
  categories: {
    id: string;
    /** What kind of report this category is (the pack's `kind`): decides hate-crime and domestic-abuse questions. */
    kind: 'asb' | 'hate_crime' | 'harassment' | 'domestic_abuse';
    /** i18n key for the label. */
    key: string;
    synonyms: string[];
    subcategories: { id: string; key: string; synonyms: string[] }[];
  }[];
  hateMotivations: { id: string; key: string }[];
  /** Forms of domestic abuse; a form with `helplineIds` has its specialist line said as soon as it is picked (OVH 1.5.3.1). */
  domesticAbuseForms: { id: string; key: string; helplineIds?: string[] }[];
  /** `keyOther`: the label for someone reporting for another ("They rent ...", not "I rent ..."); `key` when absent. */
  tenures: { id: string; key: string; keyOther?: string; inScope: boolean }[];
  /** OVH 1.5.1.3: out-of-scope tenures are still accepted when the alleged perpetrator is our tenant. */
  acceptOutOfScopeWhenPerpetratorIsTenant: boolean;
  /** Category responses shown at the right moment (OVH 1.5.2.3); the report can still be made. */
  categoryResponses: {
    categoryId: string;
    subcategoryId?: string;
    key: string;
    helplineIds: string[];
    /** What the landlord does (pack `categoryResponses[].action`): only `signpost_elsewhere` means "not usually us". */
    action?: string;
  }[];
  /**
   * The pack's risk assessment matrix questions (OVH 3.7.3): only these are asked, in the pack's order, and of a witness only
   * those marked `askWitness`. `key`: the wording, `risk:harm.<id>` for the intake's own nine, `pack:harm.<id>` for a
   * question of the landlord's own (its words come with the pack); absent, `risk:harm.<id>`. Absent list: every question
   * the intake has, asked of the person harmed only.
   */
  harmQuestions?: { id: string; askWitness: boolean; key?: string }[];
  /** Support said in the first replies (SLH Objectives: support at the point of first report). */
  supportOnFirstReportKey?: string;
  /** Key of the out-of-scope signposting message. */
  outOfScopeKey: string;
  evidenceApp?: { name: string; url: string };
  /** The web chat's public address: in discreet mode on SMS or WhatsApp, a safer place for the checklist and helplines. */
  webChatUrl?: string;
}

export interface DialogInput {
  policy: DialogPolicy;
  channel: ChannelKind;
  /** The session id, used to make effect keys (one conversation never makes two cases). */
  sessionId: string;
}

export interface DialogMigration {
  from: number;
  /** Returns a snapshot valid for `from + 1`, or undefined when it cannot be migrated. */
  migrate: (persisted: unknown) => unknown | undefined;
}

export interface DialogDefinition {
  id: string;
  version: number;
  machine: AnyStateMachine;
  migrations?: DialogMigration[];
  /**
   * When the dialog's last free-text answer arrived (the `at` of its message), while the question after it
   * is being asked: a message within the channel's settle window then continues that answer (`user.continued`)
   * instead of answering a question the person could not yet have read.
   */
  lastTextAt?: (snapshot: AnyMachineSnapshot) => string | undefined;
  /**
   * Discreet mode (docs/discreet-mode.md): someone else may read the messages, or it was not safe to talk. The
   * runtime then renders every line in its discreet wording (`_discreet` keys, see promptVariants).
   */
  discreet?: (snapshot: AnyMachineSnapshot) => boolean;
}
