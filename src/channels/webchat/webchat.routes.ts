// Web chat: a self-hosted Direct Line 3.0 subset (exactly what botframework-directlinejs calls), the
// /chat page around the official Web Chat bundle, and POST /api/messages for Azure Bot Service.
// Every Direct Line route checks its token before it reads a body or touches the database.
import path from 'node:path';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import multer from 'multer';
import type { Connection } from './transcript.mongo';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { TurnContext } from 'botbuilder';
import { conversationKey } from '../../crypto/keyed-hash';
import { isAllowedEvidenceType } from '../../evidence/evidence.store';
import type { ChannelKind, InboundMedia, TurnHandler } from '../../conversation/types';
import type { Logger } from '../../log/logger';
import { jsonBody } from '../../http/app';
import { createBotFrameworkHandler, type BotFrameworkSettings } from './bot-framework';
import { activityId, DirectLineAdapter } from './directline-adapter';
import { bearer, isConversationId, isSecret, newConversationId, signToken, TOKEN_LIFETIME_SECONDS, verifyToken } from './directline-token';
import { findUp, PageWords, renderChatPage } from './page';
import { MEDIA_KEY, ReportBot, RESULT_KEY } from './report-bot';
import { StreamHub } from './stream-hub';
import { createTranscriptStore, type StoredActivity, type TranscriptCipher } from './transcript.mongo';
import { rateLimit } from 'express-rate-limit';

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
  tokenLifetimeSeconds?: number;
  /** New chats one address may start per ten minutes (generous: refuges and phone networks share addresses). */
  newChatsPerTenMinutes?: number;
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
  /** Closes the sockets (shutdown). */
  close(): void;
}

const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_UPLOAD_FILES = 4;
const STREAM_PATH = /^\/v3\/directline\/conversations\/([A-Za-z0-9_-]{16,64})\/stream$/;

const inboundActivity = z.object({
  type: z.string().max(40),
  text: z.string().max(4000).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional(),
  name: z.string().max(100).optional(),
  value: z.unknown().optional(),
  from: z.object({ id: z.string().max(128).optional(), role: z.string().max(20).optional() }).optional(),
  channelData: z.object({ clientActivityID: z.string().max(100).optional(), clientTimestamp: z.string().max(40).optional() }).optional(),
  attachments: z.array(z.object({ contentType: z.string().max(200).optional(), name: z.string().max(200).optional() })).max(MAX_UPLOAD_FILES).optional(),
});
type InboundActivity = z.infer<typeof inboundActivity>;

function parseWatermark(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

function valueSize(value: unknown): number {
  try {
    return JSON.stringify(value ?? null).length;
  } catch {
    return Infinity;
  }
}

export function createWebChatRouter(deps: WebChatDeps): WebChat {
  const now = deps.now ?? (() => new Date());
  const lifetime = deps.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  const log = deps.logger.child({ channel: 'webchat' });
  const transcripts = createTranscriptStore(deps.connection, deps.cipher);
  const hub = new StreamHub();
  const words = new PageWords(deps.localesDir);
  const keyFor = (conversationId: string): string => conversationKey(deps.hashSecret ?? deps.secret, 'webchat', conversationId);
  const adapter = new DirectLineAdapter({ transcripts, hub, botName: deps.organisationName, now });
  adapter.onTurnError = async (_context, error) => {
    log.error({ err: { type: error.name } }, 'web chat turn failed');
  };
  const failureText = (locale: string | undefined): string => words.t(words.pick(locale, undefined), 'bot.failed');
  const bot = new ReportBot({
    handleTurn: deps.handleTurn,
    channel: 'webchat',
    conversationKeyFor: (context: TurnContext) => keyFor(context.activity.conversation.id),
    failureText,
    logger: log,
  });

  // One turn at a time per conversation in this process, in arrival order.
  const queues = new Map<string, Promise<void>>();
  const serialise = (conversationId: string, work: () => Promise<void>): Promise<void> => {
    const previous = queues.get(conversationId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => {});
    queues.set(conversationId, tail);
    void tail.then(() => {
      if (queues.get(conversationId) === tail) queues.delete(conversationId);
    });
    return next;
  };

  const eraseConversation = async (conversationId: string): Promise<void> => {
    await transcripts.erase(conversationId);
    hub.closeConversation(conversationId);
  };

  const conversationResponse = (req: Request, conversationId: string, watermark?: number) => {
    const token = signToken(deps.secret, conversationId, now(), lifetime);
    const host = req.get('host');
    const wsBase = host ? `${req.protocol === 'https' ? 'wss' : 'ws'}://${host}` : deps.publicBaseUrl.replace(/^http/, 'ws');
    const query = new URLSearchParams({ t: token });
    if (watermark !== undefined) query.set('watermark', String(watermark));
    return {
      conversationId,
      token,
      expires_in: lifetime,
      streamUrl: `${wsBase}/v3/directline/conversations/${conversationId}/stream?${query.toString()}`,
    };
  };

  /** Accepts the secret (a landlord's server) or a token for this conversation (a browser). */
  const authorise =
    (scope: 'conversation' | 'any'): RequestHandler =>
    (req, res, next) => {
      const given = bearer(req.get('authorization'));
      res.locals['viaSecret'] = false;
      if (isSecret(deps.secret, given)) {
        res.locals['viaSecret'] = true;
        return next();
      }
      const id = scope === 'conversation' ? String(req.params['id'] ?? '') : undefined;
      const check = verifyToken(deps.secret, given, now(), id);
      if (!check.ok) {
        log.warn({ reason: check.reason, status: check.status }, 'direct line token refused');
        res.status(check.status).json({ error: { code: check.status === 401 ? 'BadArgument' : 'TokenExpired', message: check.reason } });
        return;
      }
      res.locals['conversationId'] = check.claims.cid;
      next();
    };

  const conversationIdParam: RequestHandler = (req, res, next) => {
    if (!isConversationId(String(req.params['id'] ?? ''))) {
      res.status(404).json({ error: { code: 'BadArgument', message: 'unknown conversation' } });
      return;
    }
    next();
  };

  /** Stores the person's activity (the echo Web Chat waits for), then runs the turn. */
  const receive = async (conversationId: string, input: InboundActivity, media: InboundMedia[], res: Response): Promise<void> => {
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
    if (input.type !== 'message' && input.type !== 'event') {
      // Typing and other signals are acknowledged and not kept.
      res.json({ id: activity.id });
      return;
    }
    const stored = await transcripts.append(conversationId, [activity], at, clientId);
    if (stored.status === 'missing') {
      res.status(404).json({ error: { code: 'BadArgument', message: 'conversation ended' } });
      return;
    }
    if (stored.status === 'full') {
      res.status(403).json({ error: { code: 'Forbidden', message: 'conversation is too long' } });
      return;
    }
    if (stored.status === 'duplicate') {
      res.json({ id: stored.id });
      return;
    }
    hub.notify(conversationId);
    await serialise(conversationId, async () => {
      let erased = false;
      await adapter.processActivity(activity, async (context) => {
        if (media.length > 0) context.turnState.set(MEDIA_KEY, media);
        await bot.run(context);
        erased = Boolean((context.turnState.get(RESULT_KEY) as { erased?: boolean } | undefined)?.erased);
      });
      if (erased) {
        await eraseConversation(conversationId);
        log.info({ event: 'quick_exit' }, 'web chat conversation erased');
      }
    });
    res.json({ id: activity.id });
  };

  const router = Router();
  const dl = Router();

  // A landlord's server exchanges the secret for a token (the secret never reaches a browser).
  dl.post('/tokens/generate', (req, res) => {
    if (!isSecret(deps.secret, bearer(req.get('authorization')))) {
      res.status(401).json({ error: { code: 'BadArgument', message: 'secret required' } });
      return;
    }
    const id = newConversationId();
    const token = signToken(deps.secret, id, now(), lifetime);
    res.json({ conversationId: id, token, expires_in: lifetime });
  });

  dl.post('/tokens/refresh', authorise('any'), (_req, res) => {
    const id = res.locals['conversationId'] as string | undefined;
    if (!id) {
      res.status(400).json({ error: { code: 'BadArgument', message: 'a token is refreshed, not the secret' } });
      return;
    }
    res.json({ conversationId: id, token: signToken(deps.secret, id, now(), lifetime), expires_in: lifetime });
  });

  // Start a conversation: with a token, the token's conversation; with the secret, a new one.
  dl.post('/conversations', authorise('any'), jsonBody('4kb'), async (req, res, next) => {
    try {
      const id = (res.locals['conversationId'] as string | undefined) ?? newConversationId();
      const locale = typeof req.body?.locale === 'string' && /^[A-Za-z-]{2,20}$/.test(req.body.locale) ? (req.body.locale as string) : 'en';
      const { created } = await transcripts.open(id, { conversationKey: keyFor(id), locale }, now());
      res.status(created ? 201 : 200).json(conversationResponse(req, id));
    } catch (error) {
      next(error);
    }
  });

  // Reconnect: a fresh token and a stream URL that replays everything after the watermark.
  dl.get('/conversations/:id', conversationIdParam, authorise('conversation'), async (req, res, next) => {
    try {
      const id = String(req.params['id']);
      if (!(await transcripts.get(id))) {
        res.status(404).json({ error: { code: 'BadArgument', message: 'conversation ended' } });
        return;
      }
      res.json(conversationResponse(req, id, parseWatermark(req.query['watermark'])));
    } catch (error) {
      next(error);
    }
  });

  dl.get('/conversations/:id/activities', conversationIdParam, authorise('conversation'), async (req, res, next) => {
    try {
      const page = await transcripts.since(String(req.params['id']), parseWatermark(req.query['watermark']));
      if (!page) {
        res.status(404).json({ error: { code: 'BadArgument', message: 'conversation ended' } });
        return;
      }
      res.json({ activities: page.activities, watermark: String(page.watermark) });
    } catch (error) {
      next(error);
    }
  });

  dl.post('/conversations/:id/activities', conversationIdParam, authorise('conversation'), jsonBody('32kb'), async (req, res, next) => {
    try {
      const parsed = inboundActivity.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ error: { code: 'BadArgument', message: 'not a valid activity' } });
        return;
      }
      if (parsed.data.attachments?.length) {
        res.status(400).json({ error: { code: 'BadArgument', message: 'attachments are sent to /upload' } });
        return;
      }
      await receive(String(req.params['id']), parsed.data, [], res);
    } catch (error) {
      next(error);
    }
  });

  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_UPLOAD_FILES + 1, fields: 2, parts: MAX_UPLOAD_FILES + 3, fieldSize: 32 * 1024 },
  });
  dl.post('/conversations/:id/upload', conversationIdParam, authorise('conversation'), (req, res, next) => {
    if (!deps.evidence) {
      res.status(415).json({ error: { code: 'BadArgument', message: 'uploads are not accepted here' } });
      return;
    }
    upload.any()(req, res, (err: unknown) => {
      if (err) {
        const code = (err as { code?: string }).code;
        res.status(code === 'LIMIT_FILE_SIZE' ? 413 : 400).json({ error: { code: 'BadArgument', message: code ?? 'bad upload' } });
        return;
      }
      next();
    });
  }, async (req, res, next) => {
    try {
      const id = String(req.params['id']);
      const parts = (req.files as Express.Multer.File[] | undefined) ?? [];
      const activityPart = parts.find((p) => p.fieldname === 'activity');
      const files = parts.filter((p) => p.fieldname === 'file');
      let raw: unknown = { type: 'message' };
      if (activityPart) raw = JSON.parse(activityPart.buffer.toString('utf8'));
      else if (typeof req.body?.activity === 'string') raw = JSON.parse(req.body.activity as string);
      const parsed = inboundActivity.safeParse(raw);
      if (!parsed.success || files.length === 0 || files.length > MAX_UPLOAD_FILES) {
        res.status(400).json({ error: { code: 'BadArgument', message: 'not a valid upload' } });
        return;
      }
      if (files.some((f) => !isAllowedEvidenceType(f.mimetype))) {
        res.status(415).json({ error: { code: 'BadArgument', message: 'file type not accepted' } });
        return;
      }
      const conversation = await transcripts.get(id);
      if (!conversation) {
        res.status(404).json({ error: { code: 'BadArgument', message: 'conversation ended' } });
        return;
      }
      const media: InboundMedia[] = [];
      for (const file of files) {
        const put = await deps.evidence!.put({
          conversationKey: conversation.conversationKey,
          channel: 'webchat',
          contentType: file.mimetype,
          data: file.buffer,
          receivedAt: now(),
        });
        media.push({ id: put.id, contentType: file.mimetype });
      }
      log.info({ files: media.length }, 'web chat evidence received');
      const input: InboundActivity = {
        ...parsed.data,
        type: 'message',
        attachments: files.map((f) => ({ contentType: f.mimetype, name: path.basename(f.originalname).slice(0, 100) })),
      };
      await receive(id, input, media, res);
    } catch (error) {
      if (error instanceof SyntaxError) {
        res.status(400).json({ error: { code: 'BadArgument', message: 'not a valid activity' } });
        return;
      }
      next(error);
    }
  });

  router.use('/v3/directline', dl);

  // The page and its assets.
  const publicDir = findUp(path.join('src', 'channels', 'webchat', 'public'), path.join(__dirname, 'public')) ?? path.join(__dirname, 'public');
  // The package's exports map hides dist/; the prebuilt bundle is found on disk instead.
  const webChatBundle = findUp(path.join('node_modules', 'botframework-webchat', 'dist', 'webchat.js'));
  const frameAncestors = ["'self'", ...(deps.embedOrigins ?? [])].join(' ');
  const pageCsp = [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat styles itself with inline <style> elements (emotion).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    // directlinejs reads an attachment the person picked from its blob: URL before uploading it.
    "connect-src 'self' ws: wss: blob:",
    "font-src 'self'",
    // Web Chat makes the thumbnail of a picked photo in a worker it creates from a blob: URL.
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');

  router.get('/chat', (req, res) => {
    const language = words.pick(typeof req.query['lang'] === 'string' ? req.query['lang'] : undefined, req.get('accept-language'));
    res.setHeader('Content-Security-Policy', pageCsp);
    if (deps.embedOrigins?.length) res.removeHeader('X-Frame-Options');
    // Not kept in any cache (and so not restored by the back button from the back/forward cache).
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(renderChatPage(words, { language, organisationName: deps.organisationName, quickExitUrl: deps.quickExitUrl, uploads: Boolean(deps.evidence) }));
  });
  router.get('/chat/vendor/webchat.js', (_req, res) => {
    if (!webChatBundle) {
      res.status(404).end();
      return;
    }
    res.sendFile(webChatBundle, { maxAge: '1d', headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
  });
  router.use('/chat/assets', express.static(publicDir, { index: false, maxAge: '1h', fallthrough: false }));

  // The page asks for a token for a new conversation; nothing is stored until the conversation starts.
  // Limited per address so a script cannot flood the database; the page then says to try later and
  // shows 999, as for any failure to connect. Conversations already open are not limited.
  const newChats = rateLimit({
    windowMs: 10 * 60_000,
    limit: deps.newChatsPerTenMinutes ?? 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    message: { error: 'too_many_new_chats' },
  });
  router.post('/chat/token', newChats, (_req, res) => {
    const id = newConversationId();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ conversationId: id, token: signToken(deps.secret, id, now(), lifetime), expires_in: lifetime });
  });

  // Quick exit from the page (navigator.sendBeacon with the token as text): forget the conversation.
  router.post('/chat/exit', express.text({ type: '*/*', limit: '2kb' }), async (req, res, next) => {
    try {
      const token = typeof req.body === 'string' ? req.body.trim() : undefined;
      const check = verifyToken(deps.secret, token, now());
      // An expired token still names a conversation that must go; only a forged one is refused.
      const claims = check.ok ? check.claims : check.reason === 'expired' && token ? decodeClaims(token) : undefined;
      if (!claims) {
        res.status(check.ok ? 400 : check.status).end();
        return;
      }
      const conversation = await transcripts.get(claims.cid);
      const key = conversation?.conversationKey ?? keyFor(claims.cid);
      await deps.eraseSession?.(key);
      await deps.evidence?.deleteUnattached?.(key);
      await eraseConversation(claims.cid);
      log.info({ event: 'quick_exit' }, 'web chat conversation erased from the page');
      res.setHeader('Clear-Site-Data', '"storage"');
      res.status(204).end();
    } catch (error) {
      next(error);
    }
  });

  if (deps.botFramework) {
    router.post('/api/messages', jsonBody('256kb'), createBotFrameworkHandler(deps.botFramework, new ReportBot({
      handleTurn: deps.handleTurn,
      channel: 'botframework',
      conversationKeyFor: (context) => conversationKey(deps.hashSecret ?? deps.secret, 'botframework', `${context.activity.channelId}:${context.activity.conversation.id}`),
      failureText,
      logger: deps.logger.child({ channel: 'botframework' }),
    }), log));
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 });

  const openStream = (ws: WebSocket, conversationId: string, from: number): void => {
    let sent = from;
    let chain = Promise.resolve();
    let open = true;
    const pump = (): void => {
      chain = chain
        .then(async () => {
          if (!open) return;
          const page = await transcripts.since(conversationId, sent);
          if (!page) {
            ws.close(1000);
            return;
          }
          if (page.activities.length > 0 && open) {
            ws.send(JSON.stringify({ activities: page.activities, watermark: String(page.watermark) }));
            sent = page.watermark;
          }
        })
        .catch((error: unknown) => log.warn({ err: { type: (error as Error).name } }, 'stream read failed'));
    };
    const remove = hub.add(conversationId, {
      pump,
      // Queued behind any read in progress, so the person's own message still arrives first.
      sendEphemeral: (activities) => {
        chain = chain.then(() => {
          if (open) ws.send(JSON.stringify({ activities }));
        });
      },
      close: (code) => {
        chain = chain.then(() => ws.close(code));
      },
    });
    const heartbeat = setInterval(() => {
      if (open) ws.ping();
    }, 30_000);
    heartbeat.unref();
    // The client sends empty frames as keep-alives; nothing else is expected from it on the stream.
    ws.on('message', () => {});
    ws.on('close', () => {
      open = false;
      clearInterval(heartbeat);
      remove();
    });
    ws.on('error', () => ws.terminate());
    pump();
  };

  const refuse = (socket: Duplex, status: number, text: string): void => {
    socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return;
    const conversationId = match[1] as string;
    const check = verifyToken(deps.secret, url.searchParams.get('t') ?? bearer(req.headers.authorization), now(), conversationId);
    if (!check.ok) {
      log.warn({ reason: check.reason, status: check.status }, 'direct line stream refused');
      refuse(socket, check.status, check.status === 401 ? 'Unauthorized' : 'Forbidden');
      return;
    }
    transcripts
      .get(conversationId)
      .then((conversation) => {
        if (!conversation) {
          refuse(socket, 404, 'Not Found');
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => openStream(ws, conversationId, parseWatermark(url.searchParams.get('watermark') ?? undefined)));
      })
      .catch(() => refuse(socket, 503, 'Service Unavailable'));
  };

  return {
    router,
    attachWebSocket: (server) => {
      server.on('upgrade', onUpgrade);
    },
    ensureIndexes: () => transcripts.ensureIndexes(),
    eraseConversation,
    eraseByConversationKey: async (key) => {
      for (const id of await transcripts.idsForKey(key)) await eraseConversation(id);
    },
    purgeIdle: async (before) => {
      const ids = await transcripts.purgeIdle(before);
      for (const id of ids) hub.closeConversation(id);
      return ids.length;
    },
    close: () => {
      hub.closeAll();
      for (const client of wss.clients) client.terminate();
    },
  };
}

function decodeClaims(token: string): { cid: string } | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { cid?: unknown };
    return typeof claims.cid === 'string' && isConversationId(claims.cid) ? { cid: claims.cid } : undefined;
  } catch {
    return undefined;
  }
}
