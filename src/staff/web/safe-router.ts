// A router that will not register a route without saying who may use it (after techmatters/hrm's
// safe-router): every route names a permission, or says explicitly that it is for signed-in staff, or for
// people not yet signed in (sign-in pages). Registering a route without one throws at start-up, so a new
// page cannot be open to everyone by omission. Requests that match no route fall through to the 404 page.
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import type { Access, Permission, StaffPrincipal } from '../access/permissions';
import { PERMISSIONS } from '../access/permissions';

export type RouteRule =
  | { permission: Permission }
  /** Any signed-in member of staff (their own account page, sign out). */
  | { signedIn: true }
  /** Reachable before sign-in: the sign-in steps and the first-run setup link. */
  | { public: 'sign-in' }
  /** Stylesheets and our one script: no data. */
  | { public: 'asset' };

declare module 'express-serve-static-core' {
  interface Request {
    /** The signed-in member of staff, set by the session middleware. */
    staff?: StaffPrincipal;
  }
}

export interface SafeRouterDeps {
  access: Access;
  /** Not signed in: to the sign-in page (or a "session ended" page). */
  onSignedOut: (req: Request, res: Response) => void;
  /** Signed in, but the role lacks the permission. */
  onForbidden: (req: Request, res: Response) => void;
}

export interface SafeRouter {
  readonly router: Router;
  get(path: string, rule: RouteRule, ...handlers: RequestHandler[]): void;
  post(path: string, rule: RouteRule, ...handlers: RequestHandler[]): void;
}

function checkRule(rule: unknown, method: string, path: string): RouteRule {
  const r = rule as Partial<Record<'permission' | 'signedIn' | 'public', unknown>> | undefined;
  if (r && typeof r === 'object') {
    if (typeof r.permission === 'string' && (PERMISSIONS as readonly string[]).includes(r.permission)) return rule as RouteRule;
    if (r.signedIn === true || r.public === 'sign-in' || r.public === 'asset') return rule as RouteRule;
  }
  throw new Error(`staff route ${method.toUpperCase()} ${path} has no permission check: give it { permission }, { signedIn: true } or { public: 'sign-in' }`);
}

export function createSafeRouter(deps: SafeRouterDeps): SafeRouter {
  const router = express.Router();
  const guard =
    (rule: RouteRule): RequestHandler =>
    (req: Request, res: Response, next: NextFunction) => {
      if ('public' in rule) return next();
      if (!req.staff) return deps.onSignedOut(req, res);
      if ('permission' in rule && !deps.access.can(req.staff, rule.permission)) return deps.onForbidden(req, res);
      return next();
    };
  const register = (method: 'get' | 'post') => (path: string, rule: RouteRule, ...handlers: RequestHandler[]) => {
    const checked = checkRule(rule, method, path);
    if (handlers.length === 0) throw new Error(`staff route ${method.toUpperCase()} ${path} has no handler`);
    router[method](path, guard(checked), ...handlers);
  };
  return { router, get: register('get'), post: register('post') };
}
