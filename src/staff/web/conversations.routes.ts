// The conversation pages: who is waiting for a person (live, with a count in the tab title), and one
// conversation (take it, write to the person, pass it on, hand it back or close it). The conversation's
// entries are read "after the last one seen" (a long poll that answers as soon as something new is stored),
// so a dropped connection refetches exactly what it missed; every send carries the client's id, so a retry
// never sends twice. Every page and action needs `conversations.takeOver`; opening a conversation is audited.
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { PolicyPack } from '../../policy/pack.schema';
import type { StaffPagesContext } from '../console';
import type { CaseChoice } from '../conversations/case-link';
import type { Desk, HandoffLike } from '../conversations/desk';
import { entryOf, gatheredOf, reachText, rowOf, safetyOf } from '../conversations/view-model';

export interface ConversationRoutesDeps {
  desk: Desk;
  link: { link(view: NonNullable<Awaited<ReturnType<Desk['get']>>>, choice: CaseChoice, officer: { id: string }, notes: string): Promise<{ caseId: string; caseReference: string } | undefined> };
  /** Delivery records of a conversation (SMS, WhatsApp), for the status beside each message. */
  deliveries(conversationKey: string | null): Promise<Map<string, import('../../outbound/outbound.service').OutboundMessageRecord>>;
  colleagues(teamId: string): Promise<{ id: string; displayName: string; disabled?: boolean }[]>;
  pack: PolicyPack;
  now: () => Date;
  /** How long a "what's new" request may wait for something new. */
  longPollMs?: number;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');
const PERMISSION = { permission: 'conversations.takeOver' } as const;

export function registerConversationRoutes(deps: ConversationRoutesDeps) {
  return (context: StaffPagesContext): void => {
    const { routes, render, audit, labels } = context;
    const { desk } = deps;
    const waitMs = deps.longPollMs ?? 20_000;
    const officerOf = (req: Request) => ({ id: req.staff!.id, name: req.staff!.displayName });
    const notFound = (req: Request, res: Response) => render.message(req, res, 404, 'conversationNotFound', {}, { href: '/staff/conversations', text: render.t('nav.conversations') });

    async function listData(req: Request) {
      const user = req.staff!;
      const { waiting, taken } = await desk.list(user);
      const now = deps.now();
      // Whether each waiting person can still be answered on their channel (a web page still open, WhatsApp's 24 hours).
      const rows = await Promise.all(waiting.map(async (v) => ({ ...rowOf(v, labels, render.t, user.id, now), reach: reachText(await desk.reachability(v), render.t) })));
      const takenRows = taken.map((v) => rowOf(v, labels, render.t, user.id, now));
      const newest = Math.max(0, ...[...waiting, ...taken].map((v) => (v.updatedAt ?? v.createdAt).getTime()));
      const version = `${rows.length}.${takenRows.length}.${newest}`;
      return { rows, takenRows, version, title: render.t('conversation.list.title', { count: rows.length }) };
    }

    routes.get('/conversations', PERMISSION, async (req, res) => {
      const data = await listData(req);
      render.page(req, res, 'conversations/list.njk', { pageTitle: data.title, ...data, liveUrl: '/staff/conversations/changes', ownTitleCount: true });
    });

    routes.get('/conversations/changes', PERMISSION, async (req, res) => {
      const since = text(req.query['since']);
      const data = await listData(req);
      res.set('Cache-Control', 'no-store');
      if (data.version === since) return void res.json({ version: data.version });
      const before = Number(since.split('.')[0]);
      const arrived = Number.isFinite(before) && since !== '' ? data.rows.length - before : 0;
      const urgent = data.rows.some((r) => r.urgent);
      res.json({
        version: data.version,
        title: render.title(data.title),
        html: render.fragment('conversations/list-body.njk', data),
        announce: arrived > 0 ? render.t(urgent ? 'conversation.list.arrivedUrgent' : 'conversation.list.arrived', { count: arrived }) : render.t('conversation.list.updated'),
        ...(arrived > 0 ? { notify: render.t('conversation.list.arrived', { count: arrived }) } : {}),
      });
    });

    async function pageModel(req: Request, record: NonNullable<Awaited<ReturnType<Desk['get']>>>) {
      const user = req.staff!;
      const [log, reach, deliveries, team] = await Promise.all([desk.read(record.id, -1), desk.reachability(record), deps.deliveries(record.conversationKey), deps.colleagues(record.teamId ?? user.teamId)]);
      const mine = record.status === 'claimed' && record.owner?.id === user.id;
      const entries = (log?.messages ?? []).map((m) => entryOf(m, labels, render.t, deliveries));
      return {
        h: record,
        mine,
        gone: record.status === 'gone',
        statusKey: statusKey(record),
        ownerName: record.owner?.name ?? '',
        safety: safetyOf(record, render.t),
        gathered: gatheredOf(record, labels, render.t),
        discreet: await desk.isDiscreet(record),
        reach,
        reachText: reachText(reach, render.t),
        entries,
        after: (log?.watermark ?? 0) - 1,
        channel: labels.channel(record.channel),
        clientId: randomUUID(),
        colleagues: team.filter((a) => a.id !== user.id && !a.disabled).map((a) => ({ value: a.id, text: a.displayName })),
        teams: deps.pack.teams.map((t) => ({ value: t.id, text: labels.team(t.id) })),
        categories: deps.pack.categories.map((c) => ({ value: c.id, text: render.t(c.key) })),
        knownCategory: record.summary.incident?.categoryId ?? '',
        dutyRoute: record.urgent && record.expectedReply === 'next_working_day' ? deps.pack.serviceStandards.outOfHours : undefined,
      };
    }

    routes.get('/conversations/:id', PERMISSION, async (req, res) => {
      const record = await desk.get(req.staff!, text(req.params['id']));
      if (!record) return notFound(req, res);
      await audit.record({ actor: req.staff!.id, from: req.ip ?? '' }, 'handoff.view', { ...(record.caseId ? { caseId: record.caseId } : {}), detail: `conversation ${record.id.slice(0, 8)}` });
      const model = await pageModel(req, record);
      const flash = req.query['done'] ? { kind: 'success', text: render.t(`conversation.done.${text(req.query['done'])}`, { reference: text(req.query['reference']) }) } : undefined;
      render.page(req, res, 'conversations/conversation.njk', { pageTitle: render.t('conversation.page.title', { channel: model.channel }), ...model, flash, problem: text(req.query['problem']), ownTitleCount: true });
    });

    /** What is new after `after`: answers at once if there is something, else when something arrives or after a while. */
    routes.get('/conversations/:id/messages', PERMISSION, async (req, res) => {
      const id = text(req.params['id']);
      const after = Number.parseInt(text(req.query['after']) || '-1', 10);
      const knownKey = text(req.query['status']);
      res.set('Cache-Control', 'no-store');
      const found = await desk.get(req.staff!, id);
      if (!found) return void res.status(404).json({ error: 'not_found' });
      let record: HandoffLike = found;
      const changed = (r: HandoffLike) => (r.watermark ?? 0) - 1 > after || statusKey(r) !== knownKey;
      if (text(req.query['wait']) === '1' && !changed(record)) {
        record = (await desk.waitForChange(id, (r) => changed(r), waitMs, res)) ?? record;
      }
      const [log, deliveries, reach] = await Promise.all([desk.read(id, Number.isFinite(after) ? after : -1), deps.deliveries(record.conversationKey), desk.reachability(record)]);
      const entries = (log?.messages ?? []).map((m) => entryOf(m, labels, render.t, deliveries));
      // Delivery of the officer's recent messages changes after they were shown (Twilio's callbacks).
      const recent = (await desk.read(id, Math.max(-1, after - 20)))?.messages.filter((m) => m.from === 'officer' && m.seq <= after) ?? [];
      res.json({
        watermark: log?.watermark ?? 0,
        html: entries.map((e) => render.fragment('conversations/entry.njk', { e })).join(''),
        reporterMessages: entries.filter((e) => e.from === 'reporter').length,
        deliveries: Object.fromEntries(recent.map((m) => entryOf(m, labels, render.t, deliveries)).map((e) => [e.seq, { text: e.delivery, failed: e.failed }])),
        status: statusKey(record),
        statusText: statusText(record, req.staff!.id),
        reach: reachText(reach, render.t),
        announce: entries.some((e) => e.from === 'reporter') ? render.t('conversation.page.newFromReporter') : record.status === 'gone' ? render.t('conversation.notice.gone') : '',
      });
    });

    function statusText(record: HandoffLike, userId: string): string {
      if (record.status === 'gone') return render.t('conversation.status.gone');
      if (record.status === 'claimed') return record.owner?.id === userId ? render.t('conversation.status.yours') : render.t('conversation.status.taken', { name: record.owner?.name ?? '' });
      return render.t(`conversation.status.${record.status}`);
    }

    const back = (res: Response, id: string, query: Record<string, string> = {}) => {
      const q = new URLSearchParams(query).toString();
      res.redirect(303, `/staff/conversations/${encodeURIComponent(id)}${q ? `?${q}` : ''}`);
    };
    const action = (name: string, run: (req: Request, id: string) => Promise<{ ok: boolean; reason?: string; done?: string; reference?: string }>) =>
      routes.post(`/conversations/:id/${name}`, PERMISSION, async (req, res) => {
        const id = text(req.params['id']);
        if (!(await desk.get(req.staff!, id))) return notFound(req, res);
        const outcome = await run(req, id);
        await audit.record({ actor: req.staff!.id, from: req.ip ?? '' }, `handoff.${name}` as never, { detail: `conversation ${id.slice(0, 8)}`, outcome: outcome.ok ? 'ok' : 'conflict' });
        if (outcome.ok && outcome.done) return back(res, id, { done: outcome.done, ...(outcome.reference ? { reference: outcome.reference } : {}) });
        back(res, id, outcome.ok ? {} : { problem: outcome.reason ?? 'failed' });
      });

    action('claim', async (req, id) => desk.claim(id, officerOf(req)));
    action('release', async (req, id) => ({ ...(await desk.release(id, officerOf(req))), done: 'released' }));
    action('transfer', async (req, id) => {
      const body = req.body as Record<string, unknown>;
      const note = text(body['note']).trim().slice(0, 2000);
      const to = text(body['to']);
      if (to.startsWith('team:')) {
        const teamId = to.slice(5);
        if (!deps.pack.teams.some((t) => t.id === teamId)) return { ok: false, reason: 'invalid' };
        return { ...(await desk.transfer(id, officerOf(req), { teamId, teamName: labels.team(teamId) }, note)), done: 'transferred' };
      }
      const record = await desk.get(req.staff!, id);
      const colleague = (await deps.colleagues(record?.teamId ?? req.staff!.teamId)).find((a) => a.id === to.replace(/^person:/, '') && !a.disabled);
      if (!colleague) return { ok: false, reason: 'invalid' };
      return { ...(await desk.transfer(id, officerOf(req), { colleague: { id: colleague.id, name: colleague.displayName } }, note)), done: 'transferred' };
    });
    action('hand-back', async (req, id) => {
      const then = text((req.body as Record<string, unknown>)['then']) === 'finish' ? 'finish' : 'carryOn';
      if (then === 'carryOn') return { ...(await desk.handBack(id, officerOf(req), 'carryOn')), done: 'handedBack' };
      const linked = await linkCase(req, id);
      if (!linked) return { ok: false, reason: 'noCase' };
      return { ...(await desk.handBack(id, officerOf(req), 'finish', linked)), done: 'finished', reference: linked.caseReference };
    });
    action('close', async (req, id) => {
      const linked = await linkCase(req, id);
      if (!linked) return { ok: false, reason: 'noCase' };
      return { ...(await desk.close(id, officerOf(req), linked)), done: 'closed', reference: linked.caseReference };
    });

    /** The case a finished conversation becomes (a category) or joins (a reference); only by the officer who has it. */
    async function linkCase(req: Request, id: string) {
      const record = await desk.get(req.staff!, id);
      if (!record || record.status !== 'claimed' || record.owner?.id !== req.staff!.id) return undefined;
      const body = req.body as Record<string, unknown>;
      const reference = text(body['reference']).trim();
      const categoryId = text(body['category']) || record.summary.incident?.categoryId || '';
      const choice: CaseChoice | undefined = reference ? { join: { reference } } : deps.pack.categories.some((c) => c.id === categoryId) ? { make: { categoryId } } : undefined;
      return choice && deps.link.link(record, choice, { id: req.staff!.id }, text(body['notes']).slice(0, 4000));
    }

    // The reply box posts here (by the page's script with its own id for each message; without the script,
    // with the id the page was drawn with, so a form sent twice still sends once).
    routes.post('/conversations/:id/send', PERMISSION, async (req, res) => {
      const id = text(req.params['id']);
      const body = req.body as Record<string, unknown>;
      const clientId = text(body['clientId']);
      const wantsJson = req.accepts(['html', 'json']) === 'json';
      if (!/^[A-Za-z0-9-]{8,64}$/.test(clientId)) return void res.status(400).json({ error: 'client_id' });
      if (!(await desk.get(req.staff!, id))) return wantsJson ? void res.status(404).json({ error: 'not_found' }) : notFound(req, res);
      const sent = await desk.send(id, officerOf(req), clientId, text(body['text']).slice(0, 1600));
      if (wantsJson) return void res.status(sent.ok ? 200 : 409).json(sent);
      back(res, id, sent.ok ? {} : { problem: sent.reason });
    });
  };
}

function statusKey(record: HandoffLike): string {
  return `${record.status}:${record.owner?.id ?? ''}`;
}
