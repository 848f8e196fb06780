// The conversation runtime: one safe turn at a time, orchestration only. For each inbound message: dedupe →
// load the session → restore the dialog actor (session-state.ts) → apply the message (read once by the
// interpretation step, see apply-message.ts) → run the effects the dialog asked for, feeding results back → read
// the prompt from the deepest active state's meta → save with a revision compare-and-set (a lost race runs the
// whole turn again, turn-retries.ts). Expired conversations are erased in bounded runs (expired-purge.ts).
import { randomUUID } from 'node:crypto';
import type { ChannelKind, DialogDefinition, DialogEffect, DialogInput, DialogPolicy, PromptSpec } from '../../dialogs/shared/contract';
import { createKeyedSerial } from '../db/keyed-serial';
import type { Logger } from '../log/logger';
import { applyMessage, pendingPrompt, type TurnState } from './apply-message';
import { currentQuestion, drainSays, isDiscreet, send, snapshotOf, startActor, type LiveActor } from './dialog-actor';
import type { EffectPorts } from './effects';
import { errorCode, runEffects } from './effects-runner';
import type { Translations } from './i18n';
import { createScheduledJob } from '../db/scheduled-job';
import { promptVariants, render, renderTurn } from './prompts';
import { asksForMore, pageTurn, type PageWords } from './sms-pages';
import type { ConversationStores } from './stores.mongo';
import { CONFLICT, withTurnRetries } from './turn-retries';
import type { InboundMessage, TurnHandler, TurnResult } from './types';
import { createLexicons } from './understanding';
import type { ForgetConversation } from './forget';
import { controlEvent, createOwnershipStep, type OwnershipPort } from './ownership';
import { createExpiredPurge } from './expired-purge';
import { createSealing, nextSessionRecord, RECENT_REPLIES, restoreDialog } from './session-state';

export interface ConversationRuntimeDeps {
  /** Built by the composition root (createConversationStores). */
  stores: ConversationStores;
  dialogs: DialogDefinition[];
  defaultDialogId: string;
  dialogPolicy: DialogPolicy;
  effects: EffectPorts;
  /** Forgets a conversation everywhere (src/conversation/forget.ts): quick exit, erase and expiry all go through it. */
  forget: ForgetConversation;
  i18n: Translations;
  session: { idleMinutes: number; expiryHours: number };
  now?: () => Date;
  logger: Logger;
  /** Sees every effect a dialog asks for, in order (tests and metrics). */
  onEffect?: (effect: DialogEffect) => void;
  /**
   * Seals what a session holds at rest (the snapshot with the person's answers, unmatched texts, stored
   * replies). Without it they are stored as plain JSON (tests, the terminal chat).
   */
  cipher?: { encrypt(plain: string): string; decrypt(sealed: string): string };
  /** How often the purge job runs (default 5 minutes). */
  purgeIntervalMs?: number;
  /** At most this many expired conversations erased per purge run (default 500); a backlog goes over several runs. */
  purgePerRun?: number;
  /** This instance's name for leases (default: a random id). */
  instanceId?: string;
  /** Settle windows by channel, instead of SETTLE_MS. */
  settleMs?: Partial<Record<ChannelKind, number>>;
  /** Hand-offs to a person: while staff own a conversation the bot is silent (ownership.ts). */
  ownership?: OwnershipPort;
}

export interface ConversationRuntime {
  ensureIndexes(): Promise<void>;
  handleTurn: TurnHandler;
  /** Removes expired sessions (and their dedupe records), erasing what they held. */
  purgeExpired(): Promise<{ sessions: number; inbound: number }>;
  /** Runs purgeExpired periodically on whichever instance holds the lease. */
  startScheduler(): void;
  stop(): Promise<void>;
  /** Forgets a conversation everywhere, after any turn of it already under way (the page's quick exit). */
  eraseConversation(conversationKey: string): Promise<void>;
}

const PURGE_LEASE = 'conversation-purge';

/**
 * How long after a free-text answer a message still belongs to it (sent before the next question could be
 * read), by channel, measured between the channels' own receive times. SMS replies take seconds to arrive.
 */
export const SETTLE_MS: Record<ChannelKind, number> = { sms: 10_000, whatsapp: 6_000, webchat: 4_000, botframework: 4_000, cli: 4_000 };

export function createConversationRuntime(deps: ConversationRuntimeDeps): ConversationRuntime {
  const { i18n, effects: ports, logger } = deps;
  const clock = deps.now ?? (() => new Date());
  const { sessions, inbound, leases } = deps.stores;
  const instanceId = deps.instanceId ?? randomUUID();
  const dialogs = new Map(deps.dialogs.map((d) => [d.id, d]));
  const defaultDialog = dialogs.get(deps.defaultDialogId);
  if (!defaultDialog) throw new Error(`No dialog registered with id "${deps.defaultDialogId}"`);
  const idleMs = deps.session.idleMinutes * 60_000;
  const expiryMs = deps.session.expiryHours * 3_600_000;

  // One turn at a time per conversation within this instance, so that one person's messages are answered
  // in the order they arrived. This is for order only: correctness across instances comes from the
  // compare-and-set save (a lost race retries the turn).
  const turns = createKeyedSerial();
  const { seal, open } = createSealing(deps.cipher);

  const lexicons = createLexicons(i18n);
  const settleMs = (channel: ChannelKind): number => deps.settleMs?.[channel] ?? SETTLE_MS[channel];
  const pageWords = (lng: string): PageWords => ({ more: String(i18n.tFor(lng)('sms:pages.more')), first: String(i18n.tFor(lng)('sms:pages.first')) });
  const ownership = deps.ownership && createOwnershipStep({ port: deps.ownership, lexicons, policy: deps.dialogPolicy, i18n });

  async function turnOnce(message: InboundMessage): Promise<TurnResult | typeof CONFLICT> {
    const now = clock();
    const key = message.conversationKey;
    const [prior, stored] = await Promise.all([inbound.find(message.providerMessageId), sessions.load(key)]);
    if (prior) return { ...(JSON.parse(open(prior.reply)) as TurnResult), duplicate: true };
    const seen = stored?.recent.find((r) => r.providerMessageId === message.providerMessageId);
    if (seen) return { ...(JSON.parse(open(seen.reply)) as TurnResult), duplicate: true };
    const live = stored && stored.expiresAt.getTime() > now.getTime() ? stored : null;

    // Who owns the conversation: a member of staff who took it hears the person; the bot says only safety words
    // (discreetly worded when the conversation is discreet).
    const owned = ownership && (await ownership.intercept(message, live?.locale ?? i18n.resolveLocale(message.localeHint), live?.channel ?? message.channel, () => live !== null && isDiscreet(dialogs.get(live.dialogId), () => JSON.parse(open(live.snapshot)))));
    if (owned) {
      const result: TurnResult = { prompts: owned.prompts, locale: live?.locale ?? 'en', ended: false, erased: false, duplicate: false };
      const reply = seal(JSON.stringify(result));
      // The conversation stays alive while they talk (its expiry counts from their last message).
      if (live && !(await sessions.replace({ ...live, revision: live.revision + 1, lastActivityAt: now, expiresAt: new Date(now.getTime() + expiryMs), recent: [...live.recent, { providerMessageId: message.providerMessageId, reply }].slice(-RECENT_REPLIES) }, live))) return CONFLICT;
      await inbound.record({ providerMessageId: message.providerMessageId, conversationKey: key, reply, createdAt: now });
      return result;
    }

    // The page's language and the conversation's are one choice: a page switched to another language
    // switches the conversation too (a hint that stays the same changes nothing, so "Cymraeg" typed in the
    // chat is not undone by the next message from a page still in English).
    const pageLocale = i18n.offeredLocale(message.localeHint);
    const pageSwitched = live && pageLocale && live.pageLocale && pageLocale !== live.pageLocale ? pageLocale : undefined;
    const state: TurnState = {
      sessionId: live?.sessionId ?? randomUUID(),
      locale: pageSwitched ?? (live ? i18n.resolveLocale(live.locale) : (pageLocale ?? 'en')),
      pending: live?.pending ?? null,
      notUnderstood: live?.notUnderstoodCount ?? 0,
      // Each kept text with its sealed form as stored, so that a turn seals only what it adds.
      unmatched: (live?.unmatched ?? []).map((u) => {
        const text = open(u.text);
        return { text, at: u.at, ...(text !== u.text ? { sealed: u.text } : {}) };
      }),
    };
    let dialog: DialogDefinition = (live && dialogs.get(live.dialogId)) || defaultDialog!;
    const channel: ChannelKind = live?.channel ?? message.channel;
    const specs: PromptSpec[] = [];
    let fresh = !live;
    let restartedKindly = false;

    const inputFor = (id: string): DialogInput => ({ policy: deps.dialogPolicy, channel, sessionId: id });
    const restored = live ? restoreDialog(live, dialogs, inputFor(state.sessionId), open, logger) : undefined;
    if (live && !restored) {
      // It cannot go on where it stopped (a dialog retired or changed beyond migration): start again, kindly.
      restartedKindly = true;
      fresh = true;
      state.sessionId = randomUUID();
      dialog = defaultDialog!;
      state.pending = null;
      state.notUnderstood = 0;
    }
    let run: LiveActor = restored?.run ?? startActor(dialog, inputFor(state.sessionId));
    if (restartedKindly) specs.push({ key: 'common:restarted.prompt' });
    // Anything the dialog said while starting (a fresh or restarted conversation) comes first.
    const opening = drainSays(run);

    const lastText = dialog.lastTextAt?.(snapshotOf(run));
    // SMS: "0" at a question shown in pages asks for its next page; the dialog hears nothing.
    const shownPage = channel === 'sms' && !message.control && !message.media?.length && live?.smsPage && asksForMore(message.text, [pageWords(state.locale).more, 'more']) ? live.smsPage : undefined;
    const applied = message.control || shownPage ? { run, specs: [], erased: false, interpretation: { danger: false, selfHarm: false } } : applyMessage({
      message,
      run,
      state,
      fresh,
      idle: live !== null && !restartedKindly && now.getTime() - live.lastActivityAt.getTime() > idleMs,
      quickFollowUp: lastText !== undefined && message.receivedAt.getTime() - Date.parse(lastText) <= settleMs(channel),
      lexicons,
      policy: deps.dialogPolicy,
      i18n,
      now,
      restart: () => {
        run.actor.stop();
        state.sessionId = randomUUID();
        state.notUnderstood = 0;
        dialog = defaultDialog!;
        return startActor(dialog, inputFor(state.sessionId));
      },
    });
    if (message.control) send(run, controlEvent(message.control));
    run = applied.run;
    specs.push(...applied.specs);
    const { sessionId } = state;
    let erased = applied.erased;
    if (erased) specs.length = 0;

    erased ||= (
      await runEffects(run, {
        ports,
        logger,
        ...(deps.onEffect ? { onEffect: deps.onEffect } : {}),
        sessionId,
        conversationKey: key,
        channel,
        origin: { conversationKey: message.conversationKey, channel: message.channel },
        locale: state.locale,
        unmatched: () => state.unmatched.map((u) => u.text),
      })
    ).erased;

    const said = [...opening, ...drainSays(run)];
    // Someone else may read these messages, or it was not safe to talk: every line in its discreet wording.
    const variants = promptVariants(channel, { discreet: isDiscreet(dialog, () => snapshotOf(run)) });
    if (erased) {
      run.actor.stop();
      await deps.forget.all(key);
      const prompts = (said.length > 0 ? said : [{ key: 'common:quickExit.done' }]).map((s) => render(i18n.tFor(state.locale), s, variants));
      logger.info({ sessionId, dialogId: dialog.id }, 'conversation erased (quick exit)');
      return { prompts, locale: state.locale, ended: true, erased: true, duplicate: false };
    }

    // The one place the runtime speaks for an interrupt: a floor under safety. A dialog that answers danger or
    // self-harm with nothing still gets the 999 guidance, or the support lines, said.
    if (said.length === 0 && applied.interpretation.danger) specs.push({ key: 'common:danger.guidance' });
    if (said.length === 0 && applied.interpretation.selfHarm) specs.push({ key: 'common:selfHarm.support' });
    specs.push(...said);
    const ended = snapshotOf(run).status === 'done';
    const waiting = ended ? undefined : pendingPrompt(state.pending, i18n);
    if (waiting) specs.push(waiting);
    else if (!ended) {
      const question = currentQuestion(run);
      if (question) specs.push(question.spec);
    }

    const { locale } = state;
    const rendered = renderTurn(i18n, locale, specs, variants);
    const { prompts, shown } = channel === 'sms' && !ended ? pageTurn(rendered, pageWords(locale), shownPage) : { prompts: rendered };
    const built: TurnResult = { prompts, locale, ended, erased: false, duplicate: false };
    // Checked again just before the words go out: an officer may have taken the conversation meanwhile.
    const result = ownership ? await ownership.beforeReply(key, built) : built;
    const reply = seal(JSON.stringify(result));

    if (ended) {
      run.actor.stop();
      await inbound.record({ providerMessageId: message.providerMessageId, conversationKey: key, reply, createdAt: now });
      if (stored) await sessions.remove(key, stored.revision);
      logger.info({ sessionId, dialogId: dialog.id }, 'conversation ended');
      return result;
    }

    const record = nextSessionRecord({ conversationKey: key, state, channel, dialog, run, stored: stored ?? null, live, fresh, pageLocale, shown, providerMessageId: message.providerMessageId, reply, now, expiryMs, seal });
    run.actor.stop();
    const saved = stored ? await sessions.replace(record, stored) : await sessions.insert(record);
    if (!saved) return CONFLICT;
    await inbound.record({ providerMessageId: message.providerMessageId, conversationKey: key, reply, createdAt: now });
    logger.debug({ sessionId, dialogId: dialog.id, revision: record.revision, prompts: prompts.length }, 'turn handled');
    return result;
  }

  const handleTurn: TurnHandler = (message) => {
    // One turn at a time per conversation in this process, in arrival order.
    return turns.run(message.conversationKey, () => withTurnRetries(() => turnOnce(message), logger));
  };

  const purgeExpired = createExpiredPurge({ sessions, inbound, forget: deps.forget, turns, expiryMs, perRun: deps.purgePerRun ?? 500, clock, logger });

  const purgeJob = createScheduledJob({
    leases,
    name: PURGE_LEASE,
    owner: instanceId,
    intervalMs: deps.purgeIntervalMs ?? 5 * 60_000,
    run: async () => void (await purgeExpired()),
    onError: (error) => logger.error({ err: { type: errorCode(error) } }, 'scheduled purge failed'),
    now: clock,
  });

  return {
    ensureIndexes: async () => {
      await sessions.ensureIndexes();
      await inbound.ensureIndexes();
      await leases.ensureIndexes();
    },
    handleTurn,
    purgeExpired,
    startScheduler: () => purgeJob.start(),
    stop: async () => {
      await purgeJob.stop();
      await turns.drain();
    },
    // After any turn already under way, so that turn cannot save the conversation again after it is erased.
    eraseConversation: (conversationKey) => turns.run(conversationKey, () => deps.forget.all(conversationKey)),
  };
}

