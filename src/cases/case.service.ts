// The case service: checks a finished report, triages it and stores it as a Case (case-record.ts builds it);
// alerts and system events on a case; retention. Idempotent on the dialog's session id: one conversation never
// makes two cases. What staff read and change lives in src/staff.
import { randomUUID } from 'node:crypto';
import type { SubmittedReport } from '../../dialogs/shared/contract';
import { reportDraftSchema, type ReportDraft, type ReportDraftInput, type SafeContact } from '../../dialogs/shared/report';
import type { FieldCipher } from '../crypto/field-cipher';
import { contactHash } from '../crypto/keyed-hash';
import { AppError } from '../errors';
import type { PolicyPack } from '../policy/pack.schema';
import { localDate } from '../policy/working-days';
import { openCase, type CaseView } from './case-open';
import { buildCaseRecord, newReference, type SubmitLink } from './case-record';
import { DuplicateCaseError, type CaseRecord, type CaseRepository, type CaseStatus } from './case.repository';
import { reportKeys, type ReportKeyStore } from './report-keys';
import type { Translate } from './triage';

export type { CaseView } from './case-open';
export { newReference, REFERENCE_ALPHABET, type SubmitLink } from './case-record';

export interface SubmitResult {
  caseId: string;
  reference: string;
  /** False when this conversation had already made the case (a retry). */
  created: boolean;
  /** Out of scope: the person was pointed elsewhere; the record is closed at once. */
  signposted: boolean;
  submitted: SubmittedReport;
}

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
  /** Earlier reports by victim, problem or place (the composition root builds it: createMongoReportKeyStore). */
  reportKeys: ReportKeyStore;
  pack: PolicyPack;
  cipher: FieldCipher;
  hashSecret: string;
  /** Renders triage's reasons in the language staff read (the composition root passes English). */
  translate: Translate;
  now?: () => Date;
}

const SLA_EVENTS: Record<string, 'firstRespondedAt' | 'appointmentOfferedAt'> = {
  'reporter.contacted': 'firstRespondedAt',
  'appointment.offered': 'appointmentOfferedAt',
};

export function createCaseService(deps: CaseServiceDeps) {
  const { pack, cipher, hashSecret, translate } = deps;
  const recordDeps = { pack, cipher, translate };
  const now = deps.now ?? (() => new Date());
  const repo = deps.repository;
  const keyStore = deps.reportKeys;
  // The longest window any repeat count looks back over.
  const historyMonths = Math.max(pack.repeatVictim.windowMonths, pack.communityTrigger.windowMonths, pack.risk.marac.repeatMarac.windowMonths);

  function submittedOf(record: CaseRecord): SubmittedReport {
    return {
      reference: record.reference,
      teamKey: record.triage.teamKey,
      ...(record.firstResponseDue ? { firstResponseDue: localDate(record.firstResponseDue, pack.calendar.timeZone) } : {}),
      helplineIds: record.triage.helplineIds,
      noticeKeys: record.triage.noticeKeys ?? [],
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
    ensureIndexes: async () => {
      await repo.ensureIndexes();
      await keyStore.ensureIndexes();
    },
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

      // Keys of the victim, problem and place (keyed hashes), to find earlier reports about them by lookup.
      const keys = reportKeys(report, hashSecret, link.senderAddress);
      const existing = await repo.findBySessionId(report.sessionId);
      if (existing) {
        await keyStore.record(existing.id, existing.createdAt, keys, existing.triage.flags.marac);
        return resultOf(existing, false);
      }

      const at = now();
      const since = new Date(at);
      since.setUTCMonth(since.getUTCMonth() - historyMonths);
      const earlier = await keyStore.findEarlier(keys, since);
      const hashes = [...new Set(contactAddresses(report, link).all.map((a) => contactHash(hashSecret, a)))];

      let record = buildCaseRecord(recordDeps, report, link, at, earlier, hashes);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        try {
          await repo.insert(record);
          await keyStore.record(record.id, at, keys, record.triage.flags.marac);
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

    /** A case by id or reference, opened whole: for the system (a staff reader goes through src/staff, which decides what they see). */
    async getCase(idOrReference: string): Promise<CaseView | undefined> {
      const record = await find(idOrReference);
      return record ? openCase(record, cipher, { withIdentity: true }) : undefined;
    },

    /** The stored record, sealed, by id or reference: for the staff console's reader. */
    getRecord: (idOrReference: string): Promise<CaseRecord | undefined> => find(idOrReference),

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
      await keyStore.forget(caseIds);
      return { caseIds };
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;

