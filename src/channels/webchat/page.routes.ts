// The /chat page and what only it uses: its assets and the Web Chat bundle, a token for a new
// conversation (limited per address), and the quick-exit beacon that forgets the conversation.
import path from 'node:path';
import express, { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Logger } from '../../log/logger';
import { isConversationId, newConversationId, signToken, verifyToken } from './directline-token';
import { findUp, type PageWords, renderChatPage } from './page';
import { createStaticAssets } from './static-assets';
import type { TranscriptStore } from './transcript.mongo';
import type { WebChatEvidence } from './webchat.routes';

export interface PageRoutesDeps {
  secret: string;
  lifetime: number;
  words: PageWords;
  organisationName: string;
  quickExitUrl: string;
  embedOrigins?: string[] | undefined;
  evidence?: WebChatEvidence | undefined;
  transcripts: TranscriptStore;
  keyFor: (conversationId: string) => string;
  /** Forgets the Direct Line conversation (transcript and open tabs). */
  eraseConversation: (conversationId: string) => Promise<void>;
  /** The runtime's eraseConversation(key): the session goes too. */
  eraseSession?: ((conversationKey: string) => Promise<void>) | undefined;
  newChatsPerTenMinutes?: number | undefined;
  /**
   * Opens a new conversation and runs its join, for the page to show the first question before Web Chat has
   * loaded (one round trip where a token, the conversation, the join and a read took four).
   */
  startConversation?: ((locale: string) => Promise<StartedConversation | undefined>) | undefined;
  logger: Logger;
  now: () => Date;
}

export interface StartedConversation {
  conversationId: string;
  token: string;
  expires_in: number;
  /** The conversation so far: the join and the bot's first question. */
  activities: unknown[];
}

export function createPageRouter(deps: PageRoutesDeps): Router {
  const { words, secret, lifetime, now, logger: log } = deps;
  const router = Router();

  const publicDir = findUp(path.join('src', 'channels', 'webchat', 'public'), path.join(__dirname, 'public')) ?? path.join(__dirname, 'public');
  // The package's exports map hides dist/; the prebuilt bundle is found on disk instead.
  const webChatBundle = findUp(path.join('node_modules', 'botframework-webchat', 'dist', 'webchat.js'));
  if (!webChatBundle) throw new Error('botframework-webchat/dist/webchat.js not found');
  const js = 'text/javascript; charset=utf-8';
  const assets = createStaticAssets('/chat/static', [
    { name: 'quick-exit.js', file: path.join(publicDir, 'quick-exit.js'), contentType: js },
    { name: 'start.js', file: path.join(publicDir, 'start.js'), contentType: js },
    { name: 'chat.js', file: path.join(publicDir, 'chat.js'), contentType: js },
    { name: 'chat.css', file: path.join(publicDir, 'chat.css'), contentType: 'text/css; charset=utf-8' },
    { name: 'mark.svg', file: path.join(publicDir, 'mark.svg'), contentType: 'image/svg+xml' },
    { name: 'webchat.js', file: webChatBundle, contentType: js },
  ]);
  const assetUrls = { quickExit: assets.url('quick-exit.js'), start: assets.url('start.js'), chat: assets.url('chat.js'), css: assets.url('chat.css'), mark: assets.url('mark.svg'), webChat: assets.url('webchat.js') };
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
    res.type('html').send(renderChatPage(words, { language, organisationName: deps.organisationName, quickExitUrl: deps.quickExitUrl, uploads: Boolean(deps.evidence), assets: assetUrls }));
  });
  router.get('/chat/static/:file', assets.handler);

  // The page asks for a token for a new conversation; nothing is stored until the conversation starts.
  // Limited per address so a script cannot flood the database; the page then says to try later and
  // shows 999, as for any failure to connect. Conversations already open are not limited.
  const newChats = rateLimit({
    windowMs: 10 * 60_000,
    limit: deps.newChatsPerTenMinutes ?? 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    validate: { xForwardedForHeader: false },
    message: { error: 'too_many_new_chats' },
  });
  router.post('/chat/token', newChats, (_req, res) => {
    const id = newConversationId();
    res.setHeader('Cache-Control', 'no-store');
    res.json({ conversationId: id, token: signToken(secret, id, now(), lifetime), expires_in: lifetime });
  });

  // A token, the conversation and its first question in one answer (start.js), under the same limit.
  router.post('/chat/start', newChats, express.json({ limit: '1kb' }), async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const locale = typeof req.body?.locale === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(req.body.locale) ? (req.body.locale as string) : 'en';
    const started = deps.startConversation ? await deps.startConversation(locale) : undefined;
    if (!started) return void res.status(503).json({ error: 'not_started' });
    res.json(started);
  });

  // Quick exit from the page (navigator.sendBeacon with the token as text): forget the conversation.
  router.post('/chat/exit', express.text({ type: '*/*', limit: '2kb' }), async (req, res) => {
    const token = typeof req.body === 'string' ? req.body.trim() : undefined;
    const check = verifyToken(secret, token, now());
    // An expired token still names a conversation that must go; only a forged one is refused.
    const claims = check.ok ? check.claims : check.reason === 'expired' && token ? decodeClaims(token) : undefined;
    if (!claims) return void res.status(check.ok ? 400 : check.status).end();
    const conversation = await deps.transcripts.get(claims.cid);
    const key = conversation?.conversationKey ?? deps.keyFor(claims.cid);
    // The runtime's one way to forget a conversation (session, transcripts, evidence, hand-offs); without a
    // runtime (this router on its own), the transcript at least.
    if (deps.eraseSession) await deps.eraseSession(key);
    else await deps.eraseConversation(claims.cid);
    log.info({ event: 'quick_exit' }, 'web chat conversation erased from the page');
    res.setHeader('Clear-Site-Data', '"storage"');
    res.status(204).end();
  });

  return router;
}

function decodeClaims(token: string): { cid: string } | undefined {
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { cid?: unknown };
    return typeof claims.cid === 'string' && isConversationId(claims.cid) ? { cid: claims.cid } : undefined;
  } catch {
    return undefined;
  }
}
