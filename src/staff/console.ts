// The staff console at /staff: assets, sessions and form protection, then every page through the safe
// router. Built from its dependencies (stores and services come from the composition root).
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { Store } from 'express-session';
import type { TFunction } from 'i18next';
import type { Logger } from '../log/logger';
import type { PolicyPack } from '../policy/pack.schema';
import type { Access } from './access/permissions';
import type { AccountService } from './accounts/account.service';
import { brandCss, type CompiledStyles } from './assets/styles';
import type { AuditLog } from './audit/audit.service';
import { staffFile } from './files';
import type { CaseActions } from './cases/case-actions';
import type { CaseReader } from './cases/case-reader';
import type { Queue } from './cases/queue';
import { registerAdminRoutes } from './web/admin.routes';
import { registerCaseRoutes, type EvidenceReader, type TranscriptReader } from './web/case.routes';
import type { CaseSection } from './web/case-sections';
import { createLabels, type Labels } from './web/labels';
import { registerQueueRoutes } from './web/queue.routes';
import { registerAuthRoutes } from './web/auth.routes';
import type { EntraSignIn } from './web/entra';
import { createRenderer, type Renderer } from './web/render';
import { createSafeRouter, type SafeRouter } from './web/safe-router';
import { createSessionMiddleware } from './web/session';

export interface StaffConsoleDeps {
  pack: PolicyPack;
  access: Access;
  accounts: AccountService;
  audit: AuditLog;
  sessionStore: Store;
  sessionSecret: string;
  publicBaseUrl: string;
  session: { idleMinutes: number; maxHours: number };
  styles: CompiledStyles;
  /** English words (staff read English); keys are `staff:…`. */
  t: TFunction;
  entra: EntraSignIn | undefined;
  localSignIn: boolean;
  logger: Logger;
  now: () => Date;
  /** A case's id from its reference, for the audit page (no content read). */
  locateCase: (reference: string) => Promise<{ id: string; reference: string } | undefined>;
  /** The case work: reading, the queue, actions, evidence and (while kept) the conversation. */
  cases: {
    reader: CaseReader;
    actions: CaseActions;
    queue: Queue;
    evidence: EvidenceReader;
    transcript: TranscriptReader | undefined;
    /** Case page sections added by later work (see web/case-sections.ts). */
    extraSections?: CaseSection[];
  };
  /** Further pages (hand-off, updates, reports) register on the same router with their permission. */
  extend?: ((context: StaffPagesContext) => void)[];
}

/** What a module of console pages receives: the safe router, the renderer and the audit trail. */
export interface StaffPagesContext {
  routes: SafeRouter;
  render: Renderer;
  audit: AuditLog;
  access: Access;
  labels: Labels;
}

const LIVE_MODULE = staffFile('assets', 'live.mjs');
const CONVERSATION_MODULE = staffFile('assets', 'conversation.mjs');
const ALERT_MODULE = staffFile('assets', 'alert.mjs');

export function createStaffConsole(deps: StaffConsoleDeps): { router: Router } {
  const outer = express.Router();
  const assets = { css: `/staff/assets/${deps.styles.file}`, brand: `/staff/assets/brand-${deps.pack.id}-${deps.pack.version}.css` };
  const brand = brandCss(deps.pack.organisation.brand);

  // Assets first: no session is made for them.
  outer.get(`/assets/${deps.styles.file}`, (_req, res) => res.set('Cache-Control', 'public, max-age=31536000, immutable').type('css').sendFile(deps.styles.path, { dotfiles: 'allow' }));
  outer.get(assets.brand.replace('/staff', ''), (_req, res) => res.set('Cache-Control', 'public, max-age=3600').type('css').send(brand));
  outer.get('/assets/live.mjs', (_req, res) => res.set('Cache-Control', 'no-cache').type('text/javascript').sendFile(LIVE_MODULE));
  outer.get('/assets/alert.mjs', (_req, res) => res.set('Cache-Control', 'no-cache').type('text/javascript').sendFile(ALERT_MODULE));
  outer.get('/assets/conversation.mjs', (_req, res) => res.set('Cache-Control', 'no-cache').type('text/javascript').sendFile(CONVERSATION_MODULE));

  const { handlers, csrf } = createSessionMiddleware({
    store: deps.sessionStore,
    secret: deps.sessionSecret,
    publicBaseUrl: deps.publicBaseUrl,
    idleMinutes: deps.session.idleMinutes,
    maxHours: deps.session.maxHours,
    accounts: deps.accounts,
    now: deps.now,
  });
  outer.use(handlers);

  const render = createRenderer({ t: deps.t, brandName: deps.pack.organisation.name, access: deps.access, assets, csrfToken: (req) => (req.session ? csrf.generateToken(req) : '') });
  const signInLink = { href: '/staff/sign-in', text: render.t('signIn.heading') };
  const routes = createSafeRouter({
    access: deps.access,
    onSignedOut: (req, res) => {
      // The live-update module asks for JSON: it is told plainly, not sent to a sign-in page.
      if (req.accepts(['html', 'json']) === 'json') return void res.status(401).json({ error: 'signed_out' });
      if (req.sessionEnded) return render.message(req, res, 401, `sessionEnded.${req.sessionEnded}`, {}, signInLink);
      if (req.method === 'GET') return res.redirect(303, '/staff/sign-in');
      return render.message(req, res, 401, 'signInAgain', {}, signInLink);
    },
    onForbidden: (req, res) => render.message(req, res, 403, 'forbidden'),
  });

  routes.get('/', { signedIn: true }, (req, res) => {
    const user = req.staff!;
    if (deps.access.can(user, 'cases.list')) return res.redirect(303, '/staff/queue');
    if (deps.access.can(user, 'accounts.manage')) return res.redirect(303, '/staff/accounts');
    render.message(req, res, 403, 'noRole');
  });

  registerAuthRoutes({ routes, accounts: deps.accounts, audit: deps.audit, render, entra: deps.entra, localSignIn: deps.localSignIn, adminTeamId: deps.pack.routing.defaultTeamId, now: deps.now });
  registerAdminRoutes({ routes, render, accounts: deps.accounts, audit: deps.audit, access: deps.access, pack: deps.pack, locateCase: deps.locateCase });
  const labels = createLabels(deps.pack, render.t);
  registerQueueRoutes({ routes, render, queue: deps.cases.queue, labels, accounts: deps.accounts });
  registerCaseRoutes({
    routes,
    render,
    access: deps.access,
    audit: deps.audit,
    reader: deps.cases.reader,
    actions: deps.cases.actions,
    accounts: deps.accounts,
    labels,
    pack: deps.pack,
    evidence: deps.cases.evidence,
    transcript: deps.cases.transcript,
    ...(deps.cases.extraSections ? { extraSections: deps.cases.extraSections } : {}),
  });
  for (const extend of deps.extend ?? []) extend({ routes, render, audit: deps.audit, access: deps.access, labels });

  outer.use(routes.router);
  outer.use((req: Request, res: Response) => render.message(req, res, 404, 'notFound'));
  const onError: ErrorRequestHandler = async (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if ((err as { code?: string }).code === 'EBADCSRFTOKEN') {
      await deps.audit.record({ actor: req.staff?.id ?? 'anonymous', from: req.ip ?? '' }, 'request.refused', { detail: `${req.method} ${req.path}: form token missing or wrong`, outcome: 'refused' }).catch(() => {});
      return render.message(req, res, 403, 'formExpired');
    }
    const status = (err as { status?: number }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) return render.message(req, res, status === 404 ? 404 : 400, status === 404 ? 'notFound' : 'badRequest');
    deps.logger.error({ path: req.path, err: { type: (err as Error)?.name, stack: (err as Error)?.stack?.split('\n').slice(1, 6).join('\n') } }, 'staff console request failed');
    render.message(req, res, 500, 'failed');
  };
  outer.use(onError);
  return { router: outer };
}
