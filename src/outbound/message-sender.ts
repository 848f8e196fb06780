// What the one outbound path needs from a channel that can send on its own initiative (Twilio REST).
// The Twilio channel implements it, so nothing outside src/channels/twilio imports twilio.
import type { OutboundPrompt } from '../conversation/types';

export type OutboundChannel = 'sms' | 'whatsapp';

export type OutboundContent =
  /** Words from the conversation, rendered by the channel (numbered options, SMS segments). */
  | { kind: 'prompts'; prompts: OutboundPrompt[]; locale?: string }
  /** An approved, lock-screen-neutral template: a WhatsApp ContentSid, or the same wording as SMS text. */
  | { kind: 'template'; name: string; contentSid?: string; variables: Record<string, string> };

export interface SentPart {
  providerMessageId: string;
  status: string;
}

export interface MessageSender {
  /** Sends one piece of content (possibly several SMS parts). Throws SendError on a refusal by the provider. */
  send(request: { channel: OutboundChannel; to: string; content: OutboundContent }): Promise<SentPart[]>;
}

/** A provider's refusal, with its error code (21610 unsubscribed, 63016 outside the WhatsApp window…). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
    /** Parts that went out before the failure (an SMS split in three may fail on the second). */
    readonly sent: SentPart[] = [],
  ) {
    super(message);
    this.name = 'SendError';
  }
}
