// What the conversation screens show: the waiting list's rows and a conversation's entries, in staff words
// (locales/en/staff.json `conversation.*`), with what the officer must know before writing (safety first).
import type { HandoffMessage, HandoffView } from '../../cases/handoff.service';
import type { OutboundMessageRecord } from '../../outbound/outbound.service';
import type { Labels } from '../web/labels';
import type { Reachability } from './desk';

type T = (key: string, params?: Record<string, unknown>) => string;

export function safetyOf(view: HandoffView, t: T): string[] {
  const s: NonNullable<HandoffView['summary']['safety']> | Record<string, never> = view.summary.safety ?? {};
  const lines: string[] = [];
  if (view.reason === 'danger' || s.immediateDangerAtStart) lines.push(t('conversation.safety.danger'));
  if (s.selfHarmDisclosed) lines.push(t('conversation.safety.selfHarm'));
  if (s.othersMayReadMessages === 'yes' || s.othersMayReadMessages === 'dont_know') lines.push(t('conversation.safety.othersRead'));
  if (s.safeToTalk === false) lines.push(t('conversation.safety.notSafeNow'));
  const contact = view.summary.safeContact;
  if (contact?.safeTimes) lines.push(t('conversation.safety.safeTimes', { times: contact.safeTimes }));
  if (contact && contact.voicemailOk === false) lines.push(t('conversation.safety.noVoicemail'));
  return lines;
}

/** What the assistant gathered, as label and words (only what was said). */
export function gatheredOf(view: HandoffView, labels: Labels, t: T): { label: string; value: string }[] {
  const s = view.summary;
  const rows: { label: string; value: string }[] = [];
  if (s.incident?.categoryId && s.incident.categoryId !== 'unknown') rows.push({ label: t('conversation.gathered.about'), value: labels.category({ id: s.incident.categoryId, kind: 'asb', hateMotivations: [], domesticAbuseForms: [], ...(s.incident.subcategoryId ? { subcategoryId: s.incident.subcategoryId } : {}) }) });
  if (s.reporter?.role) rows.push({ label: t('conversation.gathered.who'), value: t(`role.${s.reporter.role}`) });
  if (s.incident?.when?.text) rows.push({ label: t('conversation.gathered.when'), value: s.incident.when.text });
  if (s.incident?.where?.text) rows.push({ label: t('conversation.gathered.where'), value: s.incident.where.text });
  if (s.incident?.description) rows.push({ label: t('conversation.gathered.what'), value: s.incident.description });
  for (const words of view.unmatched) rows.push({ label: t('conversation.gathered.alsoSaid'), value: words });
  return rows;
}

export function reachText(reach: Reachability, t: T): string {
  if (reach.channel === 'webchat') return t(reach.connected ? 'conversation.reach.webOpen' : reach.open ? 'conversation.reach.webAway' : 'conversation.reach.webGone');
  if (reach.channel === 'whatsapp') {
    const left = reach.windowMinutesLeft ?? 0;
    return left > 0 ? t('conversation.reach.whatsappOpen', { hours: Math.floor(left / 60), minutes: left % 60 }) : t('conversation.reach.whatsappClosed');
  }
  return t(reach.canReply ? 'conversation.reach.sms' : 'conversation.reach.none');
}

export function rowOf(view: HandoffView, labels: Labels, t: T, userId: string, now: Date) {
  const waited = Math.max(0, Math.round((now.getTime() - view.createdAt.getTime()) / 60_000));
  return {
    id: view.id,
    urgent: view.urgent === true || view.reason === 'danger',
    escalated: view.escalatedAt !== undefined,
    channel: labels.channel(view.channel),
    team: view.teamId ? labels.team(view.teamId) : '',
    about: view.kind ? labels.kind(view.kind) : t('conversation.list.notSaid'),
    waited: t('conversation.list.waited', { count: waited }),
    received: labels.when(view.createdAt),
    safety: safetyOf(view, t),
    owner: view.owner ? (view.owner.id === userId ? t('conversation.list.you') : view.owner.name) : '',
    outOfHours: view.expectedReply === 'next_working_day',
  };
}

/** One entry of the conversation as the officer reads it. */
export function entryOf(m: HandoffMessage, labels: Labels, t: T, statuses: Map<string, OutboundMessageRecord>) {
  const who = m.from === 'reporter' ? t('conversation.who.reporter') : m.from === 'bot' ? t('conversation.who.bot') : m.from === 'officer' ? (m.name ?? '') : '';
  return {
    seq: m.seq,
    from: m.from,
    who,
    when: labels.when(m.at),
    at: m.at.toISOString(),
    text: m.notice ? t(`conversation.notice.${m.notice}`, { ...(m.params ?? {}) }) : m.text,
    note: m.notice ? m.text : '',
    photos: m.mediaIds.length,
    delivery: m.from === 'officer' ? deliveryText(m, t, statuses) : '',
    failed: m.delivery?.state === 'failed' || m.delivery?.state === 'refused' || undeliveredOf(m, statuses) !== undefined,
    clientId: m.clientId ?? '',
  };
}

function undeliveredOf(m: HandoffMessage, statuses: Map<string, OutboundMessageRecord>): OutboundMessageRecord | undefined {
  return (m.delivery?.outboundIds ?? []).map((id) => statuses.get(id)).find((r) => r && (r.status === 'failed' || r.status === 'undelivered'));
}

function deliveryText(m: HandoffMessage, t: T, statuses: Map<string, OutboundMessageRecord>): string {
  const d = m.delivery;
  if (!d) return t('conversation.delivery.sending');
  const bad = undeliveredOf(m, statuses);
  if (bad) return t('conversation.delivery.failed', { code: bad.errorCode ?? '-' });
  if (d.state === 'failed') return t('conversation.delivery.failed', { code: d.errorCode ?? '-' });
  if (d.state === 'refused') return t(`conversation.delivery.refused.${d.reason ?? 'other'}`, { defaultValue: t('conversation.delivery.refused.other') });
  if (d.state === 'held') return t('conversation.delivery.held');
  const records = (d.outboundIds ?? []).map((id) => statuses.get(id)).filter((r): r is OutboundMessageRecord => r !== undefined);
  if (records.length > 0 && records.every((r) => r.status === 'delivered' || r.status === 'read')) return t('conversation.delivery.delivered');
  return t('conversation.delivery.sent');
}
