// Updates to the reporter on the case page: the list of what was sent and what became of it, and the form
// (`reporters.sendUpdate`). A refusal comes back as words the officer can act on, with the ways that are left.
import type { Request } from 'express';
import type { CaseRecord } from '../../cases/case.repository';
import type { StaffPagesContext } from '../console';
import type { CaseReader } from '../cases/case-reader';
import type { CaseSection } from '../web/case-sections';
import type { Labels } from '../web/labels';
import { saveSession } from '../web/session';
import type { ReporterUpdates, UpdateResult } from './reporter-updates';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const PERMISSION = { permission: 'reporters.sendUpdate' } as const;

type T = (key: string, params?: Record<string, unknown>) => string;

export function reporterUpdatePages(deps: { updates: ReporterUpdates; reader: CaseReader; labels: Labels; t: T }) {
  const { updates, labels, t } = deps;

  /** One line per delivery record: the channel, neutral or not, and where it got to (or why it did not go). */
  const deliveryText = (d: Awaited<ReturnType<ReporterUpdates['list']>>[number]['deliveries'][number]) => {
    const how = d.template ? t('case.updates.neutral', { channel: labels.channel(d.channel) }) : d.kind === 'reply' ? t('case.updates.onReply', { channel: labels.channel(d.channel) }) : labels.channel(d.channel);
    const where = d.status === 'refused' ? t(`case.updates.refused.${d.refusedReason ?? 'nothing_to_send'}`, { channel: labels.channel(d.channel), code: '' }) : t(`case.updates.status.${d.status}`, { code: String(d.errorCode ?? '') });
    return `${how}: ${where}`;
  };

  const section: CaseSection = {
    id: 'updates',
    template: 'case/updates.njk',
    area: 'main',
    permission: 'reporters.sendUpdate',
    load: async (record: CaseRecord) => ({
      availability: updates.availability(record),
      maxLength: updates.maxLength(record),
      items: (await updates.list(record)).map((u) => ({
        at: u.at,
        when: labels.when(u.at),
        text: u.text,
        deliveries: u.deliveries.length > 0 ? u.deliveries.map(deliveryText) : [t('case.updates.notSent')],
      })),
    }),
  };

  function extend(context: StaffPagesContext): void {
    const { routes, render, audit, labels } = context;
    const from = (req: Request) => req.ip ?? '';

    /** The words for a refusal: why, then what would work instead. */
    const refusalText = (result: Extract<UpdateResult, { ok: false }>) => {
      const why = render.t(`case.updates.refused.${result.reason}`, { channel: result.channel ? labels.channel(result.channel) : '', code: String(result.errorCode ?? '') });
      if (result.instead.length === 0) return why;
      const ways = result.instead.map((w) => render.t(`case.updates.instead.${w}`)).join('; ');
      return `${why} ${render.t('case.updates.insteadLead', { ways })}`;
    };

    routes.post('/cases/:reference/update', PERMISSION, async (req, res) => {
      const found = await deps.reader.find(text(req.params['reference']), req.staff!, from(req));
      if (!found) return render.message(req, res, 404, 'caseNotFound', {}, { href: '/staff/queue', text: render.t('nav.queue') });
      const revision = Number.parseInt(text(req.body?.revision), 10);
      if (!Number.isInteger(revision) || revision < 0) return render.message(req, res, 400, 'badRequest');
      const result = await updates.send(found.record, req.staff!, revision, text(req.body?.update));
      const summary = result.ok ? `update to the reporter sent by ${result.channel}${result.neutral ? ' (neutral message only)' : ''}` : `update to the reporter not sent: ${result.reason}`;
      await audit.record({ actor: req.staff!.id, from: from(req) }, 'case.change', { caseId: found.record.id, detail: summary, ...(result.ok ? {} : { outcome: result.reason === 'conflict' ? 'conflict' : 'refused' }) });
      req.session.flash = result.ok
        ? { kind: 'success', text: render.t(result.neutral ? 'case.updates.sentNeutral' : 'case.updates.sent', { channel: labels.channel(result.channel) }) }
        : { kind: 'info', text: result.reason === 'conflict' ? render.t('case.changedBySomeoneElse') : refusalText(result) };
      await saveSession(req);
      res.redirect(303, `/staff/cases/${encodeURIComponent(found.record.reference)}#updates`);
    });
  }

  return { section, extend };
}
