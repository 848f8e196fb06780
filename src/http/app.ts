// Builds the express app from its dependencies, so that main.ts and the tests build it the same way.
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { AppError } from '../errors';
import { safeUrlPath } from '../log/logger';

export interface AppDeps {
  logger: Logger;
  /** True when the database answers a ping. */
  isDatabaseReady: () => Promise<boolean>;
  /** Routers mounted at their paths, in order, before the 404 handler. */
  routes?: { path: string; router: Router | RequestHandler }[];
  /** Express's `trust proxy` (config.trustProxy): whose X-Forwarded-For is believed. Default: nobody's. */
  trustProxy?: false | number | string;
  /** Pages that need to load scripts and styles from this origin only. */
  contentSecurityPolicy?: Record<string, string[]>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Per-address limits read req.ip: a forwarded address counts only from a proxy the operator named.
  app.set('trust proxy', deps.trustProxy ?? false);

  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'default-src': ["'self'"],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'style-src': ["'self'", "'unsafe-inline'"],
          ...deps.contentSecurityPolicy,
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Method, path and status only: never bodies, query strings or headers that can identify someone.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: safeUrlPath(req.url) }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const ready = await deps.isDatabaseReady().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unavailable' });
  });

  for (const route of deps.routes ?? []) {
    app.use(route.path, route.router);
  }

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  app.use(errorHandler(deps.logger));
  return app;
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    // body-parser errors carry a status (413 too large, 400 malformed) and are the caller's fault.
    const status = statusOf(err);
    if (status >= 500) {
      logger.error({ reqId: req.id, path: safeUrlPath(req.url), err: describe(err) }, 'request failed');
    }
    if (res.headersSent) return;
    res.status(status).json({ error: status >= 500 ? 'internal_error' : codeOf(err, status) });
  };
}

function statusOf(err: unknown): number {
  if (err instanceof AppError) return err.status;
  const s = (err as { status?: unknown; statusCode?: unknown } | null)?.status ?? (err as { statusCode?: unknown } | null)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
}

function codeOf(err: unknown, status: number): string {
  if (err instanceof AppError) return err.code;
  if (status === 413) return 'payload_too_large';
  if (status === 400) return 'bad_request';
  if (status === 415) return 'unsupported_media_type';
  return 'request_error';
}

/** Name and stack only; error messages from drivers can quote the data they choked on. */
function describe(err: unknown): { type: string; code?: unknown; stack?: string } {
  if (err instanceof Error) {
    return { type: err.name, code: (err as { code?: unknown }).code, stack: err.stack?.split('\n').slice(1, 8).join('\n') };
  }
  return { type: typeof err };
}

/** Body parsers with the limits every route uses; a route that needs more asks for it. */
export const jsonBody = (limit = '64kb'): RequestHandler => express.json({ limit });
export const formBody = (limit = '64kb'): RequestHandler => express.urlencoded({ extended: false, limit });
