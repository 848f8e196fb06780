// Conversation tables for dialog tests: what the person types → the prompt keys that come back, run
// through the REAL conversation runtime on the REAL test database, with effect ports that record what
// they were asked and answer plausibly.
//
//   const t = await openTranscript({ dialogs, policy });
//   await runTable(t, [
//     ['hi', ['intake:askingDanger.prompt']],   // the first message opens the conversation
//     ['2',  ['intake:askingSafeToTalk.prompt']],
//   ]);
//   expect(t.submitted[0]?.incident.categoryId).toBe('asb');
//   await t.close();
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Resource } from 'i18next';
import type { ChannelKind, DialogDefinition, DialogEffect, DialogPolicy } from '../../dialogs/shared/contract';
import type { ReportDraft } from '../../dialogs/shared/report';
import { needsPersonalReview } from '../../dialogs/shared/urgency';
import { hasContactRoute } from '../../src/cases/contact-route';
import type { EffectPorts, HandoffRequest } from '../../src/conversation/effects';
import { createTranslations, type Translations } from '../../src/conversation/i18n';
import { createConversationRuntime, type ConversationRuntime } from '../../src/conversation/runtime';
import { createConversationStores } from '../../src/conversation/stores.mongo';
import type { OutboundPrompt, TurnResult } from '../../src/conversation/types';
import { openTestDatabase } from './database';
import { forgetRecording } from './forget';

/**
 * `quick`: sent straight after the previous message, before its reply could be read (several bubbles, a
 * long text in pieces). Otherwise a message comes as a person answers: after reading the question.
 */
export interface SayOptions {
  mediaIds?: string[];
  providerMessageId?: string;
  quick?: boolean;
  /** The language the person's page asks for with this message (web chat), instead of the transcript's. */
  locale?: string;
}

/** How long a person takes to read a question and answer it, in the runtime's clock. */
const READ_AND_ANSWER_MS = 30_000;
/** Between messages sent one after another. */
const QUICK_MS = 2_000;

export interface Transcript {
  say(text: string, opts?: SayOptions): Promise<OutboundPrompt[]>;
  /** Prompt keys that came back. */
  keys(text: string, opts?: SayOptions): Promise<string[]>;
  /** The whole TurnResult of the last message (ended, erased, locale...). */
  last(): TurnResult | undefined;
  /** Every effect the dialog asked for, in order. */
  effects: DialogEffect[];
  /** Drafts passed to submitReport (with the session's locale set). */
  submitted: ReportDraft[];
  handoffs: HandoffRequest[];
  /** Every draft the urgent case was opened or updated with, in order. */
  urgent: ReportDraft[];
  /** Conversation keys forgotten everywhere (quick exit, erase), in order. */
  erased: string[];
  /** The session document as stored, or null. */
  sessionDoc(): Promise<unknown | null>;
  /** How many dedupe records this conversation has in the database. */
  inboundCount(): Promise<number>;
  /** Moves the runtime's clock on (idle limit, expiry). */
  advance(minutes: number): void;
  conversationKey: string;
  runtime: ConversationRuntime;
  i18n: Translations;
  close(): Promise<void>;
}

export interface TranscriptOptions {
  dialogs: DialogDefinition[];
  dialogId?: string;
  policy: DialogPolicy;
  channel?: ChannelKind;
  effects?: Partial<EffectPorts>;
  locale?: string;
  /** Extra i18n resources (fixture namespaces) on top of locales/. */
  resources?: Resource;
  session?: { idleMinutes: number; expiryHours: number };
  /** Seal sessions at rest, as production does. */
  cipher?: { encrypt(plain: string): string; decrypt(sealed: string): string };
}

export async function openTranscript(opts: TranscriptOptions): Promise<Transcript> {
  const db = await openTestDatabase();
  const submitted: ReportDraft[] = [];
  const effects: DialogEffect[] = [];
  const handoffs: HandoffRequest[] = [];
  const urgent: ReportDraft[] = [];
  const erased: Transcript['erased'] = [];
  const submittedBySession = new Map<string, number>();
  let offsetMs = 0;
  let counter = 0;
  let lastResult: TurnResult | undefined;
  const conversationKey = `test-${randomUUID()}`;
  const channel = opts.channel ?? 'webchat';
  const ports: EffectPorts = {
    submitReport: async (report) => {
      // Idempotent like the real case service: a session makes one case.
      if (!submittedBySession.has(report.sessionId)) {
        submitted.push(report);
        submittedBySession.set(report.sessionId, submitted.length);
      }
      // As the case side does: finished after being pointed elsewhere, and nothing that needs a person, is signposted.
      const kind = opts.policy.categories.find((c) => c.id === report.incident.categoryId)?.kind;
      if (report.finishedEarly !== undefined && !needsPersonalReview(report, kind)) return { reference: '', teamKey: 'policy:team.test', contactable: false, signposted: true, helplineIds: [] };
      return { reference: `TEST-${String(submittedBySession.get(report.sessionId)).padStart(4, '0')}`, teamKey: 'policy:team.test', contactable: hasContactRoute(report), helplineIds: [] };
    },
    openUrgentCase: async (report) => {
      urgent.push(report);
      return { reference: 'URGENT-0001' };
    },
    requestHandoff: async (req) => {
      handoffs.push(req);
      return { expectedReply: 'in_hours' };
    },
    ...opts.effects,
  };
  const i18n = createTranslations(opts.resources ? { extraResources: opts.resources } : {});
  const stores = createConversationStores(db.connection);
  const runtime = createConversationRuntime({
    stores,
    forget: forgetRecording(stores, erased),
    dialogs: opts.dialogs,
    defaultDialogId: opts.dialogId ?? opts.dialogs[0]?.id ?? 'intake',
    dialogPolicy: opts.policy,
    effects: ports,
    i18n,
    session: opts.session ?? { idleMinutes: 30, expiryHours: 72 },
    now: () => new Date(Date.now() + offsetMs),
    logger: pino({ level: 'silent' }),
    onEffect: (effect) => effects.push(effect),
    ...(opts.cipher ? { cipher: opts.cipher } : {}),
  });
  await runtime.ensureIndexes();

  const say: Transcript['say'] = async (text, sayOpts = {}) => {
    counter += 1;
    if (counter > 1) offsetMs += sayOpts.quick ? QUICK_MS : READ_AND_ANSWER_MS;
    lastResult = await runtime.handleTurn({
      channel,
      conversationKey,
      providerMessageId: sayOpts.providerMessageId ?? `${conversationKey}-${counter}`,
      text,
      ...(sayOpts.mediaIds ? { media: sayOpts.mediaIds.map((id) => ({ id, contentType: 'image/jpeg' })) } : {}),
      ...((sayOpts.locale ?? opts.locale) ? { localeHint: sayOpts.locale ?? opts.locale } : {}),
      receivedAt: new Date(Date.now() + offsetMs),
    });
    return lastResult.prompts;
  };

  return {
    say,
    keys: async (text, sayOpts) => (await say(text, sayOpts)).map((p) => p.key),
    last: () => lastResult,
    effects,
    submitted,
    handoffs,
    urgent,
    erased,
    sessionDoc: async () => db.connection.collection('sessions').findOne({ conversationKey }),
    inboundCount: async () => db.connection.collection('inbound_messages').countDocuments({ conversationKey }),
    advance: (minutes) => {
      offsetMs += minutes * 60_000;
    },
    conversationKey,
    runtime,
    i18n,
    close: async () => {
      await runtime.stop();
      await db.drop();
    },
  };
}

/** Runs a conversation table; a mismatch names the row, what was typed and both key lists. */
export async function runTable(t: Transcript, rows: [said: string, expectedKeys: string[]][]): Promise<void> {
  for (const [index, [said, expected]] of rows.entries()) {
    const got = await t.keys(said);
    if (JSON.stringify(got) !== JSON.stringify(expected)) {
      throw new Error(
        `Conversation table row ${index + 1}: typed ${JSON.stringify(said)}\n  expected: ${JSON.stringify(expected)}\n  received: ${JSON.stringify(got)}`,
      );
    }
  }
}
