// The botbuilder adapter for our own Direct Line endpoint: a turn's replies are appended to the
// conversation's transcript (which gives them their watermark) and the open sockets are told.
import { BotAdapter, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import type { TurnResult } from '../../conversation/types';
import { activityId } from './directline-token';
import { RESULT_KEY } from './report-bot';
import type { StoredActivity, TranscriptStore } from './transcript.mongo';
import type { StreamHub } from './stream-hub';

export const BOT_ID = 'bot';


function namedId(activity: Partial<Activity>, conversationId: string): string | undefined {
  const q = (activity.suggestedActions?.actions?.[0]?.value as { q?: unknown } | undefined)?.q;
  return typeof q === 'string' && q.startsWith(`${conversationId}|`) ? q : undefined;
}

export class DirectLineAdapter extends BotAdapter {
  constructor(
    private readonly deps: { transcripts: TranscriptStore; hub: StreamHub; botName: string; now: () => Date },
  ) {
    super();
  }

  /** Runs one incoming activity (already stored) through the middleware and the bot. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const context = new TurnContext(this, activity);
    await this.runMiddleware(context, logic);
  }

  async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const conversationId = context.activity.conversation.id;
    const now = this.deps.now();
    const outgoing: StoredActivity[] = activities
      .filter((a) => a.type !== 'delay' && a.type !== 'trace')
      .map((a) => ({
        ...(JSON.parse(JSON.stringify(a)) as Record<string, unknown>),
        type: a.type ?? 'message',
        // TurnContext drops the id a bot set; a message with buttons keeps the one its buttons name.
        id: namedId(a, conversationId) ?? activityId(conversationId),
        timestamp: now.toISOString(),
        channelId: 'directline',
        conversation: { id: conversationId },
        from: { id: BOT_ID, name: this.deps.botName, role: 'bot' },
        recipient: context.activity.from ? { id: context.activity.from.id, role: 'user' } : undefined,
        replyToId: context.activity.id,
      }));
    if (outgoing.length === 0) return [];
    const result = context.turnState.get(RESULT_KEY) as TurnResult | undefined;
    if (result?.erased) {
      // Quick exit: the transcript is about to be erased, so these last words go to the open page only.
      this.deps.hub.pushEphemeral(conversationId, outgoing);
      return outgoing.map((a) => ({ id: a.id }));
    }
    // The replies answer the person's activity (a retry of it will not run its turn again), and the last
    // message's buttons are now the only ones that answer anything.
    const clientId = (context.activity.channelData as { clientActivityID?: unknown } | undefined)?.clientActivityID;
    const lastMessage = outgoing.filter((a) => a.type === 'message').at(-1);
    const reference = result?.ended ? result.prompts.map((p) => p.params?.['reference']).find((r) => typeof r === 'string') : undefined;
    const stored = await this.deps.transcripts.append(conversationId, outgoing, now, {
      answers: typeof clientId === 'string' ? clientId : undefined,
      ...(lastMessage ? { asking: lastMessage['suggestedActions'] ? lastMessage.id : null } : {}),
      ...(result?.ended ? { ended: typeof reference === 'string' ? { reference } : {} } : {}),
    });
    if (stored.status !== 'stored') throw new Error(`reply not stored: ${stored.status}`);
    this.deps.hub.publish(conversationId, stored);
    return outgoing.map((a) => ({ id: a.id }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('updateActivity is not supported by this Direct Line endpoint');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('deleteActivity is not supported by this Direct Line endpoint');
  }

  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'continueConversation' }, reference, true);
    await this.processActivity(activity, logic);
  }
}
