// Sessions, the signed-in person and form protection for /staff.
// - express-session on the database store: HttpOnly, SameSite=Lax, Secure (and a __Host- name) whenever the
//   public address is https; idle expiry by cookie and store (rolling), an absolute limit checked here.
// - The signed-in person is loaded on every request from their account, so a disabled account stops at once.
// - Every POST needs the session's CSRF token (csrf-sync) and must not come from another site.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type Store } from 'express-session';
import { csrfSync } from 'csrf-sync';
import { formBody } from '../../http/app';
import type { AccountService } from '../accounts/account.service';

declare module 'express-session' {
  interface SessionData {
    userId: string;
    signedInAt: number;
    /** Between the password and the second factor: who, and what is still to do. */
    pending: { userId: string; step: 'code' | 'enrol' | 'recoveryCodes' | 'password'; recoveryCodes?: string[]; mustChangePassword?: boolean };
    /** Entra ID sign-in in flight. */
    oidc: { state: string; nonce: string; verifier: string };
    flash: { kind: 'success' | 'info'; text: string };
  }
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Why there is no signed-in person although a session cookie came: it ran out. */
    sessionEnded?: 'idle' | 'absolute' | 'disabled';
  }
}

export interface SessionOptions {
  store: Store;
  secret: string;
  /** The service's public address: https → Secure cookie with the __Host- prefix. */
  publicBaseUrl: string;
  idleMinutes: number;
  maxHours: number;
  accounts: AccountService;
  now: () => Date;
}

export function sessionCookieName(publicBaseUrl: string): string {
  return publicBaseUrl.startsWith('https:') ? '__Host-staff' : 'staff';
}

export function createSessionMiddleware(options: SessionOptions): { handlers: RequestHandler[]; csrf: ReturnType<typeof csrfSync> } {
  const secure = options.publicBaseUrl.startsWith('https:');
  const name = sessionCookieName(options.publicBaseUrl);
  const sessions = session({
    name,
    store: options.store,
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // Behind a TLS-terminating proxy, TRUST_PROXY (the app's `trust proxy`) lets it see the connection as https.
    cookie: { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: options.idleMinutes * 60_000 },
  });

  const loadStaff: RequestHandler = async (req: Request, _res: Response, next: NextFunction) => {
    const s = req.session;
    if (s.userId) {
      const tooOld = !s.signedInAt || options.now().getTime() - s.signedInAt > options.maxHours * 3600_000;
      const account = tooOld ? undefined : await options.accounts.find(s.userId);
      if (account && !account.disabled) {
        req.staff = { id: account.id, displayName: account.displayName, teamId: account.teamId, roles: account.roles };
      } else {
        req.sessionEnded = tooOld ? 'absolute' : 'disabled';
        await new Promise<void>((resolve) => s.regenerate(() => resolve()));
      }
    } else if (!s.pending && !s.csrfToken && (req.headers.cookie ?? '').split(/;\s*/).some((c) => c.startsWith(`${name}=`))) {
      // A cookie whose session the store no longer has: it ran out while idle.
      req.sessionEnded = 'idle';
    }
    next();
  };

  const csrf = csrfSync({
    getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined),
    getTokenFromState: (req) => req.session.csrfToken,
    storeTokenInState: (req, token) => {
      req.session.csrfToken = token;
    },
    errorConfig: { statusCode: 403, code: 'EBADCSRFTOKEN', message: 'invalid form token' },
  });

  /**
   * Browsers say where a request came from; a form posted from another site is refused before anything else.
   * (Our pages send no referrer, so a browser may give Origin "null" for our own forms: Sec-Fetch-Site decides
   * then, and the form token in any case.)
   */
  const sameSiteOnly: RequestHandler = (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const ownOrigins = new Set([new URL(options.publicBaseUrl).origin, `${req.protocol}://${req.headers.host ?? ''}`]);
    const otherSite = typeof site === 'string' && site !== 'same-origin' && site !== 'none';
    const otherOrigin = origin !== undefined && origin !== 'null' && !ownOrigins.has(origin);
    return next(otherSite || otherOrigin ? csrf.invalidCsrfTokenError : undefined);
  };

  return { handlers: [sessions, loadStaff, formBody(), sameSiteOnly, csrf.csrfSynchronisedProtection], csrf };
}

/** A fresh session id (sign-in, each step of it): keeps nothing an attacker could have planted but what we pass on. */
export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((error: unknown) => (error ? reject(error) : resolve())));
}

/**
 * Saves the session before answering. express-session otherwise sends a redirect's headers before its store
 * write has finished, and a browser that follows the redirect at once can arrive before the change is stored.
 */
export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((error: unknown) => (error ? reject(error) : resolve())));
}
