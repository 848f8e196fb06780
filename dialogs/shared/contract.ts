// The contract between dialogs (pure XState machines) and the conversation runtime.
//
// - A dialog reads the person's words from `user.message` events and the global interrupts from
//   `user.*` events that the runtime raises when it recognises a keyword in any state.
// - What to ask next is the `meta.prompt` of the deepest active state (static keys; dynamic choices come
//   from context through `choicesFrom`, parameters through `paramsFrom`).
// - One-off lines ("Thank you", 999 guidance) and requests for work (submit the report, hand off, erase)
//   are *emitted* with XState's `emit()`: `{ type: 'say' }` and `{ type: 'effect' }`. The runtime
//   collects them during the transition, runs effects afterwards and sends their results back as
//   `effect.<kind>.done` / `effect.<kind>.failed` events.
// No timers, promises, I/O or i18next in dialogs.
import type { AnyStateMachine } from 'xstate';
import type { ReportDraft } from './report';

export type ChannelKind = 'sms' | 'whatsapp' | 'webchat' | 'botframework' | 'cli';

/** A choice offered to the person. `id` is what the dialog receives; `key` is the i18n label. */
export interface ChoiceMeta {
  id: string;
  key: string;
  params?: Record<string, string | number>;
  /** Extra words that pick this choice, in the dialog's language (lower case). */
  synonyms?: string[];
}

export interface PromptSpec {
  key: string;
  params?: Record<string, string | number>;
  choices?: ChoiceMeta[];
  /** The question may be skipped (from PromptMeta.optional): the web offers a Skip button. */
  optional?: boolean;
}

export interface PromptMeta {
  /** i18n key, `<namespace>:<state>.prompt`. */
  key: string;
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
}

export interface StateMeta {
  prompt?: PromptMeta;
}

/** Events a dialog receives. */
export type UserMessageEvent = {
  type: 'user.message';
  /** What the person typed, trimmed (may be empty when they only sent media). */
  text: string;
  /** The choice id when the runtime matched the text (number, label or synonym) to an offered choice. */
  choice?: string;
  /** Ids of media stored for this message (evidence). */
  mediaIds?: string[];
};
export type InterruptEvent =
  | { type: 'user.danger' }
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
  | { type: 'effect.handoff.failed'; error: string };
export type DialogEvent = UserMessageEvent | InterruptEvent | EffectResultEvent;

/** What submitting a report returns to the dialog, for its closing message. */
export interface SubmittedReport {
  reference: string;
  /** i18n key of the team's name, e.g. `policy:team.communitySafety`. */
  teamKey: string;
  /** The day by which someone will respond, written for the person ("Tuesday 24 November"), if they can be contacted. */
  firstResponseDue?: string;
  /** Helpline ids that fit this report (see the policy pack). */
  helplineIds: string[];
}

/** Work the dialog asks for, run by the runtime after the transition, each idempotent with its key. */
export type DialogEffect =
  | { kind: 'submitReport'; key: string; report: ReportDraft }
  | { kind: 'handoff'; key: string; reason: 'asked' | 'not_understood' | 'danger'; summary: Partial<ReportDraft> }
  | { kind: 'erase'; key: string };

export type EmittedEvent = { type: 'say'; prompt: PromptSpec } | { type: 'effect'; effect: DialogEffect };

/** The slice of a landlord's policy pack that dialogs need, passed as machine input. */
export interface DialogPolicy {
  landlordId: string;
  organisationName: string;
  categories: {
    id: string;
    /** i18n key for the label. */
    key: string;
    synonyms: string[];
    subcategories: { id: string; key: string; synonyms: string[] }[];
  }[];
  hateMotivations: { id: string; key: string }[];
  domesticAbuseForms: { id: string; key: string }[];
  tenures: { id: string; key: string; inScope: boolean }[];
  /** OVH 1.5.1.3: out-of-scope tenures are still accepted when the alleged perpetrator is our tenant. */
  acceptOutOfScopeWhenPerpetratorIsTenant: boolean;
  /** Category responses shown at the right moment (OVH 1.5.2.3); the report can still be made. */
  categoryResponses: { categoryId: string; subcategoryId?: string; key: string; helplineIds: string[] }[];
  /** Key of the out-of-scope signposting message. */
  outOfScopeKey: string;
  evidenceApp?: { name: string; url: string };
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
}
