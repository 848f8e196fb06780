// What a caller asks of the one outbound path, and what it answers: the request (channel, conversation, words or a
// template, the reporter's safe-contact choices) and the outcome (sent, refused with a reason, failed).
import type { OutboundPrompt } from '../conversation/types';
import type { OutboundChannel } from './message-sender';

export interface SafeContact {
  /** Channels the reporter said are safe; absent means any. */
  channels?: OutboundChannel[] | string[];
  /** "Someone else reads my messages": only neutral template wording may be sent. */
  someoneElseReads?: boolean;
  /** Safe times as "HH:MM-HH:MM" (UK time, may wrap midnight); unparseable text is ignored, not guessed. */
  safeTimes?: string;
}

/** The slice of the case service the outbound path needs (injected so it can be tested before cases exist). */
export interface CaseAlerts {
  findOpenCasesByContactHash(contactHash: string): Promise<{ id: string; highRisk: boolean }[]>;
  addAlert(caseId: string, alert: { type: string; detail: string }): Promise<unknown>;
}

export interface SendRequest {
  caseId?: string;
  channel: OutboundChannel;
  conversationKey: string;
  prompts?: OutboundPrompt[];
  /** The conversation's language, for words the channel adds to a turn's prompts (SMS's shortened review). */
  locale?: string;
  /** A template from the catalogue (config `twilio.whatsappTemplates`) and its variables. */
  template?: { name: string; variables?: Record<string, string> };
  safeContact?: SafeContact;
  /** What the message belongs to (an officer's update to the reporter), kept on its delivery records. */
  ref?: string;
  /**
   * Proactive only: the number to use when the conversation holds none (a number the person gave in a web chat).
   * The keyed hash is what opt-outs are kept by; the WhatsApp window counts as closed (they never wrote there).
   */
  to?: { address: string; contactHash: string };
  /**
   * These words or nothing: refused as `neutral_only` where only the neutral message could go instead (a question
   * like the closing survey's, which a "reply to read it" cannot stand for).
   */
  wordsOnly?: boolean;
}

/** The person a reply answers, as the webhook that brought their message knew them. */
export interface ReplyTo {
  address: string;
  contactHash: string;
  at: Date;
}

export type RefusalReason =
  | 'no_address'
  | 'opted_out'
  | 'channel_not_allowed'
  | 'outside_safe_times'
  | 'template_required'
  | 'unknown_template'
  | 'nothing_to_send'
  /** Someone else may read their messages and the request was for its words only (`wordsOnly`). */
  | 'neutral_only';

export type SendOutcome =
  /** `template`: the template that went instead of any words (the neutral message when someone else may read them). */
  | { status: 'sent'; messageIds: string[]; template?: string }
  | { status: 'refused'; reason: RefusalReason }
  | { status: 'failed'; errorCode: number | undefined; messageIds: string[] };
