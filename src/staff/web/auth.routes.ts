// Signing in and out. A local sign-in is password, then a TOTP code (or a recovery code): the code step
// cannot be skipped, because nothing but the last step sets the signed-in user on the session. A first sign-in
// enrols TOTP, shows the recovery codes once and, for a temporary password, asks for a new one.
// The first-run link creates the first administrator and then goes through the same steps.
import type { Request, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { MIN_PASSWORD_LENGTH, type AccountService } from '../accounts/account.service';
import type { StaffAccount } from '../accounts/account.store';
import type { AuditLog } from '../audit/audit.service';
import type { EntraSignIn } from './entra';
import type { Renderer } from './render';
import type { SafeRouter } from './safe-router';
import { regenerate, saveSession } from './session';

export interface AuthRoutesDeps {
  routes: SafeRouter;
  accounts: AccountService;
  audit: AuditLog;
  render: Renderer;
  entra: EntraSignIn | undefined;
  localSignIn: boolean;
  /** The team a first administrator belongs to (they read no case unless given a case role). */
  adminTeamId: string;
  now: () => Date;
}

const SIGN_IN = { public: 'sign-in' } as const;

/** Every step changes the session: it is stored before the browser is sent on. */
async function go(req: Request, res: Response, url: string): Promise<void> {
  await saveSession(req);
  res.redirect(303, url);
}
const text = (value: unknown) => (typeof value === 'string' ? value : '');

export function registerAuthRoutes(deps: AuthRoutesDeps): void {
  const { routes, accounts, audit, render } = deps;
  const from = (req: Request) => req.ip ?? '';

  // Per address: generous for an office behind one address, too few for guessing. Accounts also lock.
  const attempts = rateLimit({
    windowMs: 15 * 60_000,
    limit: 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The address is the one TRUST_PROXY lets express believe; a forwarded header without it is expected.
    validate: { xForwardedForHeader: false },
    handler: (req, res) => render.message(req, res, 429, 'tooManyAttempts'),
  });

  const signInPage = (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    render.page(req, res, 'auth/sign-in.njk', { pageTitle: render.t('signIn.heading'), entra: !!deps.entra, localAllowed: deps.localSignIn, ...extra }, status);

  async function finish(req: Request, res: Response, account: StaffAccount, how: string): Promise<void> {
    await regenerate(req);
    req.session.userId = account.id;
    req.session.signedInAt = deps.now().getTime();
    await accounts.recordSignIn(account.id);
    await audit.record({ actor: account.id, from: from(req) }, 'signin.succeeded', { detail: how });
    await go(req, res, '/staff');
  }

  /** After the second factor (or the recovery codes): a temporary password is changed first, else done. */
  async function next(req: Request, res: Response, account: StaffAccount): Promise<void> {
    const pending = req.session.pending;
    if (!pending) return void (await go(req, res, '/staff/sign-in'));
    if (pending.mustChangePassword) {
      pending.step = 'password';
      return void (await go(req, res, '/staff/sign-in/new-password'));
    }
    await finish(req, res, account, 'password and code');
  }

  const pendingAccount = async (req: Request, step: string): Promise<StaffAccount | undefined> => {
    const pending = req.session.pending;
    if (!pending || pending.step !== step) return undefined;
    const account = await accounts.find(pending.userId);
    return account && !account.disabled ? account : undefined;
  };
  const restart = (req: Request, res: Response) => render.message(req, res, 401, 'signInAgain', {}, { href: '/staff/sign-in', text: render.t('signIn.heading') });

  routes.get('/sign-in', SIGN_IN, (req, res) => {
    if (req.staff) return go(req, res, '/staff');
    const notice = req.sessionEnded ? render.t(`signIn.ended.${req.sessionEnded}`) : undefined;
    signInPage(req, res, { notice });
  });

  routes.post('/sign-in', SIGN_IN, attempts, async (req, res) => {
    if (!deps.localSignIn) return render.message(req, res, 404, 'notFound');
    const username = text(req.body?.username).trim().toLowerCase();
    const password = text(req.body?.password);
    const errors = [];
    if (!username) errors.push({ field: 'username', text: render.t('signIn.errors.username') });
    if (!password) errors.push({ field: 'password', text: render.t('signIn.errors.password') });
    if (errors.length) return signInPage(req, res, { errors, username }, 400);
    const result = await accounts.checkPassword(username, password);
    if (!result.ok) {
      await audit.record({ actor: result.account?.id ?? 'anonymous', from: from(req) }, 'signin.failed', { detail: `password: ${result.reason}`, outcome: 'refused' });
      if (result.reason === 'locked') return render.message(req, res, 423, 'locked');
      if (result.reason === 'disabled') return render.message(req, res, 403, 'disabled');
      return signInPage(req, res, { errors: [{ field: 'password', text: render.t('signIn.errors.wrong') }], username }, 401);
    }
    const account = result.account;
    await regenerate(req);
    const enrolled = !!account.totp?.enrolledAt;
    req.session.pending = { userId: account.id, step: enrolled ? 'code' : 'enrol', mustChangePassword: account.mustChangePassword === true };
    await go(req, res, enrolled ? '/staff/sign-in/code' : '/staff/sign-in/enrol');
  });

  routes.get('/sign-in/code', SIGN_IN, async (req, res) => {
    if (!(await pendingAccount(req, 'code'))) return restart(req, res);
    render.page(req, res, 'auth/totp.njk', { pageTitle: render.t('totp.heading') });
  });
  routes.post('/sign-in/code', SIGN_IN, attempts, async (req, res) => {
    const account = await pendingAccount(req, 'code');
    if (!account) return restart(req, res);
    if (!(await accounts.checkTotp(account.id, text(req.body?.code)))) {
      await audit.record({ actor: account.id, from: from(req) }, 'signin.failed', { detail: 'code: wrong', outcome: 'refused' });
      return render.page(req, res, 'auth/totp.njk', { pageTitle: render.t('totp.heading'), errors: [{ field: 'code', text: render.t('totp.wrong') }] }, 401);
    }
    await next(req, res, account);
  });

  routes.get('/sign-in/recovery', SIGN_IN, async (req, res) => {
    if (!(await pendingAccount(req, 'code'))) return restart(req, res);
    render.page(req, res, 'auth/recovery.njk', { pageTitle: render.t('recovery.heading') });
  });
  routes.post('/sign-in/recovery', SIGN_IN, attempts, async (req, res) => {
    const account = await pendingAccount(req, 'code');
    if (!account) return restart(req, res);
    if (!(await accounts.useRecoveryCode(account.id, text(req.body?.code)))) {
      await audit.record({ actor: account.id, from: from(req) }, 'signin.failed', { detail: 'recovery code: wrong', outcome: 'refused' });
      return render.page(req, res, 'auth/recovery.njk', { pageTitle: render.t('recovery.heading'), errors: [{ field: 'code', text: render.t('recovery.wrong') }] }, 401);
    }
    await audit.record({ actor: account.id, from: from(req) }, 'account.changed', { detail: 'recovery code used' });
    await next(req, res, account);
  });

  routes.get('/sign-in/enrol', SIGN_IN, async (req, res) => {
    const account = await pendingAccount(req, 'enrol');
    if (!account) return restart(req, res);
    const { secret, qrSvg } = await accounts.beginTotp(account.id);
    render.page(req, res, 'auth/enrol.njk', { pageTitle: render.t('enrol.heading'), qrSvg, secretGrouped: secret.replace(/(.{4})/g, '$1 ').trim() });
  });
  routes.post('/sign-in/enrol', SIGN_IN, attempts, async (req, res) => {
    const account = await pendingAccount(req, 'enrol');
    if (!account) return restart(req, res);
    if (!(await accounts.checkTotp(account.id, text(req.body?.code)))) {
      const { secret, qrSvg } = await accounts.beginTotp(account.id);
      return render.page(req, res, 'auth/enrol.njk', { pageTitle: render.t('enrol.heading'), qrSvg, secretGrouped: secret.replace(/(.{4})/g, '$1 ').trim(), errors: [{ field: 'code', text: render.t('totp.wrong') }] }, 400);
    }
    const codes = await accounts.confirmTotp(account.id);
    await audit.record({ actor: account.id, from: from(req) }, 'account.changed', { detail: 'second factor enrolled' });
    req.session.pending = { ...req.session.pending!, step: 'recoveryCodes', recoveryCodes: codes };
    await go(req, res, '/staff/sign-in/recovery-codes');
  });

  routes.get('/sign-in/recovery-codes', SIGN_IN, async (req, res) => {
    if (!(await pendingAccount(req, 'recoveryCodes'))) return restart(req, res);
    render.page(req, res, 'auth/recovery-codes.njk', { pageTitle: render.t('recoveryCodes.heading'), codes: req.session.pending?.recoveryCodes ?? [] });
  });
  routes.post('/sign-in/recovery-codes', SIGN_IN, async (req, res) => {
    const account = await pendingAccount(req, 'recoveryCodes');
    if (!account) return restart(req, res);
    const pending = req.session.pending!;
    delete pending.recoveryCodes;
    await next(req, res, account);
  });

  const passwordPage = (req: Request, res: Response, extra: Record<string, unknown> = {}, status = 200) =>
    render.page(req, res, 'auth/change-password.njk', { pageTitle: render.t('password.heading'), action: '/staff/sign-in/new-password', minLength: MIN_PASSWORD_LENGTH, ...extra }, status);
  const passwordErrors = (password: string, confirm: string) => {
    if (password.length < MIN_PASSWORD_LENGTH) return [{ field: 'password', text: render.t('password.tooShort', { min: MIN_PASSWORD_LENGTH }) }];
    if (password !== confirm) return [{ field: 'confirm', text: render.t('password.different') }];
    return [];
  };
  routes.get('/sign-in/new-password', SIGN_IN, async (req, res) => {
    if (!(await pendingAccount(req, 'password'))) return restart(req, res);
    passwordPage(req, res);
  });
  routes.post('/sign-in/new-password', SIGN_IN, async (req, res) => {
    const account = await pendingAccount(req, 'password');
    if (!account) return restart(req, res);
    const password = text(req.body?.password);
    const errors = passwordErrors(password, text(req.body?.confirm));
    if (errors.length) return passwordPage(req, res, { errors }, 400);
    await accounts.setPassword(account.id, password);
    await audit.record({ actor: account.id, from: from(req) }, 'account.changed', { detail: 'password changed' });
    await finish(req, res, account, 'password and code');
  });

  routes.post('/sign-out', { signedIn: true }, async (req, res) => {
    await audit.record({ actor: req.staff!.id, from: from(req) }, 'signout');
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    render.message(req, res, 200, 'signedOut', {}, { href: '/staff/sign-in', text: render.t('signIn.heading') });
  });

  // First run: the link printed by `npm start` while there is no administrator.
  const setupUsable = async (token: string) => !(await accounts.hasAdministrator()) && (await accounts.setupTokenValid(token));
  routes.get('/setup/:token', SIGN_IN, async (req, res) => {
    if (!(await setupUsable(text(req.params['token'])))) return render.message(req, res, 404, 'setupGone');
    render.page(req, res, 'auth/change-password.njk', { pageTitle: render.t('setup.heading'), heading: render.t('setup.heading'), setup: true, action: `/staff/setup/${encodeURIComponent(text(req.params['token']))}`, minLength: MIN_PASSWORD_LENGTH, values: {} });
  });
  routes.post('/setup/:token', SIGN_IN, attempts, async (req, res) => {
    const token = text(req.params['token']);
    if (!(await setupUsable(token))) return render.message(req, res, 404, 'setupGone');
    const values = { displayName: text(req.body?.displayName).trim(), username: text(req.body?.username).trim().toLowerCase() };
    const password = text(req.body?.password);
    const errors = [
      ...(values.displayName ? [] : [{ field: 'displayName', text: render.t('setup.errors.name') }]),
      ...(/^[a-z0-9][a-z0-9._@+-]{1,99}$/.test(values.username) ? [] : [{ field: 'username', text: render.t('setup.errors.username') }]),
      ...passwordErrors(password, text(req.body?.confirm)),
    ];
    const again = (status: number, list = errors) =>
      render.page(req, res, 'auth/change-password.njk', { pageTitle: render.t('setup.heading'), heading: render.t('setup.heading'), setup: true, action: `/staff/setup/${encodeURIComponent(token)}`, minLength: MIN_PASSWORD_LENGTH, values, errors: list }, status);
    if (errors.length) return again(400);
    if (!(await accounts.consumeSetupToken(token))) return render.message(req, res, 404, 'setupGone');
    const { account } = await accounts.create({ ...values, teamId: deps.adminTeamId, roles: ['admin'], password });
    await audit.record({ actor: 'setup', from: from(req) }, 'account.created', { detail: `${account.id} as admin (first run)` });
    await regenerate(req);
    req.session.pending = { userId: account.id, step: 'enrol' };
    await go(req, res, '/staff/sign-in/enrol');
  });

  if (deps.entra) {
    const entra = deps.entra;
    routes.get('/sign-in/entra', SIGN_IN, async (req, res) => {
      const { url, state } = await entra.start();
      req.session.oidc = state;
      await go(req, res, url);
    });
    routes.get('/sign-in/entra/callback', SIGN_IN, async (req, res) => {
      const state = req.session.oidc;
      delete req.session.oidc;
      const identity = state ? await entra.finish(new URL(req.originalUrl, entra.redirectBase), state).catch(() => undefined) : undefined;
      if (!identity) {
        await audit.record({ actor: 'anonymous', from: from(req) }, 'signin.failed', { detail: 'entra: no valid answer', outcome: 'refused' });
        return render.message(req, res, 401, 'entraFailed', {}, { href: '/staff/sign-in', text: render.t('signIn.heading') });
      }
      let account = await accounts.findByOidcSubject(identity.subject);
      if (!account && identity.username) {
        const byName = await accounts.findByUsername(identity.username);
        if (byName?.signIn === 'entra' && !byName.oidcSubject) {
          await accounts.bindOidcSubject(byName.id, identity.subject);
          account = byName;
        }
      }
      if (!account || account.disabled) {
        await audit.record({ actor: account?.id ?? 'anonymous', from: from(req) }, 'signin.refused', { detail: account ? 'entra: disabled' : 'entra: no account', outcome: 'refused' });
        return render.message(req, res, 403, account ? 'disabled' : 'notRegistered');
      }
      await finish(req, res, account, 'entra');
    });
  }
}
