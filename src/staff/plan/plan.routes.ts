// The agreed plan on the case page (its actions, the update frequency and when the next update is due), the
// forms that change it (`cases.changeStatus`, posting the case's revision like every case action), and the team
// leader's list of open cases whose next update is overdue (`cases.overdueUpdates`).
import type { Request } from 'express';
import type { CaseRecord } from '../../cases/case.repository';
import { MAX_ACTION_LENGTH, MAX_EVERY_WORKING_DAYS, type CasePlans, type PlanResult } from '../../follow-up/plan';
import { localDate } from '../../policy/working-days';
import type { StaffPagesContext } from '../console';
import type { CaseReader } from '../cases/case-reader';
import type { CaseSection } from '../web/case-sections';
import type { Labels } from '../web/labels';
import { saveSession } from '../web/session';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const CHANGE = { permission: 'cases.changeStatus' } as const;

type T = (key: string, params?: Record<string, unknown>) => string;

export function planPages(deps: { plans: CasePlans; reader: CaseReader; labels: Labels; t: T; now: () => Date }) {
  const { plans, labels, t } = deps;
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dueDay = (date: string) => day.format(new Date(`${date}T12:00:00Z`)).replace(',', '');

  const section: CaseSection = {
    id: 'plan',
    template: 'case/plan.njk',
    area: 'main',
    permission: 'cases.view',
    load: async (record: CaseRecord) => {
      const plan = await plans.read(record.id);
      const now = deps.now();
      const today = localDate(now, labels.timeZone);
      return {
        open: record.status !== 'closed',
        maxLength: MAX_ACTION_LENGTH,
        maxEvery: MAX_EVERY_WORKING_DAYS,
        every: plan.everyWorkingDays,
        nextDue: plan.nextUpdateDue ? labels.when(plan.nextUpdateDue) : '',
        overdue: record.status !== 'closed' && plan.nextUpdateDue !== undefined && plan.nextUpdateDue.getTime() < now.getTime(),
        lastUpdate: plan.lastUpdateAt ? labels.when(plan.lastUpdateAt) : '',
        actions: plan.actions.map((a) => ({ id: a.id, owner: t(`case.plan.owner.${a.owner}`), text: a.text, due: dueDay(a.due), late: !a.doneAt && a.due < today, done: a.doneAt ? labels.when(a.doneAt) : '' })),
      };
    },
  };

  function extend(context: StaffPagesContext): void {
    const { routes, render, audit } = context;
    const from = (req: Request) => req.ip ?? '';

    /** Finds the case as this person may see it, runs the change at the revision they saw, and says how it went. */
    const change = (what: string, run: (record: CaseRecord, req: Request, revision: number) => Promise<PlanResult>) =>
      routes.post(`/cases/:reference/plan/${what}`, CHANGE, async (req, res) => {
        const found = await deps.reader.find(text(req.params['reference']), req.staff!, from(req));
        if (!found) return render.message(req, res, 404, 'caseNotFound', {}, { href: '/staff/queue', text: render.t('nav.queue') });
        const revision = Number.parseInt(text(req.body?.revision), 10);
        if (!Number.isInteger(revision) || revision < 0) return render.message(req, res, 400, 'badRequest');
        const result = await run(found.record, req, revision);
        await audit.record({ actor: req.staff!.id, from: from(req) }, 'case.change', { caseId: found.record.id, detail: `plan: ${what}`, ...(result.ok ? {} : { outcome: result.problem === 'conflict' ? 'conflict' : 'refused' }) });
        req.session.flash = result.ok
          ? { kind: 'success', text: render.t(`case.plan.done.${what}`) }
          : { kind: 'info', text: result.problem === 'conflict' ? render.t('case.changedBySomeoneElse') : render.t(`case.plan.problem.${result.problem === 'closed' ? 'closed' : result.field}`, { max: MAX_EVERY_WORKING_DAYS, length: MAX_ACTION_LENGTH }) };
        await saveSession(req);
        res.redirect(303, `/staff/cases/${encodeURIComponent(found.record.reference)}#plan`);
      });

    change('action', (record, req, revision) => plans.addAction(record, req.staff!.id, revision, { owner: text(req.body?.owner), description: text(req.body?.description), due: text(req.body?.due) }));
    change('done', (record, req, revision) => plans.markDone(record, req.staff!.id, revision, text(req.body?.action)));
    change('frequency', (record, req, revision) => plans.setFrequency(record, req.staff!.id, revision, text(req.body?.every)));

    routes.get('/updates-due', { permission: 'cases.overdueUpdates' }, async (req, res) => {
      const overdue = await plans.overdue(req.staff!.teamId);
      render.page(req, res, 'updates-due.njk', {
        pageTitle: render.t('updatesDue.title', { count: overdue.length }),
        heading: render.t('updatesDue.heading', { team: labels.team(req.staff!.teamId) }),
        rows: overdue.map(({ row, plan }) => ({
          reference: row.reference,
          category: labels.category(row.category),
          status: labels.status(row.status),
          due: labels.when(plan.nextUpdateDue),
          every: plan.everyWorkingDays,
          last: plan.lastUpdateAt ? labels.when(plan.lastUpdateAt) : render.t('updatesDue.never'),
          assigned: row.assignedTo ? (row.assignedTo === req.staff!.id ? render.t('queue.you') : render.t('updatesDue.assigned')) : render.t('updatesDue.nobody'),
        })),
      });
    });
  }

  return { section, extend };
}
