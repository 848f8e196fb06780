// Administrators' pages: the accounts (managed from the shell with `npm run staff`) and a case's audit trail.
// Neither shows case content: an administrator reads who did what and when, not what the case says.
import type { PolicyPack } from '../../policy/pack.schema';
import type { Access } from '../access/permissions';
import type { AccountService } from '../accounts/account.service';
import type { AuditLog } from '../audit/audit.service';
import type { Renderer } from './render';
import type { SafeRouter } from './safe-router';

export interface AdminRoutesDeps {
  routes: SafeRouter;
  render: Renderer;
  accounts: AccountService;
  audit: AuditLog;
  access: Access;
  pack: PolicyPack;
  /** A case's id from its reference (no content read). */
  locateCase: (reference: string) => Promise<{ id: string; reference: string } | undefined>;
}

export function registerAdminRoutes(deps: AdminRoutesDeps): void {
  const { routes, render } = deps;
  const teamName = (id: string) => {
    const team = deps.pack.teams.find((t) => t.id === id);
    return team ? render.t(team.key) : id;
  };

  routes.get('/accounts', { permission: 'accounts.manage' }, async (req, res) => {
    const accounts = await deps.accounts.list();
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    render.page(req, res, 'admin/accounts.njk', {
      pageTitle: render.t('accounts.heading'),
      rows: accounts.map((a) => ({
        username: a.username,
        name: a.displayName,
        team: teamName(a.teamId),
        roles: a.roles.map((r) => deps.access.roleName(r)).join(', '),
        signIn: render.t(`accounts.signIn.${a.signIn}`),
        secondFactor: a.signIn === 'entra' ? render.t('accounts.secondFactor.tenant') : a.totp?.enrolledAt ? render.t('accounts.secondFactor.enrolled') : render.t('accounts.secondFactor.notYet'),
        status: a.disabled ? render.t('accounts.status.disabled') : render.t('accounts.status.active'),
        lastSignIn: a.lastSignInAt,
      })),
      count: names.size,
    });
  });

  routes.get('/audit', { permission: 'audit.read' }, async (req, res) => {
    const reference = typeof req.query['reference'] === 'string' ? req.query['reference'].trim() : '';
    if (!reference) return render.page(req, res, 'admin/audit.njk', { pageTitle: render.t('audit.heading') });
    const found = await deps.locateCase(reference);
    if (!found) return render.page(req, res, 'admin/audit.njk', { pageTitle: render.t('audit.heading'), reference, errors: [{ field: 'reference', text: render.t('audit.notFound') }] }, 404);
    const entries = await deps.audit.forCase(found.id);
    const people = new Map((await deps.accounts.list()).map((a) => [a.id, `${a.displayName} (${a.username})`]));
    await deps.audit.record({ actor: req.staff!.id, from: req.ip ?? '' }, 'case.audit.view', { caseId: found.id });
    render.page(req, res, 'admin/audit.njk', {
      pageTitle: render.t('audit.headingFor', { reference: found.reference }),
      reference: found.reference,
      entries: entries.map((e) => ({ ...e, who: people.get(e.actor) ?? e.actor, what: render.t(`audit.action.${e.action}`) })),
    });
  });
}
