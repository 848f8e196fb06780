// The queue page and its "changed since" endpoint, which the live-update module polls every few seconds.
import type { Request } from 'express';
import { CASE_STATUSES, OPEN_STATUSES, type QueueFilter } from '../../cases/case.repository';
import { categoryKind } from '../../policy/pack.schema';
import type { AccountService } from '../accounts/account.service';
import type { Queue, QueueItem } from '../cases/queue';
import type { Labels } from './labels';
import type { Renderer } from './render';
import type { SafeRouter } from './safe-router';

const CHANNELS = ['sms', 'whatsapp', 'webchat', 'botframework'];

export interface QueueRoutesDeps {
  routes: SafeRouter;
  render: Renderer;
  queue: Queue;
  labels: Labels;
  accounts: Pick<AccountService, 'listTeam'>;
}

interface Filters {
  status: string;
  kind: string;
  assigned: string;
  channel: string;
}

function filtersOf(req: Request): Filters {
  const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
  return {
    status: (CASE_STATUSES as readonly string[]).includes(q('status')) ? q('status') : '',
    kind: (categoryKind.options as string[]).includes(q('kind')) ? q('kind') : '',
    assigned: ['me', 'nobody'].includes(q('assigned')) ? q('assigned') : '',
    channel: CHANNELS.includes(q('channel')) ? q('channel') : '',
  };
}

function toQuery(f: Filters, userId: string): QueueFilter {
  return {
    ...(f.status ? { statuses: [f.status as QueueFilter['statuses'] & string] as never } : {}),
    ...(f.kind ? { kind: f.kind as QueueFilter['kind'] } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.assigned === 'me' ? { assignedTo: userId } : f.assigned === 'nobody' ? { assignedTo: null } : {}),
  };
}

export function registerQueueRoutes(deps: QueueRoutesDeps): void {
  const { routes, render, labels } = deps;

  async function rows(req: Request) {
    const user = req.staff!;
    const filters = filtersOf(req);
    const [items, version, team] = await Promise.all([deps.queue.list(user.teamId, toQuery(filters, user.id)), deps.queue.version(user.teamId), deps.accounts.listTeam(user.teamId)]);
    const names = new Map(team.map((a) => [a.id, a.displayName]));
    const shown = items.map((item: QueueItem) => ({
      reference: item.reference,
      priority: item.priority,
      priorityText: labels.priority(item.priority),
      category: labels.category(item.category),
      status: labels.status(item.status),
      risk: labels.risk(item.riskLevel),
      highRisk: item.riskLevel === 'high' || item.flags.marac,
      childSafeguarding: item.flags.childSafeguarding === true,
      due: item.due,
      dueText: item.firstResponseDue ? labels.when(item.firstResponseDue) : '',
      assigned: item.assignedTo ? (item.assignedTo === user.id ? render.t('queue.you') : (names.get(item.assignedTo) ?? render.t('queue.someoneElse'))) : '',
      received: labels.when(item.createdAt),
      channel: labels.channel(item.channel),
      language: labels.language(item.locale),
      alerts: item.openAlerts,
      anonymous: item.anonymity === 'anonymous',
    }));
    const overdue = shown.filter((r) => r.due === 'overdue').length;
    const title = render.t('queue.title', { open: version.open, overdue });
    return { filters, shown, version, overdue, title, team: labels.team(user.teamId) };
  }

  routes.get('/queue', { permission: 'cases.list' }, async (req, res) => {
    const data = await rows(req);
    const query = new URLSearchParams(Object.entries(data.filters).filter(([, v]) => v) as [string, string][]).toString();
    render.page(req, res, 'queue.njk', {
      pageTitle: data.title,
      heading: render.t('queue.heading', { team: data.team }),
      filters: data.filters,
      options: {
        status: OPEN_STATUSES.map((s) => ({ value: s, text: labels.status(s) })),
        kind: categoryKind.options.map((k) => ({ value: k, text: labels.kind(k) })),
        channel: CHANNELS.map((c) => ({ value: c, text: labels.channel(c) })),
      },
      rows: data.shown,
      version: data.version.version,
      open: data.version.open,
      overdue: data.overdue,
      liveUrl: `/staff/queue/changes${query ? `?${query}` : ''}`,
    });
  });

  routes.get('/queue/changes', { permission: 'cases.list' }, async (req, res) => {
    const since = typeof req.query['since'] === 'string' ? req.query['since'] : '';
    const version = await deps.queue.version(req.staff!.teamId);
    res.set('Cache-Control', 'no-store');
    if (version.version === since) return void res.json({ version: version.version });
    const data = await rows(req);
    const before = Number(since.split('.')[0]);
    const arrived = Number.isFinite(before) && since !== '' ? data.version.open - before : 0;
    res.json({
      version: data.version.version,
      title: render.title(data.title),
      html: render.fragment('partials/queue-table.njk', { rows: data.shown, open: data.version.open }),
      announce: arrived > 0 ? render.t('queue.arrived', { count: arrived }) : render.t('queue.updated'),
    });
  });

  routes.get('/find', { permission: 'cases.view' }, async (req, res) => {
    const reference = typeof req.query['reference'] === 'string' ? req.query['reference'].trim().toUpperCase() : '';
    if (reference) return res.redirect(303, `/staff/cases/${encodeURIComponent(reference)}`);
    render.page(req, res, 'find.njk', { pageTitle: render.t('find.heading') });
  });
}
