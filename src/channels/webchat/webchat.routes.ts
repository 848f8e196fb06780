// Web chat: wires the Direct Line protocol (directline.routes.ts and directline-stream.ts), the /chat page
// (page.routes.ts) and, when configured, POST /api/messages for Azure Bot Service (bot-framework.ts).
import type { Server } from 'node:http';
import { Router } from 'express';
import { conversationKey } from '../../crypto/keyed-hash';
import type { ChannelKind, OutboundPrompt, TurnHandler } from '../../conversation/types';
import { randomUUID } from 'node:crypto';
import { activityId, newConversationId, signToken } from './directline-token';
import { BOT_ID } from './directline-adapter';
import type { Logger } from '../../log/logger';
import { jsonBody } from '../../http/app';
import { createBotFrameworkHandler, type BotFrameworkSettings } from './bot-framework';
import { createDirectLineConversations, type ChannelWords } from './directline-conversations';
import { createDirectLineRouter } from './directline.routes';
import { createDirectLineStream } from './directline-stream';
import type { WebChatLimits } from './limits';
import { TOKEN_LIFETIME_SECONDS } from './directline-token';
import { PageWords } from './page';
import { createPageRouter } from './page.routes';
import { JOIN_EVENT, promptActivities, ReportBot } from './report-bot';
import { StreamHub } from './stream-hub';
import { createTranscriptStore, type Connection, type TranscriptCipher } from './transcript.mongo';

/** What the web chat needs from the evidence store (src/evidence's EvidenceStore fits). */
export interface WebChatEvidence {
  put(input: { conversationKey: string; channel: ChannelKind; contentType: string; data: Buffer; receivedAt: Date }): Promise<{ id: string }>;
  /** Quick exit: photos sent in this conversation and not yet on a case go too. */
  deleteUnattached?(conversationKey: string): Promise<unknown>;
}

export interface WebChatDeps {
  connection: Connection;
  handleTurn: TurnHandler;
  /** config.secrets.directLineSecret: signs tokens; a landlord's server may also present it to /tokens/generate. */
  secret: string;
  /** config.secrets.hashSecret: keys the runtime's conversation key (defaults to `secret`). */
  hashSecret?: string;
  /** The policy pack's neutral site, where quick exit goes. */
  quickExitUrl: string;
  organisationName: string;
  publicBaseUrl: string;
  evidence?: WebChatEvidence;
  /** Seals transcripts at rest (createFieldCipher from src/crypto): what people wrote is never stored plain. */
  cipher: TranscriptCipher;
  /** The runtime's eraseConversation(key): a quick exit from the page deletes the session too. */
  eraseSession?: (conversationKey: string) => Promise<void>;
  /** config.botFramework: mounts POST /api/messages when given. */
  botFramework?: BotFrameworkSettings;
  /** Origins allowed to embed /chat in an iframe (the landlord's site). */
  embedOrigins?: string[];
  logger: Logger;
  now?: () => Date;
  localesDir?: string;
  /** The languages the landlord offers (the page offers those it has words for); absent: every one it has. */
  languages?: readonly string[];
  tokenLifetimeSeconds?: number;
  /** New chats one address may start per ten minutes (generous: refuges and phone networks share addresses). */
  newChatsPerTenMinutes?: number;
  /** Messages and uploads per conversation and per address (defaults in limits.ts). */
  limits?: Partial<WebChatLimits>;
  /** How long a person waits for an answer before the safe fallback (default 5 s from arrival). */
  turnBudgetMs?: number;
}

export interface WebChat {
  router: Router;
  attachWebSocket(server: Server): void;
  ensureIndexes(): Promise<void>;
  /** Forgets a Direct Line conversation: its transcript and its open sockets. */
  eraseConversation(conversationId: string): Promise<void>;
  /** The same, by the runtime's conversation key (the runtime's erase effect knows only that). */
  eraseByConversationKey(key: string): Promise<void>;
  /** Removes transcripts idle since before `before` (call it from the session purge job). */
  purgeIdle(before: Date): Promise<number>;
  /** The messages of the conversations still kept for a runtime conversation key, oldest first (for the staff console). */
  readTranscript(conversationKey: string): Promise<{ at?: string; from: 'reporter' | 'assistant'; text: string }[]>;
  /**
   * Into the person's conversation from the staff console: a member of staff's words, or the assistant's
   * prompts after a hand-back. Stored in the transcript (once per `id`) and pushed to every open tab.
   */
  deliver(conversationKey: string, message: { id: string; text: string } | { id: string; prompts: OutboundPrompt[]; locale: string }): Promise<'delivered' | 'gone'>;
  /** Whether the conversation is still kept, and whether a page of it is connected now. */
  status(conversationKey: string): Promise<{ open: boolean; connected: boolean }>;
  /** Closes the sockets (shutdown). */
  close(): void;
}

export function createWebChatRouter(deps: WebChatDeps): WebChat {
  const now = deps.now ?? (() => new Date());
  const lifetime = deps.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  const log = deps.logger.child({ channel: 'webchat' });
  const transcripts = createTranscriptStore(deps.connection, deps.cipher);
  const hub = new StreamHub();
  const words = new PageWords(deps.localesDir, deps.languages);
  const keyFor = (conversationId: string): string => conversationKey(deps.hashSecret ?? deps.secret, 'webchat', conversationId);
  const channelWords: ChannelWords = (key, locale, params) => words.t(words.pick(locale, undefined), `bot.${key}`, params);
  const failureText = (locale: string | undefined): string => channelWords('failed', locale);

  const conversations = createDirectLineConversations({
    transcripts,
    hub,
    handleTurn: deps.handleTurn,
    keyFor,
    botName: deps.organisationName,
    words: channelWords,
    logger: log,
    now,
    ...(deps.turnBudgetMs !== undefined ? { budgetMs: deps.turnBudgetMs } : {}),
  });
  const stream = createDirectLineStream({ secret: deps.secret, transcripts, hub, logger: log, now });

  const router = Router();
  router.use(
    '/v3/directline',
    createDirectLineRouter({ secret: deps.secret, lifetime, transcripts, conversations, keyFor, publicBaseUrl: deps.publicBaseUrl, evidence: deps.evidence, limits: deps.limits, logger: log, now }),
  );
  router.use(
    createPageRouter({
      secret: deps.secret,
      lifetime,
      words,
      organisationName: deps.organisationName,
      quickExitUrl: deps.quickExitUrl,
      embedOrigins: deps.embedOrigins,
      evidence: deps.evidence,
      transcripts,
      keyFor,
      eraseConversation: conversations.erase,
      eraseSession: deps.eraseSession,
      newChatsPerTenMinutes: deps.newChatsPerTenMinutes,
      startConversation: async (locale) => {
        const id = newConversationId();
        const opened = await transcripts.open(id, { conversationKey: keyFor(id), locale }, now());
        if (opened === 'erased') return undefined;
        const join = { type: 'event', name: JOIN_EVENT, value: {}, locale, from: { id: 'early', role: 'user' }, channelData: { clientActivityID: `join-${randomUUID()}` } };
        if ((await conversations.receive(id, join, [])).status !== 'accepted') return undefined;
        const page = await transcripts.since(id, 0);
        return { conversationId: id, token: signToken(deps.secret, id, now(), lifetime), expires_in: lifetime, activities: page?.activities ?? [] };
      },
      logger: log,
      now,
    }),
  );
  if (deps.botFramework) {
    const bot = new ReportBot({
      handleTurn: deps.handleTurn,
      channel: 'botframework',
      conversationKeyFor: (context) => conversationKey(deps.hashSecret ?? deps.secret, 'botframework', `${context.activity.channelId}:${context.activity.conversation.id}`),
      failureText,
      logger: deps.logger.child({ channel: 'botframework' }),
    });
    router.post('/api/messages', jsonBody('256kb'), createBotFrameworkHandler(deps.botFramework, bot, log));
  }

  return {
    router,
    attachWebSocket: (server) => stream.attach(server),
    ensureIndexes: () => transcripts.ensureIndexes(),
    eraseConversation: conversations.erase,
    eraseByConversationKey: async (key) => {
      for (const id of await transcripts.idsForKey(key)) await conversations.erase(id);
    },
    purgeIdle: async (before) => {
      const ids = await transcripts.purgeIdle(before);
      for (const id of ids) hub.closeConversation(id);
      return ids.length;
    },
    readTranscript: async (key) => {
      const lines: { at?: string; from: 'reporter' | 'assistant'; text: string }[] = [];
      for (const id of await transcripts.idsForKey(key)) {
        for (const activity of (await transcripts.since(id, 0))?.activities ?? []) {
          if (activity.type !== 'message' || typeof activity['text'] !== 'string' || activity['text'] === '') continue;
          const role = (activity['from'] as { role?: string } | undefined)?.role;
          const at = typeof activity['timestamp'] === 'string' ? activity['timestamp'] : undefined;
          lines.push({ ...(at ? { at } : {}), from: role === 'user' ? 'reporter' : 'assistant', text: activity['text'] });
        }
      }
      return lines;
    },
    deliver: async (key, message) => {
      const [conversationId] = await transcripts.idsForKey(key);
      const info = conversationId ? await transcripts.get(conversationId) : null;
      if (!conversationId || !info) return 'gone';
      const from = { id: BOT_ID, name: deps.organisationName, role: 'bot' };
      const base = { timestamp: now().toISOString(), channelId: 'directline', conversation: { id: conversationId }, from, recipient: { id: 'user', role: 'user' } };
      const activities =
        'text' in message
          ? [{ ...base, type: 'message', id: activityId(conversationId), text: message.text, textFormat: 'plain', channelData: { staff: true } }]
          : promptActivities(message.prompts, { locale: message.locale }, () => activityId(conversationId)).map((a) => ({ ...base, ...a, type: 'message', id: a.id as string }));
      const asking = 'prompts' in message ? ([...activities].reverse().find((a) => (a as { suggestedActions?: unknown }).suggestedActions)?.id ?? null) : undefined;
      // The staff message's own id as the client id: a retried delivery is stored once.
      const stored = await transcripts.append(conversationId, activities, now(), { clientId: `staff:${message.id}`, ...(asking !== undefined ? { asking } : {}) });
      if (stored.status === 'stored') hub.publish(conversationId, stored);
      return stored.status === 'stored' || stored.status === 'duplicate' ? 'delivered' : 'gone';
    },
    status: async (key) => {
      const [conversationId] = await transcripts.idsForKey(key);
      const open = conversationId ? (await transcripts.get(conversationId)) !== null : false;
      return { open, connected: open && conversationId !== undefined && !hub.hasRoom(conversationId, 1) };
    },
    close: () => stream.close(),
  };
}
