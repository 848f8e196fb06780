// The Direct Line 3.0 subset under /v3/directline: exactly what botframework-directlinejs (inside Web
// Chat) calls. Every route checks its token before it reads a body or touches the database. Express 5
// passes a rejected promise to the error handler, so handlers simply throw.
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { InboundMedia } from '../../conversation/types';
import type { Logger } from '../../log/logger';
import { jsonBody } from '../../http/app';
import type { DirectLineConversations, InboundActivity, ReceiveResult } from './directline-conversations';
import { checkUpload, MAX_UPLOAD_FILES, parseUpload } from './directline-upload';
import { bearer, isConversationId, isSecret, newConversationId, signToken, verifyToken } from './directline-token';
import { createHeavyWork, type HeavyWork } from './heavy-work';
import { createLimiters, DEFAULT_LIMITS, LONG_MESSAGE_CHARS, type WebChatLimits } from './limits';
import type { TranscriptStore } from './transcript.mongo';
import type { WebChatEvidence } from './webchat.routes';


export interface DirectLineRoutesDeps {
  secret: string;
  lifetime: number;
  transcripts: TranscriptStore;
  conversations: DirectLineConversations;
  keyFor: (conversationId: string) => string;
  publicBaseUrl: string;
  evidence?: WebChatEvidence | undefined;
  limits?: Partial<WebChatLimits> | undefined;
  /** Long messages and uploads, one at a time across conversations (heavy-work.ts); a gate of its own if absent. */
  heavyWork?: HeavyWork | undefined;
  logger: Logger;
  now: () => Date;
}

/** The longest message one activity may carry; the page sends longer text in pieces of this size. */
export const MAX_TEXT_CHARS = 4000;

const inboundActivity = z.object({
  type: z.string().max(40),
  text: z.string().max(MAX_TEXT_CHARS).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/).optional(),
  name: z.string().max(100).optional(),
  value: z.unknown().optional(),
  from: z.object({ id: z.string().max(128).optional(), role: z.string().max(20).optional() }).optional(),
  channelData: z.object({ clientActivityID: z.string().max(100).optional(), clientTimestamp: z.string().max(40).optional() }).optional(),
  attachments: z.array(z.object({ contentType: z.string().max(200).optional(), name: z.string().max(200).optional() })).max(MAX_UPLOAD_FILES).optional(),
}) satisfies z.ZodType<InboundActivity>;

function parseWatermark(value: unknown): number {
  const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : 0;
  return Number.isSafeInteger(n) ? n : 0;
}

const refuse = (res: Response, status: number, code: string, message: string): void => {
  res.status(status).json({ error: { code, message } });
};

export function createDirectLineRouter(deps: DirectLineRoutesDeps): Router {
  const { secret, lifetime, transcripts, conversations, logger: log, now } = deps;

  const conversationResponse = (req: Request, conversationId: string, watermark?: number) => {
    const token = signToken(secret, conversationId, now(), lifetime);
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
      if (isSecret(secret, given)) return next();
      const id = scope === 'conversation' ? String(req.params['id'] ?? '') : undefined;
      const check = verifyToken(secret, given, now(), id);
      if (!check.ok) {
        log.warn({ reason: check.reason, status: check.status }, 'direct line token refused');
        refuse(res, check.status, check.status === 401 ? 'BadArgument' : 'TokenExpired', check.reason);
        return;
      }
      res.locals['conversationId'] = check.claims.cid;
      next();
    };

  const conversationIdParam: RequestHandler = (req, res, next) => {
    if (!isConversationId(String(req.params['id'] ?? ''))) return refuse(res, 404, 'BadArgument', 'unknown conversation');
    next();
  };

  const answer = (res: Response, result: ReceiveResult): void => {
    if (result.status === 'missing') return refuse(res, 404, 'BadArgument', 'conversation ended');
    if (result.status === 'full') return refuse(res, 403, 'Forbidden', 'conversation is too long');
    res.json({ id: result.id });
  };

  const uploadsAccepted: RequestHandler = (_req, res, next) => {
    if (!deps.evidence) return refuse(res, 415, 'BadArgument', 'uploads are not accepted here');
    next();
  };
  const limit = createLimiters({ ...DEFAULT_LIMITS, ...deps.limits });
  const heavy = deps.heavyWork ?? createHeavyWork();
  /** Heavy work in its turn; a full queue is refused now, its body unread by the database. */
  const inTurn = async (res: Response, work: () => Promise<ReceiveResult>): Promise<void> => {
    const queued = heavy.run(work);
    if (!queued) return refuse(res, 429, 'TooManyRequests', 'busy: send it again in a moment');
    answer(res, await queued);
  };
  const dl = Router();
  // The budget for an answer starts when the request arrives; nothing from here is kept in a cache.
  dl.use((_req, res, next) => {
    res.locals['arrivedAt'] = Date.now();
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  // A landlord's server exchanges the secret for a token (the secret never reaches a browser).
  dl.post('/tokens/generate', (req, res) => {
    if (!isSecret(secret, bearer(req.get('authorization')))) return refuse(res, 401, 'BadArgument', 'secret required');
    const id = newConversationId();
    res.json({ conversationId: id, token: signToken(secret, id, now(), lifetime), expires_in: lifetime });
  });

  dl.post('/tokens/refresh', authorise('any'), async (_req, res) => {
    const id = res.locals['conversationId'] as string | undefined;
    if (!id) return refuse(res, 400, 'BadArgument', 'a token is refreshed, not the secret');
    // After a quick exit the old token is worth nothing.
    if (await transcripts.isErased(id)) return refuse(res, 403, 'TokenExpired', 'conversation ended');
    res.json({ conversationId: id, token: signToken(secret, id, now(), lifetime), expires_in: lifetime });
  });

  // Start a conversation: with a token, the token's conversation; with the secret, a new one.
  dl.post('/conversations', authorise('any'), jsonBody('4kb'), async (req, res) => {
    const id = (res.locals['conversationId'] as string | undefined) ?? newConversationId();
    const locale = typeof req.body?.locale === 'string' && /^[A-Za-z-]{2,20}$/.test(req.body.locale) ? (req.body.locale as string) : 'en';
    const opened = await transcripts.open(id, { conversationKey: deps.keyFor(id), locale }, now());
    if (opened === 'erased') return refuse(res, 403, 'TokenExpired', 'conversation ended');
    res.status(opened.created ? 201 : 200).json(conversationResponse(req, id));
  });

  // Reconnect: a fresh token and a stream URL that replays everything after the watermark.
  dl.get('/conversations/:id', conversationIdParam, authorise('conversation'), async (req, res) => {
    const id = String(req.params['id']);
    if (!(await transcripts.get(id))) return refuse(res, 404, 'BadArgument', 'conversation ended');
    res.json(conversationResponse(req, id, parseWatermark(req.query['watermark'])));
  });

  dl.get('/conversations/:id/activities', conversationIdParam, authorise('conversation'), async (req, res) => {
    const page = await transcripts.since(String(req.params['id']), parseWatermark(req.query['watermark']));
    if (!page) return refuse(res, 404, 'BadArgument', 'conversation ended');
    res.json({ activities: page.activities, watermark: String(page.watermark) });
  });

  dl.post('/conversations/:id/activities', conversationIdParam, authorise('conversation'), ...limit.messages, jsonBody('32kb'), ...limit.longMessages, async (req, res) => {
    const parsed = inboundActivity.safeParse(req.body);
    if (!parsed.success) {
      const tooLong = typeof req.body?.text === 'string' && req.body.text.length > MAX_TEXT_CHARS;
      return refuse(res, tooLong ? 413 : 400, 'BadArgument', tooLong ? `a message is at most ${MAX_TEXT_CHARS} characters` : 'not a valid activity');
    }
    if (parsed.data.attachments?.length) return refuse(res, 400, 'BadArgument', 'attachments are sent to /upload');
    const receive = () => conversations.receive(String(req.params['id']), parsed.data, [], res.locals['arrivedAt'] as number);
    if ((parsed.data.text?.length ?? 0) > LONG_MESSAGE_CHARS) return inTurn(res, receive);
    answer(res, await receive());
  });

  dl.post('/conversations/:id/upload', conversationIdParam, authorise('conversation'), ...limit.uploads, uploadsAccepted, parseUpload, async (req, res) => {
    const id = String(req.params['id']);
    const upload = checkUpload((req.files as Express.Multer.File[] | undefined) ?? [], req.body?.activity);
    if (!upload.ok) return refuse(res, upload.status, 'BadArgument', upload.message);
    const parsed = inboundActivity.safeParse(upload.activity);
    if (!parsed.success) return refuse(res, 400, 'BadArgument', 'not a valid activity');
    await inTurn(res, async () => {
      const conversation = await transcripts.get(id);
      if (!conversation) return { status: 'missing' };
      const media: InboundMedia[] = [];
      for (const file of upload.files) {
        const put = await deps.evidence!.put({ conversationKey: conversation.conversationKey, channel: 'webchat', contentType: file.contentType, data: file.data, receivedAt: now() });
        media.push({ id: put.id, contentType: file.contentType });
      }
      log.info({ files: media.length }, 'web chat evidence received');
      const input: InboundActivity = { ...parsed.data, type: 'message', attachments: upload.files.map((f) => ({ contentType: f.contentType, name: f.name })) };
      return conversations.receive(id, input, media, res.locals['arrivedAt'] as number);
    });
  });

  return dl;
}
