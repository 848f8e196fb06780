// The botbuilder side of a turn: an ActivityHandler that hands the person's message to the
// conversation runtime and sends the prompts back as text plus suggested-action buttons. Used by both
// the self-hosted Direct Line endpoint and /api/messages (Azure Bot Service).
import { ActivityHandler, ActivityTypes, type Activity, type Attachment, type CardAction, type TurnContext } from 'botbuilder';
import type { ChannelKind, InboundMedia, OutboundPrompt, TurnHandler, TurnResult } from '../../conversation/types';
import type { Logger } from '../../log/logger';
import { isolateLeftToRight, isRightToLeft, LRI, PDI } from './bidi';

/** turnState keys the endpoint uses to pass things in and read results out. */
export const MEDIA_KEY = Symbol('webchat.media');
export const RESULT_KEY = Symbol('webchat.turnResult');

/** The event Web Chat posts when a new conversation opens, so the bot speaks first (safety question). */
export const JOIN_EVENT = 'webchat/join';
/** The event sent to every open page of a conversation when it is erased: each runs its quick exit. */
export const QUICK_EXIT_EVENT = 'webchat/quickExit';

export interface ReportBotDeps {
  handleTurn: TurnHandler;
  /** The runtime's conversation key for this Bot Framework conversation. */
  conversationKeyFor: (context: TurnContext) => string;
  channel: ChannelKind;
  /** Words for the one reply the bot makes on its own (when a turn fails). */
  failureText: (locale: string | undefined) => string;
  /** Ids for the bot's activities, known before they are sent (the Direct Line endpoint's buttons name them). */
  newActivityId?: (context: TurnContext) => string;
  logger: Logger;
}

/** Phone numbers people may need to call from the chat (999, 101, Samaritans' 116 123, 0800 ..., 08 08 16 89 111). */
const PHONE = /(?<![\d\w])(999|101|116 ?123|0\d(?:[ ]?\d){8,9})(?![\d\w])/g;
/** Characters that would turn into formatting, and what starts a heading or a list at a line's start. */
const MARKDOWN = /[\\`*_[\]<>~|]/g;
const LINE_START = /^(\s*)(\d*)([#>+\-.)])/gm;
const escapeMarkdown = (text: string): string =>
  text.replace(MARKDOWN, (c) => `\\${c}`).replace(LINE_START, (_m, space: string, digits: string, mark: string) => `${space}${digits}\\${mark}`);

/**
 * The text as markdown that shows exactly as written, with phone numbers as tap-to-call links; in a
 * right-to-left language every number and Latin fragment isolated, so that it reads as written (bidi.ts).
 */
export function withPhoneLinks(text: string, rightToLeft = false): string {
  const plain = (part: string) => escapeMarkdown(rightToLeft ? isolateLeftToRight(part) : part);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(PHONE)) {
    const at = match.index ?? 0;
    const link = `[${match[0]}](tel:${match[0].replace(/ /g, '')})`;
    out += plain(text.slice(last, at)) + (rightToLeft ? `${LRI}${link}${PDI}` : link);
    last = at + match[0].length;
  }
  return out + plain(text.slice(last));
}

/** The review summary's keys (short and whole, each with its "at home" form): shown as a card on the web. */
const SUMMARY_KEYS = new Set(['intake:reviewing.summary', 'intake:reviewing.summaryAtHome', 'intake:reviewing.summaryAll', 'intake:reviewing.summaryAllAtHome']);
/** Choices that go ahead (send the report), shown as the main button. */
const PRIMARY_CHOICES = new Set(['send', 'sendAnyway']);

/** "Title\nLabel: answer\n..." as an Adaptive Card: the title, then each label beside its answer. */
export function summaryCard(text: string, rightToLeft = false): Attachment {
  const shown = (part: string) => (rightToLeft ? isolateLeftToRight(part) : part);
  const [title = '', ...lines] = text.split('\n');
  const facts = lines.map((line) => {
    const at = line.indexOf(': ');
    return at > 0 ? { title: shown(line.slice(0, at)), value: shown(line.slice(at + 2)) } : { title: '', value: shown(line) };
  });
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: {
      type: 'AdaptiveCard',
      version: '1.3',
      body: [
        { type: 'TextBlock', text: shown(title), weight: 'Bolder', size: 'Medium', wrap: true },
        { type: 'FactSet', facts },
      ],
    },
  };
}

/** What a button sends back besides its label: the bot activity (the question) it answers. */
export interface ButtonValue {
  q: string;
}

export function buttonValue(value: unknown): ButtonValue | undefined {
  const q = (value as { q?: unknown } | null | undefined)?.q;
  return typeof q === 'string' && q.length <= 120 ? { q } : undefined;
}

/**
 * Prompts as Bot Framework message activities: text, and buttons. A button is a messageBack: the label is
 * what the person sees and what the runtime reads (as if typed), and its value names the question it
 * answers, so a second click on an answered question is recognised and dropped. `to` is left empty so the
 * buttons come back with the history after a reload (Web Chat makes a new user id each time).
 */
export function promptActivities(prompts: OutboundPrompt[], result: Pick<TurnResult, 'locale'>, newId?: () => string): Partial<Activity>[] {
  const rightToLeft = isRightToLeft(result.locale);
  return prompts.map((prompt) => {
    const activity: Partial<Activity> = { type: ActivityTypes.Message, text: withPhoneLinks(prompt.text, rightToLeft), textFormat: 'markdown', locale: result.locale };
    // The page shows a report's reference on its own, unbroken, with a copy button.
    const reference = prompt.params?.['reference'];
    if (typeof reference === 'string') activity.channelData = { reference };
    if (SUMMARY_KEYS.has(prompt.key)) {
      // The review as a card of label and answer, whole (SMS gets its short version).
      activity.attachments = [summaryCard(prompt.text, rightToLeft)];
      activity.text = '';
    }
    const labels = prompt.choiceLabels ?? [];
    if (newId) activity.id = newId();
    // The button that sends the report stands out from the ones that change it.
    const primary = labels.find((c) => PRIMARY_CHOICES.has(c.id));
    if (primary) activity.channelData = { ...(activity.channelData as object | undefined), primary: primary.label };
    if (labels.length > 0) {
      const actions: CardAction[] = labels.map((choice) =>
        activity.id
          ? { type: 'messageBack', title: choice.label, text: choice.send ?? choice.label, displayText: choice.label, value: { q: activity.id } satisfies ButtonValue }
          : { type: 'imBack', title: choice.label, value: choice.send ?? choice.label },
      );
      activity.suggestedActions = { actions, to: [] };
      activity.inputHint = 'expectingInput';
    }
    return activity;
  });
}

export class ReportBot extends ActivityHandler {
  constructor(private readonly deps: ReportBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      const media = (context.turnState.get(MEDIA_KEY) as InboundMedia[] | undefined) ?? [];
      await this.runTurn(context, (context.activity.text ?? '').trim(), media);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === JOIN_EVENT) await this.runTurn(context, '', []);
      await next();
    });
  }

  private async runTurn(context: TurnContext, text: string, media: InboundMedia[]): Promise<void> {
    const activity = context.activity;
    const conversationKey = this.deps.conversationKeyFor(context);
    let result: TurnResult;
    try {
      result = await this.deps.handleTurn({
        channel: this.deps.channel,
        conversationKey,
        providerMessageId: `${this.deps.channel}:${activity.conversation.id}:${activity.id ?? ''}`,
        text: text.slice(0, 4000),
        ...(media.length > 0 ? { media } : {}),
        ...(activity.locale ? { localeHint: activity.locale } : {}),
        receivedAt: new Date(),
      });
    } catch (error) {
      this.deps.logger.error({ channel: this.deps.channel, err: { type: (error as Error).name, stack: (error as Error).stack?.split('\n').slice(1, 6).join('\n') } }, 'turn failed');
      await context.sendActivity({ type: ActivityTypes.Message, text: this.deps.failureText(activity.locale), textFormat: 'plain' });
      return;
    }
    context.turnState.set(RESULT_KEY, result);
    const newId = this.deps.newActivityId;
    const replies = promptActivities(result.prompts, result, newId ? () => newId(context) : undefined);
    if (replies.length > 0) await context.sendActivities(replies);
  }
}
