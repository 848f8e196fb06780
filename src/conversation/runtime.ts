// The conversation runtime: one safe turn at a time. For each inbound message: dedupe → load the session →
// restore the dialog actor → understand the words (interrupt keywords, choices, not understood) → send the
// event → run the effects the dialog asked for, feeding results back → read the prompt from the deepest
// active state's meta → save with a revision compare-and-set (retrying the whole turn on a lost race).
import { randomUUID } from 'node:crypto';
import type { TFunction } from 'i18next';
import { createActor, type AnyActorRef, type AnyMachineSnapshot } from 'xstate';
import type { ChannelKind, DialogDefinition, DialogEffect, DialogEvent, DialogInput, DialogPolicy, EmittedEvent, PromptMeta, PromptSpec } from '../../dialogs/shared/contract';
import { AppError } from '../errors';
import { createKeyedSerial } from '../db/keyed-serial';
import type { Logger } from '../log/logger';
import type { EffectPorts } from './effects';
import type { KeywordKind, Translations } from './i18n';
import { normaliseAnswer } from './i18n';
import { createScheduledJob } from '../db/scheduled-job';
import { currentPromptMeta, matchChoice, promptVariants, render, resolvePrompt } from './prompts';
import type { SessionRecord } from './session.mongo';
import type { ConversationStores } from './stores.mongo';
import { isTransientDatabaseError } from './transient';
import type { InboundMessage, OutboundPrompt, TurnHandler, TurnResult } from './types';

export interface ConversationRuntimeDeps {
  /** Built by the composition root (createConversationStores). */
  stores: ConversationStores;
  dialogs: DialogDefinition[];
  defaultDialogId: string;
  dialogPolicy: DialogPolicy;
  effects: EffectPorts;
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
  /** This instance's name for leases (default: a random id). */
  instanceId?: string;
}

export interface ConversationRuntime {
  ensureIndexes(): Promise<void>;
  handleTurn: TurnHandler;
  /** Removes expired sessions (and their dedupe records), erasing what they held. */
  purgeExpired(): Promise<{ sessions: number; inbound: number }>;
  /** Runs purgeExpired periodically on whichever instance holds the lease. */
  startScheduler(): void;
  stop(): Promise<void>;
  /** Forgets a conversation (session and dedupe records); true when there was a session. */
  eraseConversation(conversationKey: string): Promise<boolean>;
}

const MAX_ATTEMPTS = 10;
const MAX_EFFECT_ROUNDS = 20;
const RECENT_REPLIES = 10;
const MAX_UNMATCHED = 50;
const NOT_UNDERSTOOD_LIMIT = 3;
const PURGE_LEASE = 'conversation-purge';
const CONFLICT = Symbol('conflict');

/** Every common key the runtime itself can show (checked against every shipped locale by a test). */
export const RUNTIME_PROMPT_KEYS = [
  'common:danger.guidance',
  'common:quickExit.done',
  'common:help.prompt',
  'common:notUnderstood.prompt',
  'common:notUnderstood.withExample',
  'common:notUnderstood.offerPerson',
  'common:mediaKept.prompt',
  'common:restarted.prompt',
  'common:welcomeBack.prompt',
  'common:welcomeBack.resume',
  'common:welcomeBack.restart',
  'common:language.prompt',
  'common:language.changed',
  'common:handoff.inHours',
  'common:handoff.nextWorkingDay',
  'common:handoff.failed',
  'common:keywords.danger',
  'common:keywords.exit',
  'common:keywords.person',
  'common:keywords.help',
  'common:keywords.back',
  'common:keywords.skip',
  'common:keywords.language',
] as const;

/** Keyword kinds in the order they win when a word is in two lists. */
const KEYWORD_ORDER: KeywordKind[] = ['exit', 'danger', 'person', 'help', 'language', 'back', 'skip'];

interface LiveActor {
  actor: AnyActorRef;
  says: PromptSpec[];
  effects: DialogEffect[];
  error: unknown;
}

function startActor(dialog: DialogDefinition, input: DialogInput, persisted?: unknown): LiveActor {
  const live: LiveActor = { actor: undefined as unknown as AnyActorRef, says: [], effects: [], error: undefined };
  const actor = persisted === undefined ? createActor(dialog.machine, { input }) : createActor(dialog.machine, { input, snapshot: persisted as never });
  actor.on('say', (event: EmittedEvent) => {
    if (event.type === 'say') live.says.push(event.prompt);
  });
  actor.on('effect', (event: EmittedEvent) => {
    if (event.type === 'effect') live.effects.push(event.effect);
  });
  actor.subscribe({ error: (error) => (live.error = error) });
  actor.start();
  live.actor = actor;
  if ((actor.getSnapshot() as AnyMachineSnapshot).status === 'error') throw live.error ?? new Error('dialog failed to start');
  return live;
}

function migrate(dialog: DialogDefinition, fromVersion: number, persisted: unknown): unknown | undefined {
  let version = fromVersion;
  let snapshot: unknown = persisted;
  while (version < dialog.version) {
    const step = dialog.migrations?.find((m) => m.from === version);
    if (!step) return undefined;
    snapshot = step.migrate(snapshot);
    if (snapshot === undefined) return undefined;
    version += 1;
  }
  return version === dialog.version ? snapshot : undefined;
}

function errorCode(error: unknown): string {
  if (error instanceof AppError) return error.code;
  return error instanceof Error ? error.name : 'error';
}

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
  const seal = (plain: string): string => (deps.cipher ? deps.cipher.encrypt(plain) : plain);
  // Values written before a cipher was configured are still plain JSON or text.
  const open = (stored: string): string => {
    if (!deps.cipher || /^[[{"]/.test(stored)) return stored;
    try {
      return deps.cipher.decrypt(stored);
    } catch {
      return stored;
    }
  };

  function keywordOf(text: string, locale: string): KeywordKind | undefined {
    const said = normaliseAnswer(text);
    if (!said) return undefined;
    const locales = locale === 'en' ? ['en'] : [locale, 'en'];
    return KEYWORD_ORDER.find((kind) => locales.some((lng) => i18n.keywords(lng, kind).includes(said)));
  }

  const welcomeBackPrompt: PromptSpec = {
    key: 'common:welcomeBack.prompt',
    choices: [
      { id: 'resume', key: 'common:welcomeBack.resume' },
      { id: 'restart', key: 'common:welcomeBack.restart' },
    ],
  };
  const languagePrompt: PromptSpec = {
    key: 'common:language.prompt',
    // Each language's name in that language (rendered with its own t below).
    choices: i18n.languages.map((lng) => ({ id: lng, key: `common:language.names.${lng}` })),
  };
  // Every language's t, for recognising a language named in any of them.
  const everyT = i18n.languages.map((lng) => i18n.tFor(lng));

  /** Quick exit and erasure: the session and its dedupe records. */
  async function forget(conversationKey: string): Promise<boolean> {
    const existed = await sessions.remove(conversationKey);
    await inbound.removeForConversation(conversationKey);
    return existed;
  }

  async function turnOnce(message: InboundMessage): Promise<TurnResult | typeof CONFLICT> {
    const now = clock();
    const key = message.conversationKey;
    const [prior, stored] = await Promise.all([inbound.find(message.providerMessageId), sessions.load(key)]);
    if (prior) return { ...(JSON.parse(open(prior.reply)) as TurnResult), duplicate: true };
    const seen = stored?.recent.find((r) => r.providerMessageId === message.providerMessageId);
    if (seen) return { ...(JSON.parse(open(seen.reply)) as TurnResult), duplicate: true };
    const live = stored && stored.expiresAt.getTime() > now.getTime() ? stored : null;

    let sessionId = live?.sessionId ?? randomUUID();
    let locale = live?.locale ?? i18n.resolveLocale(message.localeHint);
    let dialog: DialogDefinition = (live && dialogs.get(live.dialogId)) || defaultDialog!;
    let pending = live?.pending ?? null;
    let notUnderstood = live?.notUnderstoodCount ?? 0;
    // Each kept text with its sealed form as stored, so that a turn seals only what it adds.
    const unmatched: { text: string; at: Date; sealed?: string }[] = (live?.unmatched ?? []).map((u) => {
      const text = open(u.text);
      return { text, at: u.at, ...(text !== u.text ? { sealed: u.text } : {}) };
    });
    const channel: ChannelKind = live?.channel ?? message.channel;
    const specs: PromptSpec[] = [];
    let fresh = !live;
    let restartedKindly = false;

    const inputFor = (id: string): DialogInput => ({ policy: deps.dialogPolicy, channel, sessionId: id });
    let run: LiveActor;
    if (live) {
      try {
        if (!dialogs.has(live.dialogId)) throw new Error('dialog no longer registered');
        const persisted = JSON.parse(open(live.snapshot)) as unknown;
        const current = live.dialogVersion === dialog.version ? persisted : migrate(dialog, live.dialogVersion, persisted);
        if (current === undefined) throw new Error('no migration');
        run = startActor(dialog, inputFor(sessionId), current);
      } catch (error) {
        logger.warn({ sessionId, dialogId: live.dialogId, fromVersion: live.dialogVersion, err: { type: errorCode(error) } }, 'session could not be restored; starting again');
        restartedKindly = true;
        fresh = true;
        sessionId = randomUUID();
        dialog = defaultDialog!;
        pending = null;
        notUnderstood = 0;
        run = startActor(dialog, inputFor(sessionId));
      }
    } else {
      run = startActor(dialog, inputFor(sessionId));
    }
    if (restartedKindly) specs.push({ key: 'common:restarted.prompt' });

    const snapshot = (): AnyMachineSnapshot => run.actor.getSnapshot() as AnyMachineSnapshot;
    const ts = (): TFunction[] => (locale === 'en' ? [i18n.tFor('en')] : [i18n.tFor(locale), i18n.tFor('en')]);
    const send = (event: DialogEvent): void => {
      run.actor.send(event);
    };
    /** The question the dialog is asking now: its meta once, and the spec resolved from it. */
    const currentQuestion = (): { meta: PromptMeta; spec: PromptSpec } | undefined => {
      const snap = snapshot();
      const meta = snap.status === 'active' ? currentPromptMeta(snap) : undefined;
      return meta ? { meta, spec: resolvePrompt(meta, snap.context) } : undefined;
    };
    const keepUnmatched = (text: string): void => {
      if (text) unmatched.push({ text, at: now });
      if (unmatched.length > MAX_UNMATCHED) unmatched.splice(0, unmatched.length - MAX_UNMATCHED);
    };
    const drainSays = (): PromptSpec[] => run.says.splice(0, run.says.length);

    const text = message.text.trim();
    const mediaIds = (message.media ?? []).map((m) => m.id);
    const keyword = keywordOf(text, locale);
    let erased = false;
    let handoffAsked = false;
    let handoffResult: 'in_hours' | 'next_working_day' | undefined;

    // Anything the dialog said while starting (a fresh or restarted conversation) comes first.
    const opening = drainSays();

    if (keyword === 'exit') {
      send({ type: 'user.quickExit' });
      erased = true;
      specs.length = 0;
    } else if (keyword === 'danger') {
      pending = null;
      send({ type: 'user.danger' });
    } else if (keyword === 'person') {
      pending = null;
      send({ type: 'user.handoff' });
      handoffAsked = true;
    } else if (keyword === 'help') {
      send({ type: 'user.help' });
    } else if (keyword === 'language') {
      pending = 'language';
    } else if (keyword === 'back' && !pending) {
      send({ type: 'user.back' });
    } else if (keyword === 'skip' && !pending) {
      send({ type: 'user.skip' });
    } else if (pending === 'welcomeBack') {
      const choice = matchChoice(text, welcomeBackPrompt.choices, ts());
      if (choice?.id === 'resume') {
        pending = null;
        send({ type: 'user.resume' });
      } else if (choice?.id === 'restart') {
        pending = null;
        run.actor.stop();
        sessionId = randomUUID();
        dialog = defaultDialog!;
        run = startActor(dialog, inputFor(sessionId));
        notUnderstood = 0;
      } else {
        keepUnmatched(text);
        specs.push({ key: 'common:notUnderstood.prompt' });
      }
    } else if (pending === 'language') {
      const choice = matchChoice(text, languagePrompt.choices, [...ts(), ...everyT]);
      if (choice) {
        pending = null;
        locale = choice.id;
        specs.push({ key: 'common:language.changed' });
      } else {
        keepUnmatched(text);
        specs.push({ key: 'common:notUnderstood.prompt' });
      }
    } else if (live && !restartedKindly && now.getTime() - live.lastActivityAt.getTime() > idleMs) {
      keepUnmatched(text);
      pending = 'welcomeBack';
    } else if (fresh) {
      // The first message opens the conversation; it is not an answer to a question not yet asked.
      keepUnmatched(text);
    } else {
      const question = currentQuestion();
      const spec = question?.spec;
      const meta = question?.meta;
      const choice = matchChoice(text, spec?.choices, ts());
      if (spec?.choices && !meta?.freeText && !choice && text === '' && mediaIds.length > 0) {
        // A photo or voice note with no words where a choice was asked: the channel has stored it and it
        // goes with the report; thank them and ask again, without counting it as a miss.
        specs.push({ key: 'common:mediaKept.prompt' });
      } else if (spec?.choices && !meta?.freeText && !choice) {
        keepUnmatched(text);
        notUnderstood += 1;
        if (notUnderstood >= NOT_UNDERSTOOD_LIMIT) {
          notUnderstood = 0;
          specs.push({ key: 'common:notUnderstood.offerPerson' });
        } else if (meta?.exampleKey) {
          specs.push({ key: 'common:notUnderstood.withExample', params: { example: String(i18n.tFor(locale)(meta.exampleKey)) } });
        } else {
          specs.push({ key: 'common:notUnderstood.prompt' });
        }
      } else {
        if (!spec) keepUnmatched(text);
        notUnderstood = 0;
        send({ type: 'user.message', text, ...(choice ? { choice: choice.id } : {}), ...(mediaIds.length > 0 ? { mediaIds } : {}) });
      }
    }

    const requestHandoff = async (effect: Extract<DialogEffect, { kind: 'handoff' }>): Promise<DialogEvent> => {
      try {
        const output = await ports.requestHandoff({
          key: effect.key, sessionId, conversationKey: key, channel, reason: effect.reason, summary: effect.summary,
          unmatched: unmatched.map((u) => u.text),
        });
        handoffResult = output.expectedReply;
        return { type: 'effect.handoff.done', output };
      } catch (error) {
        logger.error({ sessionId, err: { type: errorCode(error) } }, 'hand-off failed');
        return { type: 'effect.handoff.failed', error: errorCode(error) };
      }
    };

    // Effects run after the transition; their results go back to the dialog as events.
    let rounds = 0;
    let handoffSeen = false;
    while (run.effects.length > 0 && rounds < MAX_EFFECT_ROUNDS) {
      rounds += 1;
      const effect = run.effects.shift()!;
      deps.onEffect?.(effect);
      if (effect.kind === 'erase') {
        erased = true;
      } else if (effect.kind === 'submitReport') {
        try {
          const output = await ports.submitReport({ ...effect.report, locale, sessionId }, { conversationKey: message.conversationKey, channel: message.channel });
          send({ type: 'effect.submitReport.done', output });
        } catch (error) {
          logger.error({ sessionId, err: { type: errorCode(error) } }, 'submitting the report failed');
          send({ type: 'effect.submitReport.failed', error: errorCode(error) });
        }
      } else if (effect.kind === 'handoff') {
        handoffSeen = true;
        send(await requestHandoff(effect));
      }
    }
    if (handoffAsked && !handoffSeen && !erased) {
      // The dialog did not hand off itself: the runtime still gets a person, from any state.
      const effect: DialogEffect = { kind: 'handoff', key: `${sessionId}:handoff`, reason: 'asked', summary: {} };
      deps.onEffect?.(effect);
      await requestHandoff(effect);
    }

    const said = [...opening, ...drainSays()];
    if (erased) {
      run.actor.stop();
      await ports.erase({ sessionId, conversationKey: key, channel });
      await forget(key);
      const prompts = (said.length > 0 ? said : [{ key: 'common:quickExit.done' }]).map((s) => render(i18n.tFor(locale), s, promptVariants(channel)));
      logger.info({ sessionId, dialogId: dialog.id }, 'conversation erased (quick exit)');
      return { prompts, locale, ended: true, erased: true, duplicate: false };
    }

    if (keyword === 'danger' && said.length === 0) specs.push({ key: 'common:danger.guidance' });
    if (keyword === 'help' && said.length === 0) specs.push({ key: 'common:help.prompt' });
    specs.push(...said);
    if (handoffAsked && !handoffSeen) {
      specs.push({ key: handoffResult === 'in_hours' ? 'common:handoff.inHours' : handoffResult ? 'common:handoff.nextWorkingDay' : 'common:handoff.failed' });
    }
    const ended = snapshot().status === 'done';
    if (pending === 'welcomeBack') specs.push(welcomeBackPrompt);
    else if (pending === 'language') specs.push(languagePrompt);
    else if (!ended) {
      const question = currentQuestion();
      if (question) specs.push(question.spec);
    }

    const t = i18n.tFor(locale);
    const prompts: OutboundPrompt[] = specs.map((s) => {
      const out = render(t, s, promptVariants(channel));
      if (s.key === 'common:language.prompt' && out.choiceLabels) {
        out.choiceLabels = out.choiceLabels.map((c) => ({ id: c.id, label: String(i18n.tFor(c.id)(`common:language.names.${c.id}`)) }));
      }
      return out;
    });
    const result: TurnResult = { prompts, locale, ended, erased: false, duplicate: false };
    const reply = seal(JSON.stringify(result));

    if (ended) {
      run.actor.stop();
      await inbound.record({ providerMessageId: message.providerMessageId, conversationKey: key, reply, createdAt: now });
      if (stored) await sessions.remove(key, stored.revision);
      logger.info({ sessionId, dialogId: dialog.id }, 'conversation ended');
      return result;
    }

    const record: SessionRecord = {
      conversationKey: key,
      sessionId,
      channel,
      dialogId: dialog.id,
      dialogVersion: dialog.version,
      snapshot: seal(JSON.stringify(run.actor.getPersistedSnapshot())),
      locale,
      revision: (stored?.revision ?? 0) + 1,
      createdAt: fresh ? now : (live?.createdAt ?? now),
      lastActivityAt: now,
      expiresAt: new Date(now.getTime() + expiryMs),
      notUnderstoodCount: notUnderstood,
      unmatched: unmatched.map((u) => ({ text: u.sealed ?? seal(u.text), at: u.at })),
      pending,
      recent: [...(stored && !fresh ? stored.recent : []), { providerMessageId: message.providerMessageId, reply }].slice(-RECENT_REPLIES),
    };
    run.actor.stop();
    const saved = stored ? await sessions.replace(record, stored) : await sessions.insert(record);
    if (!saved) return CONFLICT;
    await inbound.record({ providerMessageId: message.providerMessageId, conversationKey: key, reply, createdAt: now });
    logger.debug({ sessionId, dialogId: dialog.id, revision: record.revision, prompts: prompts.length }, 'turn handled');
    return result;
  }

  async function turnWithRetries(message: InboundMessage): Promise<TurnResult> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      let result: TurnResult | typeof CONFLICT;
      try {
        result = await turnOnce(message);
      } catch (error) {
        // A retryable database error (a dropped connection): the whole turn runs again
        // (effects are idempotent by key, dedupe and the revision claim keep it applied once).
        if (attempt === MAX_ATTEMPTS || !isTransientDatabaseError(error)) throw error;
        logger.warn({ attempt, err: { type: errorCode(error) } }, 'database busy; retrying the turn');
        result = CONFLICT;
      }
      if (result !== CONFLICT) return result;
      logger.debug({ attempt }, 'session changed under this turn; retrying');
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 10 * attempt)));
    }
    throw new AppError('the conversation is busy; try again', { status: 503, code: 'conversation_busy' });
  }

  const handleTurn: TurnHandler = (message) => {
    // One turn at a time per conversation in this process, in arrival order.
    return turns.run(message.conversationKey, () => turnWithRetries(message));
  };

  async function purgeExpired(): Promise<{ sessions: number; inbound: number }> {
    const now = clock();
    let removed = 0;
    for (;;) {
      const batch = await sessions.findExpired(now, 100);
      for (const session of batch) {
        // In the conversation's own queue: a turn arriving now is never cut off half-way, and a session it
        // has just renewed is no longer expired when this runs.
        const gone = await turns.run(session.conversationKey, () => sessions.removeIfExpired(session.conversationKey, now));
        if (!gone) continue;
        removed += 1;
        await inbound.removeForConversation(session.conversationKey);
        try {
          await ports.erase({ sessionId: session.sessionId, conversationKey: session.conversationKey, channel: session.channel });
        } catch (error) {
          logger.error({ sessionId: session.sessionId, err: { type: errorCode(error) } }, 'erasing an expired conversation failed');
        }
      }
      if (batch.length < 100) break;
    }
    const inboundRemoved = await inbound.removeOlderThan(new Date(now.getTime() - expiryMs));
    if (removed > 0 || inboundRemoved > 0) logger.info({ sessions: removed, inbound: inboundRemoved }, 'expired conversations purged');
    return { sessions: removed, inbound: inboundRemoved };
  }

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
    eraseConversation: (conversationKey) => turns.run(conversationKey, () => forget(conversationKey)),
  };
}

