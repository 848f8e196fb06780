// Who owns the conversation (ARCHITECTURE.md "One turn", step 5): while a member of staff has taken it, what
// the person sends goes to them and the bot says nothing; checked where the turn starts and again just before
// the turn's words go out (an officer may take it while a turn is running). Safety still answers: danger gets
// the 999 guidance and self-harm the support lines (the officer is told), and quick exit erases as always.
// While a request waits for a person, the turn runs as usual and what the person writes is also kept for
// whoever takes it.
import type { DialogEvent, DialogPolicy, PromptSpec } from '../../dialogs/shared/contract';
import type { Translations } from './i18n';
import { interpret } from './interpret/interpret';
import { promptVariants, render } from './prompts';
import type { ChannelKind, InboundMessage, OutboundPrompt, TurnResult } from './types';
import type { Lexicons } from './understanding';

/** What the runtime needs to know about hand-offs (the case side's hand-off service fills it in). */
export interface OwnershipPort {
  /** The conversation's request for a person that is waiting or taken, if any. */
  find(conversationKey: string): Promise<{ id: string; status: 'waiting' | 'claimed' | string } | undefined>;
  /** Keeps a message for the officer's screen (idempotent by the message's provider id), with what it signals. */
  record(handoffId: string, message: InboundMessage, signals: { danger: boolean; selfHarm: boolean }): Promise<void>;
  /** What the bot said while the request waited, so whoever takes it reads the conversation whole. */
  recordBot(handoffId: string, prompts: OutboundPrompt[]): Promise<void>;
}

/** A turn the staff console starts: the officer gives the conversation back to the assistant. */
export type ConversationControl = { kind: 'handBack'; then: 'carryOn' | 'finish'; reference?: string } | { kind: 'closed' };

/** The event the dialog receives for it. */
export function controlEvent(control: ConversationControl): DialogEvent {
  return control.kind === 'closed' ? { type: 'staff.closed' } : { type: 'staff.handBack', then: control.then, ...(control.reference ? { reference: control.reference } : {}) };
}

/** What the bot may still say while a person owns the conversation. */
const SAFETY_KEYS = new Set(['common:danger.guidance', 'common:selfHarm.support', 'common:quickExit.done']);

export interface OwnedTurn {
  /** The words that answer it (safety only, or nothing). */
  prompts: OutboundPrompt[];
}

export function createOwnershipStep(deps: { port: OwnershipPort; lexicons: Lexicons; policy: DialogPolicy; i18n: Translations }) {
  const { port } = deps;
  return {
    /**
     * Where the turn starts. Undefined: the dialog takes the message (no request, one still waiting, or quick
     * exit). Otherwise the message went to the officer and these are the only words that answer it.
     */
    async intercept(message: InboundMessage, locale: string, channel: ChannelKind, discreet: () => boolean = () => false): Promise<OwnedTurn | undefined> {
      if (message.control) return undefined;
      const handoff = await port.find(message.conversationKey);
      if (!handoff) return undefined;
      const reading = interpret({ text: message.text.trim(), hasMedia: (message.media?.length ?? 0) > 0 }, deps.lexicons.forLocale(locale, deps.policy.categories));
      if (reading.command === 'exit') return undefined;
      await port.record(handoff.id, message, { danger: reading.danger, selfHarm: reading.selfHarm });
      if (handoff.status !== 'claimed') return undefined;
      const specs: PromptSpec[] = [];
      if (reading.danger) specs.push({ key: 'common:danger.guidance' });
      if (reading.selfHarm) specs.push({ key: 'common:selfHarm.support' });
      const t = deps.i18n.tFor(locale);
      return { prompts: specs.map((s) => render(t, s, promptVariants(channel, { discreet: discreet() }))) };
    },

    /** Just before the turn's words go out: if an officer took the conversation meanwhile, only safety is said. */
    async beforeReply(conversationKey: string, result: TurnResult): Promise<TurnResult> {
      if (result.erased) return result;
      const handoff = await port.find(conversationKey);
      if (!handoff) return result;
      if (handoff.status === 'claimed') return { ...result, prompts: result.prompts.filter((p) => SAFETY_KEYS.has(p.key)) };
      if (result.prompts.length > 0) await port.recordBot(handoff.id, result.prompts);
      return result;
    },
  };
}

export type OwnershipStep = ReturnType<typeof createOwnershipStep>;
