// Channel-neutral messages: every channel maps its request to an InboundMessage and renders the
// OutboundPrompts that come back.
import type { ChannelKind, ChoiceMeta } from '../../dialogs/shared/contract';
import type { ConversationControl } from './ownership';

export type { ChannelKind } from '../../dialogs/shared/contract';

export interface InboundMedia {
  /** Id of the stored evidence item (the channel fetches and stores it before the turn). */
  id: string;
  contentType: string;
}

export interface InboundMessage {
  channel: ChannelKind;
  /** A keyed hash of the sender address (never the raw address). */
  conversationKey: string;
  /** `contactHash(secret, address)` of the sender, channel-independent: lets a case made from this
   *  conversation be found again by its contact (STOP on an open high-risk case). Absent on web chat. */
  senderContactHash?: string;
  /** The provider's id for this message (Twilio MessageSid, Direct Line activity id): the dedupe key. */
  providerMessageId: string;
  text: string;
  media?: InboundMedia[];
  /** A language the channel suggests (browser language, WhatsApp profile); the session's choice wins. */
  localeHint?: string;
  receivedAt: Date;
  /** Not from the person: the staff console handing the conversation back (ownership.ts); `text` is ''. */
  control?: ConversationControl;
}

export interface OutboundPrompt {
  /** i18n key. */
  key: string;
  params?: Record<string, string | number>;
  choices?: ChoiceMeta[];
  /** Rendered text in the session's language, filled in by the runtime. */
  text: string;
  /** Rendered choice labels, in order, filled in by the runtime; `send` is what the button sends when it
   *  is not its label (the web's Skip button sends the skip keyword); `number` is the number an SMS shows
   *  for it when that is not its place in this list (a page of a long list, sms-pages.ts). */
  choiceLabels?: { id: string; label: string; send?: string; number?: number }[];
}

export interface TurnResult {
  prompts: OutboundPrompt[];
  /** The session's language after this turn. */
  locale: string;
  /** The conversation ended (submitted, exited) and the session is gone or closed. */
  ended: boolean;
  /** Quick exit: the channel should also forget what it holds (web chat transcript, etc.). */
  erased: boolean;
  /** True when this was a repeat of a message already handled (same reply, nothing changed). */
  duplicate: boolean;
}

export type TurnHandler = (message: InboundMessage) => Promise<TurnResult>;
