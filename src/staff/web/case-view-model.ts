// Everything the case page shows, as plain words and flags, built from the opened case. Safety comes first
// and is worked out here once: what must never be done (text, voicemail) and when contact is safe.
import type { StaffAccount } from '../accounts/account.store';
import type { StaffPrincipal, Permission } from '../access/permissions';
import type { PolicyPack } from '../../policy/pack.schema';
import { NEXT_STATUS } from '../cases/case-actions';
import type { StaffCase } from '../cases/case-reader';
import { dueState } from '../cases/queue';
import type { Labels } from './labels';

type T = (key: string, params?: Record<string, unknown>) => string;

export interface CaseViewModelInput {
  found: StaffCase;
  evidence: { id: string; contentType: string; size: number; sha256: string; receivedAt: Date; channel: string }[];
  team: StaffAccount[];
  user: StaffPrincipal;
  labels: Labels;
  pack: PolicyPack;
  t: T;
  can: (permission: Permission) => boolean;
  transcriptAvailable: boolean;
}

export function caseViewModel(input: CaseViewModelInput) {
  const { found, labels, pack, t, user } = input;
  const { record, view } = found;
  const names = new Map(input.team.map((a) => [a.id, a.displayName]));
  const who = (actor: string) => (actor === 'system' ? t('case.history.system') : actor === 'reporter' ? t('case.history.reporter') : actor === user.id ? t('queue.you') : (names.get(actor) ?? t('queue.someoneElse')));
  const contact = view.safeContact;
  const details = contact?.details;
  const othersRead = contact?.othersReadMessages === true || view.safety.othersMayReadMessages === 'yes' || view.safety.othersMayReadMessages === 'dont_know';

  const safety = {
    dangerAtStart: view.safety.immediateDangerAtStart,
    notSafeToTalk: !view.safety.safeToTalk,
    othersRead,
    noVoicemail: contact ? !contact.voicemailOk : false,
    channels: (contact?.channels ?? []).map((c) => t(`contactChannel.${c}`)),
    safeTimes: details?.safeTimes,
    codeWord: details?.codeWord,
    anonymous: view.anonymity === 'anonymous',
    withheld: view.identityWithheld,
    childrenAtRisk: view.vulnerability.childrenInvolved === 'yes',
    adultAtRisk: view.vulnerability.vulnerableAdultInvolved === 'yes',
    /** Discreet mode: where they asked for the checklist and helplines instead of the chat (docs/discreet-mode.md). */
    saferPlace: view.risk.saferPlace,
  };

  const due = dueState({ firstResponseDue: record.firstResponseDue, firstRespondedAt: record.sla.firstRespondedAt }, new Date(), labels.timeZone);
  const person = (p: { identity?: { name?: string; address?: string }; contact?: { phone?: string; email?: string } } | undefined) =>
    p ? { name: p.identity?.name, address: p.identity?.address, phone: p.contact?.phone, email: p.contact?.email } : undefined;

  return {
    id: record.id,
    reference: record.reference,
    revision: record.revision,
    safety,
    alerts: record.alerts.map((a) => ({ id: a.id, type: t(`alert.${a.type}`, { defaultValue: a.type }), detail: a.detail, at: labels.when(a.at), acknowledged: a.acknowledgedAt ? labels.when(a.acknowledgedAt) : undefined })),
    summary: {
      category: labels.category(record.category),
      kind: labels.kind(record.category.kind),
      hateMotivations: record.category.hateMotivations.map((h) => t(pack.hateMotivations.find((m) => m.id === h)?.key ?? h)),
      domesticAbuseForms: record.category.domesticAbuseForms.map((f) => t(pack.domesticAbuseForms.find((m) => m.id === f)?.key ?? f)),
      status: labels.status(record.status),
      statusId: record.status,
      outcome: labels.outcome(record.outcome),
      priority: record.priority,
      priorityText: labels.priority(record.priority),
      team: labels.team(record.teamId),
      assigned: record.assignedTo ? who(record.assignedTo) : undefined,
      channel: labels.channel(record.channel),
      language: labels.language(record.locale),
      received: labels.when(record.createdAt),
      firstResponseDue: labels.when(record.firstResponseDue),
      due,
      firstResponded: labels.when(record.sla.firstRespondedAt),
      appointmentDue: labels.when(record.appointmentOfferDue),
      anonymity: t(`anonymity.${view.anonymity}`),
    },
    risk: {
      level: view.risk.level,
      levelText: labels.risk(view.risk.level),
      dash: view.risk.dash,
      dashDeferred: view.risk.dashDeferred === true,
      harm: view.risk.harm,
      hateIncident: view.risk.hateIncident,
      harassment: view.risk.harassmentCourseOfConduct,
      flags: record.triage.flags,
      reasons: record.triage.reasons.map((r) => ({ text: r.text, source: r.source })),
      dashAnswers: Object.entries(view.risk.answers?.dash ?? {}).map(([q, a]) => ({ question: t(`risk:dash.${q}`, { defaultValue: q }), answer: labels.answer(a) })),
      // The matrix's answers in the pack's order, a question of the landlord's own in its own (English) words.
      harmAnswers: harmAnswers(view.risk.answers?.harm ?? {}, pack, t).map(({ question, answer }) => ({ question, answer: labels.answer(answer) })),
    },
    reporter: {
      role: t(`role.${view.reporter.role}`),
      relationship: view.reporter.relationship,
      organisation: view.reporter.organisation,
      professionalRole: view.reporter.professionalRole,
      marac: view.reporter.maracReferral,
      person: person(view.reporter),
    },
    victim: view.victim ? { knows: view.victim.knowsAboutReport ? labels.answer(view.victim.knowsAboutReport) : undefined, consent: view.victim.consentGiven ? labels.answer(view.victim.consentGiven) : undefined, person: person(view.victim) } : undefined,
    perpetrator: { known: labels.answer(view.perpetrator.known), isOurTenant: labels.answer(view.perpetrator.isOurTenant), description: view.perpetrator.description },
    report: {
      description: view.incident.description,
      when: view.incident.when,
      where: view.incident.where,
      recurring: view.incident.recurring,
      ongoing: view.incident.ongoing ? labels.answer(view.incident.ongoing) : undefined,
      violence: view.incident.violenceOrThreats ? labels.answer(view.incident.violenceOrThreats) : undefined,
      dangerRemaining: view.incident.dangerRemaining ? labels.answer(view.incident.dangerRemaining) : undefined,
      police: view.police.involved ? labels.answer(view.police.involved) : undefined,
      crimeReference: view.police.crimeReference,
      impact: view.vulnerability.impact,
      children: view.vulnerability.childrenInvolved ? labels.answer(view.vulnerability.childrenInvolved) : undefined,
      vulnerableAdult: view.vulnerability.vulnerableAdultInvolved ? labels.answer(view.vulnerability.vulnerableAdultInvolved) : undefined,
      evidenceDescription: view.evidence.description,
      tenure: view.tenure ? t(pack.tenures.find((x) => x.id === view.tenure)?.key ?? view.tenure) : undefined,
    },
    evidence: input.evidence.map((e) => ({ id: e.id, type: e.contentType, size: labels.size(e.size), sha256: e.sha256, received: labels.when(e.receivedAt) })),
    transcriptAvailable: input.transcriptAvailable,
    history: [...record.events]
      .map((e, i) => ({ at: e.at, when: labels.when(e.at), who: who(e.actor), what: t(`event.${e.type}`, { defaultValue: e.type }), note: e.type === 'survey.notSent' ? t(`case.surveyNotSent.${e.note}`, { defaultValue: e.note }) : e.type.startsWith('reporter.update.') ? undefined : e.note, detail: found.details.get(i), type: e.type }))
      .reverse(),
    actions: {
      revision: record.revision,
      canAssign: input.can('cases.assign') && record.status !== 'closed',
      canNote: input.can('cases.note'),
      canStatus: input.can('cases.changeStatus') && record.status !== 'closed',
      canRespond: input.can('cases.changeStatus') && !record.sla.firstRespondedAt && record.status !== 'closed' && view.anonymity !== 'anonymous',
      canRetriage: input.can('cases.retriage') && record.status !== 'closed',
      colleagues: input.team.filter((a) => a.id !== user.id && !a.disabled).map((a) => ({ value: a.id, text: a.displayName })),
      assignedToMe: record.assignedTo === user.id,
      assigned: !!record.assignedTo,
      nextStatuses: NEXT_STATUS[record.status].filter((s) => s !== 'closed').map((s) => ({ value: s, text: labels.status(s) })),
      outcomes: pack.outcomes.filter((o) => o.id !== 'signposted_out_of_scope').map((o) => ({ value: o.id, text: t(o.key) })),
      teams: pack.teams.map((x) => ({ value: x.id, text: t(x.key), selected: x.id === record.teamId })),
      priorities: ['urgent', 'high', 'normal'].map((p) => ({ value: p, text: labels.priority(p), selected: p === record.priority })),
      risks: ['high', 'medium', 'standard'].map((r) => ({ value: r, text: labels.risk(r), selected: r === record.risk.level })),
    },
  };
}

export type CaseViewModel = ReturnType<typeof caseViewModel>;

/** Matrix answers with their questions' words: the pack's questions first, in its order, then any it no longer has. */
function harmAnswers(answers: Record<string, string>, pack: PolicyPack, t: T): { question: string; answer: string }[] {
  const known = pack.risk.matrix.questions.filter((q) => answers[q.id] !== undefined);
  const words = (id: string) => known.find((q) => q.id === id)?.text?.['en'] ?? t(`risk:harm.${id}`, { defaultValue: id });
  const ids = [...known.map((q) => q.id), ...Object.keys(answers).filter((id) => !known.some((q) => q.id === id))];
  return ids.map((id) => ({ question: words(id), answer: answers[id]! }));
}
