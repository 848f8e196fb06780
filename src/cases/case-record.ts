// Building a Case from a finished report: triage against the pack, then every sensitive value sealed and the
// anonymity tier honoured in what is written. Pure but for the cipher and the fresh ids.
import { randomInt, randomUUID } from 'node:crypto';
import type { ReportDraft, SafeContact } from '../../dialogs/shared/report';
import type { FieldCipher } from '../crypto/field-cipher';
import { urgentIndicators } from '../../dialogs/shared/urgency';
import type { CategoryKind, PolicyPack } from '../policy/pack.schema';
import type { CaseRecord, Sealed } from './case.repository';
import type { EarlierReport } from './repeats';
import { triage, type Translate } from './triage';

/** Readable over the phone: no 0/O, 1/I. 32 symbols, 8 of them: 2^40 references. */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export function newReference(): string {
  const pick = () => Array.from({ length: 4 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('');
  return `${pick()}-${pick()}`;
}

export interface SubmitLink {
  /** The conversation the report came from (keyed hash), kept as the link to its transcript. */
  conversationKey?: string;
  /** The address the conversation came from; only its keyed hash is kept, and not on anonymous cases. */
  senderAddress?: string;
}

export interface RecordDeps {
  pack: PolicyPack;
  cipher: FieldCipher;
  translate: Translate;
}

/** `partial`: opened early as urgent, before the person finished. `caseAlreadyOpen`: it brings such a case up to date. */
export interface BuildOptions {
  partial?: boolean;
  caseAlreadyOpen?: boolean;
}

export function buildCaseRecord(deps: RecordDeps, report: ReportDraft, link: SubmitLink, at: Date, earlier: EarlierReport[], hashes: string[], options: BuildOptions = {}): CaseRecord {
  const { pack, cipher, translate } = deps;
  const seal = (value: string | undefined): Sealed | undefined => (value === undefined || value === '' ? undefined : cipher.encrypt(value));
  const sealJson = (value: object | undefined): Sealed | undefined => {
    if (!value) return undefined;
    const present = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
    return Object.keys(present).length === 0 ? undefined : cipher.encrypt(JSON.stringify(present));
  };
  const result = triage(report, pack, at, { earlier, caseAlreadyOpen: options.caseAlreadyOpen === true }, { t: translate });
  const anonymous = report.anonymity === 'anonymous';
  const identity = (person: { name?: string; address?: string } | undefined) => (anonymous ? undefined : sealJson(person));
  const contact = (c: SafeContact | undefined) => (anonymous ? undefined : sealJson(c));

  const reporter: CaseRecord['reporter'] = {
    role: report.reporter.role,
    ...(report.reporter.relationship ? { relationship: report.reporter.relationship } : {}),
    ...(report.reporter.organisation ? { organisation: report.reporter.organisation } : {}),
    ...(report.reporter.professionalRole ? { professionalRole: report.reporter.professionalRole } : {}),
    ...(report.reporter.maracReferral !== undefined ? { maracReferral: report.reporter.maracReferral } : {}),
  };
  const reporterIdentity = identity(report.reporter.person);
  const reporterContact = contact(report.reporter.contact);
  if (reporterIdentity) reporter.identity = reporterIdentity;
  if (reporterContact) reporter.contact = reporterContact;

  let victim: CaseRecord['victim'];
  if (report.victim) {
    victim = {
      ...(report.victim.knowsAboutReport ? { knowsAboutReport: report.victim.knowsAboutReport } : {}),
      ...(report.victim.consentGiven ? { consentGiven: report.victim.consentGiven } : {}),
    };
    const vi = identity(report.victim.person);
    const vc = contact(report.victim.contact);
    if (vi) victim.identity = vi;
    if (vc) victim.contact = vc;
  }

  let safeContact: CaseRecord['safeContact'];
  if (report.safeContact) {
    const sc = report.safeContact;
    safeContact = { channels: anonymous ? [] : sc.channels, voicemailOk: sc.voicemailOk, othersReadMessages: sc.othersReadMessages };
    const details = anonymous ? undefined : sealJson({ phone: sc.phone, email: sc.email, safeTimes: sc.safeTimes, codeWord: sc.codeWord });
    if (details) safeContact.details = details;
  }

  const identityFields = [
    reporter.identity && 'reporter.identity',
    reporter.contact && 'reporter.contact',
    victim?.identity && 'victim.identity',
    victim?.contact && 'victim.contact',
    safeContact?.details && 'safeContact.details',
  ].filter((f): f is string => typeof f === 'string');

  const dash = report.risk.dash;
  const answers = sealJson({ dash: dash?.answers, harm: report.vulnerability.harm });
  const incident = report.incident;
  const signposted = result.disposition === 'signposted';
  const record: CaseRecord = {
    id: randomUUID(),
    reference: newReference(),
    landlordId: pack.id,
    channel: report.channel,
    locale: report.locale,
    sessionId: report.sessionId,
    // The conversation key is a keyed hash of the sender's address: an anonymous case must not hold it.
    ...(link.conversationKey && !anonymous ? { conversationKey: link.conversationKey } : {}),
    ...(options.partial ? { partial: true } : {}),
    category: {
      id: report.incident.categoryId,
      kind: result.categoryKind,
      ...(incident.subcategoryId ? { subcategoryId: incident.subcategoryId } : {}),
      hateMotivations: incident.hateMotivations,
      domesticAbuseForms: incident.domesticAbuseForms,
    },
    incident: strip({
      description: cipher.encrypt(incident.description),
      when: seal(incident.when?.text),
      where: seal(incident.where?.text),
      recurring: incident.when?.recurring,
      atReporterHome: incident.where?.atReporterHome,
      ongoing: incident.ongoing,
      violenceOrThreats: incident.violenceOrThreats,
      dangerRemaining: incident.dangerRemaining,
      targetedPropertyDamage: incident.targetedPropertyDamage,
    }) as CaseRecord['incident'],
    perpetrator: strip({ known: report.perpetrator.known, description: seal(report.perpetrator.description), isOurTenant: report.perpetrator.isOurTenant }),
    reporter,
    ...(victim ? { victim } : {}),
    consent: strip({ victimConsentToReferral: report.victim?.consentGiven }),
    anonymity: report.anonymity,
    identityAccess: anonymous ? 'none' : report.anonymity === 'confidential' ? 'owning_team' : 'all_staff',
    identityFields,
    ...(safeContact ? { safeContact } : {}),
    contactHashes: anonymous ? [] : hashes,
    ...(report.tenure ? { tenure: report.tenure } : {}),
    safety: strip({ ...report.safety }) as CaseRecord['safety'],
    police: strip({ involved: report.police.involved, crimeReference: seal(report.police.crimeReference) }),
    evidence: strip({ description: seal(report.evidence.description), mediaIds: report.evidence.mediaIds }) as CaseRecord['evidence'],
    vulnerability: strip({
      childrenInvolved: report.vulnerability.childrenInvolved,
      vulnerableAdultInvolved: report.vulnerability.vulnerableAdultInvolved,
      impact: seal(report.vulnerability.impact),
    }),
    risk: strip({
      level: result.risk.level,
      answers,
      dash: result.risk.dash
        ? {
            yesCount: result.risk.dash.yesCount,
            answered: result.risk.dash.answered,
            level: result.risk.dash.level,
            marac: result.risk.dash.marac,
            criteria: result.risk.dash.criteria,
            namedFlags: result.risk.dash.namedFlags,
            professionalJudgement: result.risk.dash.criteria.includes('professionalJudgement'),
            completed: dash?.completed === true,
          }
        : undefined,
      professionalAssessment: report.risk.professionalAssessment,
      policeCallOuts: report.risk.policeCallOuts,
      dashDeferred: report.risk.dashDeferred,
      saferPlace: report.risk.saferPlace,
      harm: result.risk.harm ? { yesCount: result.risk.harm.yesCount, answered: result.risk.harm.answered, level: result.risk.harm.level, factors: result.risk.harm.factors } : undefined,
      hateIncident: result.risk.hateIncident,
      harassmentCourseOfConduct: result.risk.harassmentCourseOfConduct,
    }) as CaseRecord['risk'],
    triage: {
      at,
      disposition: result.disposition,
      teamKey: result.teamKey,
      reasons: result.reasons,
      rules: result.rules,
      flags: result.flags,
      helplineIds: result.helplineIds,
      tasks: result.tasks,
      noticeKeys: result.noticeKeys,
    },
    teamId: result.teamId,
    priority: result.priority,
    priorityRank: result.priorityRank,
    status: signposted ? 'closed' : 'new',
    ...(signposted ? { outcome: 'signposted_out_of_scope' } : {}),
    ...(result.firstResponseDue ? { firstResponseDue: result.firstResponseDue } : {}),
    ...(result.appointmentOfferDue ? { appointmentOfferDue: result.appointmentOfferDue } : {}),
    ...(result.deadlines ? { deadlines: result.deadlines } : {}),
    sla: signposted ? { closedAt: at } : {},
    events: [
      { at, type: 'case.created', actor: 'system', note: `triaged: team ${result.teamId}, priority ${result.priority}` },
      ...(signposted ? [{ at, type: 'case.signposted', actor: 'system', note: 'out of scope: signposted' }] : []),
      ...(options.partial ? [{ at, type: 'case.openedEarly', actor: 'system', note: 'urgent: opened before the report was finished' }] : []),
    ],
    alerts: [
      ...result.alerts.map((a) => ({ id: randomUUID(), at, type: a.type, detail: a.text })),
      // Staff are told at once that this urgent case is still being written.
      ...(options.partial ? [{ id: randomUUID(), at, type: 'urgent_in_progress', detail: urgentAlert(report, result.categoryKind, translate) }] : []),
    ],
    createdAt: at,
    updatedAt: at,
    revision: 0,
  };
  return record;
}

function urgentAlert(report: ReportDraft, kind: CategoryKind, translate: Translate): string {
  const indicators = urgentIndicators(report, kind).map((id) => translate(`triage:indicator.${id}`));
  return translate('triage:alert.urgentInProgress', { indicators: indicators.join(', ') });
}

/** Drops undefined values so stored documents carry no empty keys. */
export function strip<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
