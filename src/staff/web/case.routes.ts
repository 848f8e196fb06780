// The case page and what staff do from it. The page is built from sections (case-sections.ts) so that later
// work adds its own (the conversation, updates to the reporter). Every action posts the revision the officer
// was looking at; if the case changed since, nothing is changed and the page says so.
import type { Request, Response } from 'express';
import type { CaseRecord } from '../../cases/case.repository';
import type { PolicyPack } from '../../policy/pack.schema';
import type { Access, Permission } from '../access/permissions';
import type { AccountService } from '../accounts/account.service';
import type { AuditLog } from '../audit/audit.service';
import type { ActionResult, CaseActions } from '../cases/case-actions';
import type { CaseReader, StaffCase } from '../cases/case-reader';
import { CASE_SECTIONS, type CaseSection } from './case-sections';
import { caseViewModel } from './case-view-model';
import type { Labels } from './labels';
import type { Renderer } from './render';
import type { SafeRouter } from './safe-router';
import { saveSession } from './session';

export interface EvidenceReader {
  listForCase(caseId: string): Promise<{ id: string; contentType: string; size: number; sha256: string; receivedAt: Date; channel: string }[]>;
  read(id: string): Promise<{ item: { id: string; caseId?: string; contentType: string; size: number; sha256: string }; data: Buffer } | undefined>;
}

/** The conversation's messages while they are still kept (web chat), or nothing. */
export type TranscriptReader = (conversationKey: string) => Promise<{ at?: string; from: 'reporter' | 'assistant' | 'staff'; text: string }[]>;

export interface CaseRoutesDeps {
  routes: SafeRouter;
  render: Renderer;
  access: Access;
  audit: AuditLog;
  reader: CaseReader;
  actions: CaseActions;
  accounts: Pick<AccountService, 'listTeam'>;
  labels: Labels;
  pack: PolicyPack;
  evidence: EvidenceReader;
  transcript: TranscriptReader | undefined;
  /** Sections added by later work, shown after the built-in ones. */
  extraSections?: CaseSection[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const from = (req: Request) => req.ip ?? '';

export function registerCaseRoutes(deps: CaseRoutesDeps): void {
  const { routes, render, access, reader, actions } = deps;
  const sections = [...CASE_SECTIONS, ...(deps.extraSections ?? [])];
  const notFound = (req: Request, res: Response) => render.message(req, res, 404, 'caseNotFound', {}, { href: '/staff/queue', text: render.t('nav.queue') });

  async function showCase(req: Request, res: Response, extra: { status?: number; problem?: ActionResult; values?: Record<string, string> } = {}) {
    const user = req.staff!;
    const found = await reader.read(text(req.params['reference']), user, from(req));
    if (!found) return notFound(req, res);
    const [evidence, team] = await Promise.all([deps.evidence.listForCase(found.record.id), deps.accounts.listTeam(found.record.teamId)]);
    const can = (p: Permission) => access.can(user, p);
    const model = caseViewModel({ found, evidence, team, user, labels: deps.labels, pack: deps.pack, t: render.t, can, transcriptAvailable: !!deps.transcript && !!found.record.conversationKey && found.record.channel === 'webchat' });
    const problem = extra.problem && !extra.problem.ok ? extra.problem : undefined;
    const shown = sections.filter((s) => !s.permission || can(s.permission));
    const data = Object.fromEntries(await Promise.all(shown.filter((s) => s.load).map(async (s) => [s.id, await s.load!(found.record, { actor: user.id, from: from(req) })] as const)));
    render.page(
      req,
      res,
      'case.njk',
      {
        pageTitle: render.t('case.title', { reference: found.record.reference }),
        c: model,
        sections: shown,
        data,
        problem: problem ? { conflict: problem.problem === 'conflict', text: render.t(problem.key), field: problem.field } : undefined,
        values: extra.values ?? {},
        flash: req.session.flash,
      },
      extra.status ?? 200,
    );
    delete req.session.flash;
  }

  routes.get('/cases/:reference', { permission: 'cases.view' }, (req, res) => showCase(req, res));

  /** An action: find the case (scope checked, audited when refused), act, then show the case again. */
  const act = (permission: Permission, name: string, run: (record: CaseRecord, req: Request, revision: number) => Promise<ActionResult>) =>
    routes.post(`/cases/:reference/${name}`, { permission }, async (req, res) => {
      const found = await reader.find(text(req.params['reference']), req.staff!, from(req));
      if (!found) return notFound(req, res);
      const revision = Number.parseInt(text(req.body?.revision), 10);
      if (!Number.isInteger(revision) || revision < 0) return render.message(req, res, 400, 'badRequest');
      const result = await run(found.record, req, revision);
      if (result.ok) {
        req.session.flash = { kind: 'success', text: render.t(`case.done.${name}`) };
        await saveSession(req);
        return res.redirect(303, `/staff/cases/${encodeURIComponent(found.record.reference)}`);
      }
      await showCase(req, res, { status: result.problem === 'conflict' ? 409 : 400, problem: result, values: Object.fromEntries(Object.entries(req.body ?? {}).filter(([k]) => k !== '_csrf').map(([k, v]) => [k, text(v)])) });
    });

  const actor = (req: Request) => ({ user: req.staff!, from: from(req) });
  act('cases.assign', 'assign', (record, req, revision) => {
    const choice = text(req.body?.assignee);
    return actions.assign(record, actor(req), revision, choice === 'nobody' ? null : choice === 'me' ? req.staff!.id : choice);
  });
  act('cases.note', 'note', (record, req, revision) => actions.note(record, actor(req), revision, text(req.body?.note)));
  act('cases.changeStatus', 'status', (record, req, revision) => actions.changeStatus(record, actor(req), revision, text(req.body?.status), text(req.body?.outcome) || undefined));
  act('cases.changeStatus', 'first-response', (record, req, revision) => actions.recordFirstResponse(record, actor(req), revision, text(req.body?.how)));
  act('cases.retriage', 'retriage', (record, req, revision) =>
    actions.retriage(record, actor(req), revision, { teamId: text(req.body?.teamId), priority: text(req.body?.priority), riskLevel: text(req.body?.riskLevel), reason: text(req.body?.reason) }),
  );
  act('cases.changeStatus', 'acknowledge-alert', (record, req) => actions.acknowledgeAlert(record, actor(req), text(req.body?.alertId)));

  routes.get('/cases/:reference/transcript', { permission: 'cases.viewTranscript' }, async (req, res) => {
    const found = await reader.find(text(req.params['reference']), req.staff!, from(req));
    if (!found) return notFound(req, res);
    const lines = found.record.conversationKey && deps.transcript ? await deps.transcript(found.record.conversationKey) : [];
    await deps.audit.record({ actor: req.staff!.id, from: from(req) }, 'case.transcript.view', { caseId: found.record.id, detail: `${lines.length} messages` });
    render.page(req, res, 'transcript.njk', {
      pageTitle: render.t('transcript.title', { reference: found.record.reference }),
      reference: found.record.reference,
      lines: lines.map((l) => ({ ...l, when: deps.labels.when(l.at), who: render.t(`transcript.from.${l.from}`) })),
    });
  });

  routes.get('/cases/:reference/evidence/:id', { permission: 'cases.viewTranscript' }, async (req, res) => {
    const found = await reader.find(text(req.params['reference']), req.staff!, from(req));
    if (!found) return notFound(req, res);
    const file = await deps.evidence.read(text(req.params['id']));
    if (!file || file.item.caseId !== found.record.id) {
      await deps.audit.record({ actor: req.staff!.id, from: from(req) }, 'case.denied', { caseId: found.record.id, detail: 'evidence not on this case', outcome: 'refused' });
      return notFound(req, res);
    }
    const download = req.query['download'] === '1';
    await deps.audit.record({ actor: req.staff!.id, from: from(req) }, download ? 'case.evidence.download' : 'case.evidence.view', { caseId: found.record.id, detail: `${file.item.id} sha256 ${file.item.sha256.slice(0, 16)}…` });
    // Served as a file, never as a page of ours: no script can run from it.
    res.set({
      'Content-Type': file.item.contentType,
      'Content-Length': String(file.data.length),
      'Content-Disposition': `${download ? 'attachment' : 'inline'}; filename="${found.record.reference}-${file.item.id.slice(0, 8)}"`,
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; media-src 'self'; sandbox",
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.send(file.data);
  });

}

export type { StaffCase };
