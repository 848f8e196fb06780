// The case service: checks a finished report, triages it against the landlord's policy pack and stores
// it as a Case, sealing the sensitive fields and honouring the anonymity tier in what is written.
// Idempotent on the dialog's session id: one conversation never makes two cases.
import { randomInt, randomUUID } from 'node:crypto';
import type { SubmittedReport } from '../../dialogs/shared/contract';
import { reportDraftSchema, type ReportDraft, type ReportDraftInput, type SafeContact } from '../../dialogs/shared/report';
import type { FieldCipher } from '../crypto/field-cipher';
import { contactHash } from '../crypto/keyed-hash';
import { AppError } from '../errors';
import type { PolicyPack } from '../policy/pack.schema';
import { localDate } from '../policy/working-days';
import { DuplicateCaseError, OPEN_STATUSES, type CaseRecord, type CaseRepository, type CaseStatus, type Sealed } from './case.repository';
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

export interface SubmitResult {
  caseId: string;
  reference: string;
  /** False when this conversation had already made the case (a retry). */
  created: boolean;
  /** Out of scope: the person was pointed elsewhere; the record is closed at once. */
  signposted: boolean;
  submitted: SubmittedReport;
}

export interface PersonDetails {
  name?: string;
  address?: string;
}
export interface ContactDetails {
  phone?: string;
  email?: string;
  safeTimes?: string;
  codeWord?: string;
}

/** A case with its sealed fields opened. Identity fields are absent when the viewer may not see them. */
export type CaseView = Omit<CaseRecord, 'incident' | 'perpetrator' | 'reporter' | 'victim' | 'safeContact' | 'police' | 'evidence' | 'vulnerability' | 'risk'> & {
  incident: Omit<CaseRecord['incident'], 'description' | 'when' | 'where'> & { description: string; when?: string; where?: string };
  perpetrator: Omit<CaseRecord['perpetrator'], 'description'> & { description?: string };
  reporter: Omit<CaseRecord['reporter'], 'identity' | 'contact'> & { identity?: PersonDetails; contact?: SafeContact };
  victim?: Omit<NonNullable<CaseRecord['victim']>, 'identity' | 'contact'> & { identity?: PersonDetails; contact?: SafeContact };
  safeContact?: Omit<NonNullable<CaseRecord['safeContact']>, 'details'> & { details?: ContactDetails };
  police: Omit<CaseRecord['police'], 'crimeReference'> & { crimeReference?: string };
  evidence: Omit<CaseRecord['evidence'], 'description'> & { description?: string };
  vulnerability: Omit<CaseRecord['vulnerability'], 'impact'> & { impact?: string };
  risk: Omit<CaseRecord['risk'], 'answers'> & { answers?: { dash?: Record<string, string>; harm?: Record<string, string> } };
  /** True when identity fields exist but this viewer is outside the owning team (confidential tier). */
  identityWithheld: boolean;
};

export interface OpenCaseSummary {
  id: string;
  reference: string;
  teamId: string;
  status: CaseStatus;
  priority: CaseRecord['priority'];
  highRisk: boolean;
}

export interface CaseServiceDeps {
  /** The case store (the composition root builds it: createMongoCaseRepository). */
  repository: CaseRepository;
  pack: PolicyPack;
  cipher: FieldCipher;
  hashSecret: string;
  /** Renders triage's reasons in the language staff read (the composition root passes English). */
  translate: Translate;
  now?: () => Date;
}

const TRANSITIONS: Record<CaseStatus, CaseStatus[]> = {
  new: ['assigned', 'closed'],
  assigned: ['in_progress', 'closed'],
  in_progress: ['closed'],
  closed: [],
};

const SLA_EVENTS: Record<string, 'firstRespondedAt' | 'appointmentOfferedAt'> = {
  'reporter.contacted': 'firstRespondedAt',
  'appointment.offered': 'appointmentOfferedAt',
};

export function createCaseService(deps: CaseServiceDeps) {
  const { pack, cipher, hashSecret, translate } = deps;
  const now = deps.now ?? (() => new Date());
  const repo = deps.repository;

  const seal = (value: string | undefined): Sealed | undefined => (value === undefined || value === '' ? undefined : cipher.encrypt(value));
  const sealJson = (value: object | undefined): Sealed | undefined => {
    if (!value) return undefined;
    const present = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
    return Object.keys(present).length === 0 ? undefined : cipher.encrypt(JSON.stringify(present));
  };
  const open = (value: Sealed | undefined) => (value === undefined ? undefined : cipher.decrypt(value));
  const openJson = <T>(value: Sealed | undefined): T | undefined => (value === undefined ? undefined : (JSON.parse(cipher.decrypt(value)) as T));

  function submittedOf(record: CaseRecord): SubmittedReport {
    return {
      reference: record.reference,
      teamKey: record.triage.teamKey,
      ...(record.firstResponseDue ? { firstResponseDue: localDate(record.firstResponseDue, pack.calendar.timeZone) } : {}),
      helplineIds: record.triage.helplineIds,
    };
  }
  const resultOf = (record: CaseRecord, created: boolean): SubmitResult => ({
    caseId: record.id,
    reference: record.reference,
    created,
    signposted: record.triage.disposition === 'signposted',
    submitted: submittedOf(record),
  });

  function contactAddresses(report: ReportDraft, link: SubmitLink): { reporter: string[]; all: string[] } {
    const fromContact = (c: SafeContact | undefined) => [c?.phone, c?.email].filter((v): v is string => !!v && v.trim() !== '');
    const reporter = [link.senderAddress, ...fromContact(report.safeContact), ...fromContact(report.reporter.contact)].filter((v): v is string => !!v);
    return { reporter, all: [...reporter, ...fromContact(report.victim?.contact)] };
  }

  function buildRecord(report: ReportDraft, link: SubmitLink, at: Date, reportsBySameContact: number, hashes: string[]): CaseRecord {
    const result = triage(report, pack, at, { reportsBySameContactLast6Months: reportsBySameContact }, { t: translate });
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
      ...(link.conversationKey ? { conversationKey: link.conversationKey } : {}),
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
        dash: result.risk.dash && dash
          ? { yesCount: result.risk.dash.yesCount, answered: result.risk.dash.answered, level: result.risk.dash.level, marac: result.risk.dash.marac, professionalJudgement: dash.professionalJudgement === true, completed: dash.completed }
          : undefined,
        dashDeferred: report.risk.dashDeferred,
        harm: result.risk.harm ? { yesCount: result.risk.harm.yesCount, answered: result.risk.harm.answered, level: result.risk.harm.level, factors: result.risk.harm.factors } : undefined,
        hateIncident: result.risk.hateIncident,
        harassmentCourseOfConduct: result.risk.harassmentCourseOfConduct,
      }) as CaseRecord['risk'],
      triage: { at, disposition: result.disposition, teamKey: result.teamKey, reasons: result.reasons, rules: result.rules, flags: result.flags, helplineIds: result.helplineIds },
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
      ],
      alerts: [],
      createdAt: at,
      updatedAt: at,
    };
    return record;
  }

  function view(record: CaseRecord, viewer?: { teamId: string }): CaseView {
    const withheld = record.identityAccess === 'owning_team' && viewer !== undefined && viewer.teamId !== record.teamId;
    const who = <T>(value: Sealed | undefined) => (withheld ? undefined : openJson<T>(value));
    const { identity: ri, contact: rc, ...reporter } = record.reporter;
    const reporterIdentity = who<PersonDetails>(ri);
    const reporterContact = who<SafeContact>(rc);
    let victim: CaseView['victim'];
    if (record.victim) {
      const { identity, contact, ...rest } = record.victim;
      const vi = who<PersonDetails>(identity);
      const vc = who<SafeContact>(contact);
      victim = { ...rest, ...(vi ? { identity: vi } : {}), ...(vc ? { contact: vc } : {}) };
    }
    let safeContact: CaseView['safeContact'];
    if (record.safeContact) {
      const { details, ...rest } = record.safeContact;
      const d = who<ContactDetails>(details);
      safeContact = { ...rest, ...(d ? { details: d } : {}) };
    }
    const { answers, ...risk } = record.risk;
    const opened = openJson<{ dash?: Record<string, string>; harm?: Record<string, string> }>(answers);
    const { victim: _v, safeContact: _s, ...plain } = record;
    return {
      ...plain,
      incident: strip({ ...record.incident, description: open(record.incident.description) ?? '', when: open(record.incident.when), where: open(record.incident.where) }) as CaseView['incident'],
      perpetrator: strip({ ...record.perpetrator, description: open(record.perpetrator.description) }),
      reporter: { ...reporter, ...(reporterIdentity ? { identity: reporterIdentity } : {}), ...(reporterContact ? { contact: reporterContact } : {}) },
      ...(victim ? { victim } : {}),
      ...(safeContact ? { safeContact } : {}),
      police: strip({ ...record.police, crimeReference: open(record.police.crimeReference) }),
      evidence: strip({ ...record.evidence, description: open(record.evidence.description) }) as CaseView['evidence'],
      vulnerability: strip({ ...record.vulnerability, impact: open(record.vulnerability.impact) }),
      risk: { ...risk, ...(opened ? { answers: opened } : {}) },
      identityWithheld: withheld && record.identityFields.length > 0,
    };
  }

  /** "ABCD-EFGH" (any case, dash optional) when the text reads as a reference. */
  function asReference(idOrReference: string): string | undefined {
    const text = idOrReference.trim().toUpperCase();
    if (!/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/.test(text)) return undefined;
    return text.includes('-') ? text : `${text.slice(0, 4)}-${text.slice(4)}`;
  }

  async function find(idOrReference: string): Promise<CaseRecord | undefined> {
    const reference = asReference(idOrReference);
    return (reference && (await repo.findByReference(reference))) || repo.findById(idOrReference);
  }

  /** Id, reference and status only: the history is not read. */
  async function locate(idOrReference: string) {
    const reference = asReference(idOrReference);
    return (reference && (await repo.locate({ reference }))) || (await repo.locate({ id: idOrReference }));
  }
  async function mustLocate(idOrReference: string): Promise<{ id: string; status: CaseStatus }> {
    const found = await locate(idOrReference);
    if (!found) throw new AppError('case not found', { status: 404, code: 'case_not_found' });
    return found;
  }

  return {
    ensureIndexes: () => repo.ensureIndexes(),
    /** A case's id and reference by either (no content read), for the audit page. */
    locate: async (idOrReference: string) => {
      const found = await locate(idOrReference);
      return found ? { id: found.id, reference: found.reference } : undefined;
    },

    async submitReport(input: ReportDraftInput, link: SubmitLink = {}): Promise<SubmitResult> {
      const parsed = reportDraftSchema.safeParse(input);
      if (!parsed.success) {
        // Paths only: the values are what a person said and must not reach a log.
        const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(report)'))];
        throw new AppError(`report is not valid: ${fields.join(', ')}`, { status: 400, code: 'invalid_report' });
      }
      const report = parsed.data;
      if (report.landlordId !== pack.id) throw new AppError(`report is for landlord "${report.landlordId}", not "${pack.id}"`, { status: 400, code: 'wrong_landlord' });

      const existing = await repo.findBySessionId(report.sessionId);
      if (existing) return resultOf(existing, false);

      const at = now();
      const addresses = contactAddresses(report, link);
      const since = new Date(at);
      since.setUTCMonth(since.getUTCMonth() - pack.communityTrigger.windowMonths);
      const reporterHashes = [...new Set(addresses.reporter.map((a) => contactHash(hashSecret, a)))];
      const counts = await Promise.all(reporterHashes.map((h) => repo.countByContactHashSince(h, since)));
      const earlier = Math.max(0, ...counts);
      const hashes = [...new Set(addresses.all.map((a) => contactHash(hashSecret, a)))];

      let record = buildRecord(report, link, at, earlier, hashes);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          await repo.insert(record);
          return resultOf(record, true);
        } catch (error) {
          if (!(error instanceof DuplicateCaseError)) throw error;
          if (error.field === 'reference') {
            record = { ...record, reference: newReference() };
            continue;
          }
          // Another submit of the same conversation won the race: answer as it did.
          const winner = await repo.findBySessionId(report.sessionId);
          if (winner) return resultOf(winner, false);
          throw error;
        }
      }
      throw new AppError('could not allocate a case reference', { status: 503, code: 'reference_exhausted' });
    },

    /**
     * A case by id or reference, opened. `viewer`: the member of staff reading it (confidential cases hide
     * identity from other teams; with a `userId` the read is recorded in the history). Omit for system use.
     */
    async getCase(idOrReference: string, viewer?: { teamId: string; userId?: string }): Promise<CaseView | undefined> {
      const record = await find(idOrReference);
      if (!record) return undefined;
      if (viewer?.userId) {
        const at = now();
        const event = { at, type: 'case.viewed', actor: viewer.userId, note: `team ${viewer.teamId}` };
        await repo.appendEvent(record.id, event, at);
        record.events = [...record.events, event];
      }
      return view(record, viewer);
    },

    async findOpenCasesByContactHash(hash: string): Promise<OpenCaseSummary[]> {
      const records = await repo.findOpenByContactHash(hash);
      return records.map((r) => ({
        id: r.id,
        reference: r.reference,
        teamId: r.teamId,
        status: r.status,
        priority: r.priority,
        highRisk: r.risk.level === 'high' || r.triage.flags.marac || r.priority === 'urgent',
      }));
    },

    /** A team's open queue, soonest due first: summaries without sensitive fields. */
    async listQueue(teamId: string, limit = 50) {
      const records = await repo.listQueue(teamId, OPEN_STATUSES, limit);
      return records.map((r) => ({
        id: r.id,
        reference: r.reference,
        category: r.category,
        priority: r.priority,
        status: r.status,
        riskLevel: r.risk.level,
        flags: r.triage.flags,
        firstResponseDue: r.firstResponseDue,
        appointmentOfferDue: r.appointmentOfferDue,
        createdAt: r.createdAt,
        alerts: r.alerts.filter((a) => !a.acknowledgedAt).length,
      }));
    },

    async addAlert(caseId: string, alert: { type: string; detail: string }) {
      const record = await mustLocate(caseId);
      const at = now();
      const stored = { id: randomUUID(), at, type: alert.type, detail: alert.detail };
      await repo.addAlert(record.id, stored, { at, type: 'alert.added', actor: 'system', note: alert.type });
      return stored;
    },

    /** Appends to the case history. `reporter.contacted` and `appointment.offered` also stamp their SLA time (first time only). */
    async recordEvent(caseId: string, event: { type: string; actor?: string; note?: string }): Promise<void> {
      const record = await mustLocate(caseId);
      const at = now();
      const stored = { at, type: event.type, actor: event.actor ?? 'system', ...(event.note ? { note: event.note } : {}) };
      const sla = SLA_EVENTS[event.type];
      if (sla && (await repo.setSlaOnce(record.id, sla, at, stored))) return;
      await repo.appendEvent(record.id, stored, at);
    },

    /**
     * Retention (pack `retention`): deletes closed cases, their history and alerts, once the period for their
     * kind has passed since closure. Returns the ids purged so that attached evidence can be deleted too.
     * Run it from one scheduled job (under a lease).
     */
    async purgeExpired(batch = 500): Promise<{ caseIds: string[] }> {
      const at = now();
      const caseIds: string[] = [];
      for (const rule of pack.retention) {
        const before = new Date(at);
        before.setUTCMonth(before.getUTCMonth() - rule.monthsAfterClosure);
        caseIds.push(...(await repo.purgeClosedBefore(rule.kind, before, batch)));
      }
      return { caseIds };
    },

    /** new → assigned → in_progress → closed (with an outcome). Compare-and-set: false if someone else moved it first. */
    async changeStatus(caseId: string, change: { to: CaseStatus; outcome?: string; actor: string }): Promise<boolean> {
      const record = await mustLocate(caseId);
      if (!TRANSITIONS[record.status].includes(change.to)) {
        throw new AppError(`a case cannot go from ${record.status} to ${change.to}`, { status: 409, code: 'invalid_transition' });
      }
      if (change.to === 'closed' && !change.outcome) throw new AppError('closing a case needs an outcome', { status: 400, code: 'outcome_required' });
      const at = now();
      const sla = change.to === 'assigned' ? { assignedAt: at } : change.to === 'closed' ? { closedAt: at } : {};
      return repo.transitionStatus(
        record.id,
        record.status,
        change.to,
        { ...(change.outcome ? { outcome: change.outcome } : {}), sla },
        { at, type: `status.${change.to}`, actor: change.actor, note: `${record.status} -> ${change.to}` },
      );
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;

/** Drops undefined values so stored documents carry no empty keys. */
function strip<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
