// What happens to a person's Direct Line activity once its token is checked: it is stored (the echo Web
// Chat waits for), its turn runs through the bot, and the replies reach the transcript and the open
// streams. One turn at a time per conversation in this process; erasing tells every open tab to leave.
import type { TurnContext } from 'botbuilder';
import { createKeyedSerial } from '../../db/keyed-serial';
import type { InboundMedia, TurnHandler } from '../../conversation/types';
import type { Logger } from '../../log/logger';
import { activityId, DirectLineAdapter } from './directline-adapter';
import { MEDIA_KEY, ReportBot, RESULT_KEY } from './report-bot';
import type { StreamHub } from './stream-hub';
import type { StoredActivity, TranscriptStore } from './transcript.mongo';

/** A person's activity as the routes have checked it (Bot Framework schema subset). */
export interface InboundActivity {
  type: string;
  text?: string | undefined;
  textFormat?: 'plain' | 'markdown' | 'xml' | undefined;
  locale?: string | undefined;
  name?: string | undefined;
  value?: unknown;
  from?: { id?: string | undefined; role?: string | undefined } | undefined;
  channelData?: { clientActivityID?: string | undefined; clientTimestamp?: string | undefined } | undefined;
  attachments?: { contentType?: string | undefined; name?: string | undefined }[] | undefined;
}

export type ReceiveResult = { status: 'accepted'; id: string } | { status: 'missing' } | { status: 'full' };

export interface DirectLineConversations {
  /** Stores the person's activity, then runs its turn (a message or event). */
  receive(conversationId: string, input: InboundActivity, media: InboundMedia[]): Promise<ReceiveResult>;
  /** Forgets a conversation: its transcript, and every open tab is told to quick-exit. */
  erase(conversationId: string): Promise<void>;
}

export interface DirectLineConversationsDeps {
  transcripts: TranscriptStore;
  hub: StreamHub;
  handleTurn: TurnHandler;
  /** The runtime's conversation key of a Direct Line conversation. */
  keyFor: (conversationId: string) => string;
  botName: string;
  /** Words for the one reply the bot makes on its own (when a turn fails). */
  failureText: (locale: string | undefined) => string;
  logger: Logger;
  now: () => Date;
}

function valueSize(value: unknown): number {
  try {
    return JSON.stringify(value ?? null).length;
  } catch {
    return Infinity;
  }
}

export function createDirectLineConversations(deps: DirectLineConversationsDeps): DirectLineConversations {
  const { transcripts, hub, logger: log, now } = deps;
  const adapter = new DirectLineAdapter({ transcripts, hub, botName: deps.botName, now });
  adapter.onTurnError = async (_context, error) => {
    log.error({ err: { type: error.name } }, 'web chat turn failed');
  };
  const bot = new ReportBot({
    handleTurn: deps.handleTurn,
    channel: 'webchat',
    conversationKeyFor: (context: TurnContext) => deps.keyFor(context.activity.conversation.id),
    failureText: deps.failureText,
    logger: log,
  });
  const turns = createKeyedSerial();

  const erase = async (conversationId: string): Promise<void> => {
    await transcripts.erase(conversationId);
    hub.closeConversation(conversationId);
  };

  const receive = async (conversationId: string, input: InboundActivity, media: InboundMedia[]): Promise<ReceiveResult> => {
    const at = now();
    const clientId = input.channelData?.clientActivityID;
    const activity: StoredActivity = {
      type: input.type,
      id: activityId(conversationId),
      timestamp: at.toISOString(),
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { id: input.from?.id ?? 'user', role: 'user' },
      recipient: { id: 'bot', role: 'bot' },
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.textFormat ? { textFormat: input.textFormat } : {}),
      ...(input.locale ? { locale: input.locale } : {}),
      ...(input.name ? { name: input.name } : {}),
      ...(input.value !== undefined && valueSize(input.value) <= 2000 ? { value: input.value } : {}),
      ...(input.channelData ? { channelData: input.channelData } : {}),
      ...(input.attachments?.length ? { attachments: input.attachments.map((a) => ({ contentType: a.contentType, name: a.name })) } : {}),
    };
    // Typing and other signals are acknowledged and not kept.
    if (input.type !== 'message' && input.type !== 'event') return { status: 'accepted', id: activity.id };

    const stored = await transcripts.append(conversationId, [activity], at, clientId);
    if (stored.status === 'missing' || stored.status === 'full') return { status: stored.status };
    if (stored.status === 'duplicate') return { status: 'accepted', id: stored.id };
    hub.notify(conversationId);
    await turns.run(conversationId, async () => {
      let erased = false;
      await adapter.processActivity(activity, async (context) => {
        if (media.length > 0) context.turnState.set(MEDIA_KEY, media);
        await bot.run(context);
        erased = Boolean((context.turnState.get(RESULT_KEY) as { erased?: boolean } | undefined)?.erased);
      });
      if (erased) {
        await erase(conversationId);
        log.info({ event: 'quick_exit' }, 'web chat conversation erased');
      }
    });
    return { status: 'accepted', id: activity.id };
  };

  return { receive, erase };
}
