// What happens to a person's Direct Line activity once its token is checked: it is stored (the echo Web
// Chat waits for), its turn runs through the bot, and the replies reach the transcript and the open
// streams. One turn at a time per conversation in this process; erasing tells every open tab to leave.
import type { TurnContext } from 'botbuilder';
import { createKeyedSerial } from '../../db/keyed-serial';
import type { InboundMedia, TurnHandler } from '../../conversation/types';
import type { Logger } from '../../log/logger';
import { activityId } from './directline-token';
import { BOT_ID, DirectLineAdapter } from './directline-adapter';
import { buttonValue, MEDIA_KEY, QUICK_EXIT_EVENT, ReportBot, RESULT_KEY } from './report-bot';
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
  /**
   * Stores the person's activity, then runs its turn (a message or event). Answers within `budgetMs` of
   * `arrivedAt`: when the database is slow, the page gets the safe fallback words at once and the turn
   * still runs when it can.
   */
  receive(conversationId: string, input: InboundActivity, media: InboundMedia[], arrivedAt?: number): Promise<ReceiveResult>;
  /** Forgets a conversation: its transcript, and every open tab is told to quick-exit. */
  erase(conversationId: string): Promise<void>;
}

/** The words the channel says itself (locales/<lng>/webchat.json `bot.*`), in the person's language. */
export type ChannelWords = (key: 'failed' | 'unavailable' | 'afterEnd' | 'newReport', locale: string | undefined, params?: Record<string, string>) => string;

export interface DirectLineConversationsDeps {
  transcripts: TranscriptStore;
  hub: StreamHub;
  handleTurn: TurnHandler;
  /** The runtime's conversation key of a Direct Line conversation. */
  keyFor: (conversationId: string) => string;
  botName: string;
  words: ChannelWords;
  logger: Logger;
  now: () => Date;
  /** How long a person waits for an answer before the safe fallback (from the request's arrival). */
  budgetMs?: number;
}

/** Web Chat gives up on a send after 20 s; the fallback comes well before. */
export const TURN_BUDGET_MS = 5000;
/** The event sent to the page when the chat was deleted: every open tab runs its quick exit. */
export const NEW_REPORT = 'newReport';

function valueSize(value: unknown): number {
  try {
    return JSON.stringify(value ?? null).length;
  } catch {
    return Infinity;
  }
}

export function createDirectLineConversations(deps: DirectLineConversationsDeps): DirectLineConversations {
  const { transcripts, hub, logger: log, now } = deps;
  const budgetMs = deps.budgetMs ?? TURN_BUDGET_MS;
  const bot = { id: BOT_ID, name: deps.botName, role: 'bot' };
  const adapter = new DirectLineAdapter({ transcripts, hub, botName: deps.botName, now });
  adapter.onTurnError = async (_context, error) => {
    log.error({ err: { type: error.name } }, 'web chat turn failed');
  };
  const reportBot = new ReportBot({
    handleTurn: deps.handleTurn,
    channel: 'webchat',
    conversationKeyFor: (context: TurnContext) => deps.keyFor(context.activity.conversation.id),
    failureText: (locale) => deps.words('failed', locale),
    newActivityId: (context) => activityId(context.activity.conversation.id),
    logger: log,
  });
  const turns = createKeyedSerial();

  const erase = async (conversationId: string): Promise<void> => {
    await transcripts.erase(conversationId, now());
    hub.closeConversation(conversationId, [{ type: 'event', name: QUICK_EXIT_EVENT, id: activityId(conversationId), from: bot, timestamp: now().toISOString() }]);
  };

  const botMessage = (conversationId: string, replyTo: StoredActivity, text: string, extra: Partial<StoredActivity> = {}): StoredActivity => ({
    type: 'message',
    id: activityId(conversationId),
    timestamp: now().toISOString(),
    channelId: 'directline',
    conversation: { id: conversationId },
    from: bot,
    recipient: { id: String((replyTo['from'] as { id?: string } | undefined)?.id ?? 'user'), role: 'user' },
    replyToId: replyTo.id,
    text,
    textFormat: 'plain',
    ...extra,
  });

  /** Runs the turn of a stored activity; the person sees "typing" if it takes a moment. */
  const runTurn = (conversationId: string, activity: StoredActivity, media: InboundMedia[]): Promise<void> =>
    turns.run(conversationId, async () => {
      const typing = setTimeout(() => hub.pushEphemeral(conversationId, [{ type: 'typing', id: activityId(conversationId), from: bot }]), 300);
      let erased = false;
      try {
        await adapter.processActivity(activity, async (context) => {
          if (media.length > 0) context.turnState.set(MEDIA_KEY, media);
          await reportBot.run(context);
          erased = Boolean((context.turnState.get(RESULT_KEY) as { erased?: boolean } | undefined)?.erased);
        });
      } finally {
        clearTimeout(typing);
      }
      const clientId = (activity['channelData'] as { clientActivityID?: string } | undefined)?.clientActivityID;
      if (erased) {
        await erase(conversationId);
        log.info({ event: 'quick_exit' }, 'web chat conversation erased');
      } else if (clientId !== undefined) {
        await transcripts.markAnswered(conversationId, clientId);
      }
    });

  const store = async (conversationId: string, activity: StoredActivity, input: InboundActivity, media: InboundMedia[]): Promise<ReceiveResult> => {
    const clientId = input.channelData?.clientActivityID;
    const isMessage = input.type === 'message';
    const action = (input.value as { action?: unknown } | undefined)?.action;
    // A button names the question it answers: a second click on an answered question (or a button of an
    // old one) is stored marked `ignored`, shown to nobody and changes nothing; Web Chat still gets its echo.
    const stored = await transcripts.append(conversationId, [activity], now(), {
      clientId,
      answering: buttonValue(input.value)?.q,
      ...(isMessage ? { asking: null } : {}),
      ...(action === NEW_REPORT ? { ended: null } : {}),
    });
    if (stored.status === 'missing' || stored.status === 'full') return { status: stored.status };
    if (stored.status === 'duplicate') {
      // Accepted before (a crash, or the answer was lost) but its turn never ran: it runs now.
      if (!stored.answered) await runTurn(conversationId, { ...activity, id: stored.id }, media);
      return { status: 'accepted', id: stored.id };
    }
    hub.publish(conversationId, stored);
    if (stored.stale) {
      if (clientId !== undefined) await transcripts.markAnswered(conversationId, clientId);
      return { status: 'accepted', id: activity.id };
    }
    const afterEnd = isMessage && stored.ended && action !== NEW_REPORT;
    if (afterEnd) {
      // The report was sent: this message is answered by the channel, and a new report starts only if asked.
      const reference = stored.ended?.reference ?? '';
      const label = deps.words('newReport', input.locale);
      const reply = botMessage(conversationId, activity, deps.words('afterEnd', input.locale, { reference }), {
        suggestedActions: { to: [], actions: [{ type: 'messageBack', title: label, text: label, displayText: label, value: { action: NEW_REPORT } }] },
      });
      const answered = await transcripts.append(conversationId, [reply], now(), { answers: clientId });
      if (answered.status === 'stored') hub.publish(conversationId, answered);
      return { status: 'accepted', id: activity.id };
    }
    await runTurn(conversationId, action === NEW_REPORT ? { ...activity, text: '' } : activity, media);
    return { status: 'accepted', id: activity.id };
  };

  const receive = async (conversationId: string, input: InboundActivity, media: InboundMedia[], arrivedAt = Date.now()): Promise<ReceiveResult> => {
    const at = now();
    const activity: StoredActivity = {
      type: input.type,
      id: activityId(conversationId),
      timestamp: at.toISOString(),
      channelId: 'directline',
      conversation: { id: conversationId },
      from: { id: input.from?.id ?? 'user', role: 'user' },
      recipient: { id: BOT_ID, role: 'bot' },
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

    const work = store(conversationId, activity, input, media);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, arrivedAt + budgetMs - Date.now()));
    });
    const first = await Promise.race([work, late]).finally(() => clearTimeout(timer));
    if (first !== 'late') return first;
    // The database is slow or away: the open page gets its message back and the safe words now; the turn
    // still runs if the database comes back (a retry of the same message runs it once).
    log.warn({ event: 'turn_budget_exceeded' }, 'web chat answered with the fallback');
    work.catch((error: unknown) => log.error({ err: { type: (error as Error).name } }, 'web chat message not stored'));
    hub.pushEphemeral(conversationId, [activity, botMessage(conversationId, activity, deps.words('unavailable', input.locale))]);
    return { status: 'accepted', id: activity.id };
  };

  return { receive, erase };
}
