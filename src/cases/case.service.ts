// The case service: what a conversation reports, stored (case-intake.ts: a case, the urgent case opened before
// the end, or a signposted outcome); alerts and system events on a case; retention. Idempotent on the dialog's
// session id: one conversation never makes two cases. What staff read and change lives in src/staff.
import { randomUUID } from 'node:crypto';
import type { ReportDraftInput } from '../../dialogs/shared/report';
import type { FieldCipher } from '../crypto/field-cipher';
import { AppError } from '../errors';
import type { PolicyPack } from '../policy/pack.schema';
import { openCase, type CaseView } from './case-open';
import { createCaseIntake, type SubmitResult } from './case-intake';
import type { SubmitLink } from './case-record';
import type { CaseRecord, CaseRepository, CaseStatus } from './case.repository';
import type { ReportKeyStore } from './report-keys';
import type { SignpostedStore } from './signposted.mongo';
import type { Translate } from './triage';

export type { CaseView } from './case-open';
export type { SubmitResult } from './case-intake';
export { newReference, REFERENCE_ALPHABET, type SubmitLink } from './case-record';

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
  /** Where outcomes of reports signposted without a case are counted (createMongoSignpostedStore). */
  signposted: SignpostedStore;
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
  const { pack, cipher } = deps;
  const now = deps.now ?? (() => new Date());
  const repo = deps.repository;
  const keyStore = deps.reportKeys;
  const intake = createCaseIntake({ ...deps, now });

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
      await deps.signposted.ensureIndexes();
    },
    /** A case's id and reference by either (no content read), for the audit page. */
    locate: async (idOrReference: string) => {
      const found = await locate(idOrReference);
      return found ? { id: found.id, reference: found.reference } : undefined;
    },

    /**
     * A finished report: stored as a case (completing the urgent case this conversation opened early, if any),
     * or, only when it is out of scope, low-risk and the person chose to finish, signposted without a case
     * (the outcome is still counted). Idempotent on the session id.
     */
    submitReport: (input: ReportDraftInput, link: SubmitLink = {}): Promise<SubmitResult> => intake.submitReport(input, link),

    /**
     * High risk known before the person finishes: the urgent case opens now (staff see it in the queue at once,
     * with an alert that it is still being written), and later calls with the same session bring it up to date.
     */
    openUrgentCase: (input: ReportDraftInput, link: SubmitLink = {}) => intake.openUrgentCase(input, link),

    /** The case a conversation made (or opened early), if any. */

    /** Reports signposted without a case between two instants, by outcome (for the performance report). */
    signpostedBetween: (from: Date, to: Date) => deps.signposted.countBetween(pack.id, from, to),

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
      // Signposted outcomes hold nothing about anyone; they are kept as long as any case would be, for reporting.
      const oldest = new Date(at);
      oldest.setUTCMonth(oldest.getUTCMonth() - Math.max(...pack.retention.map((r) => r.monthsAfterClosure)));
      await deps.signposted.purgeBefore(oldest);
      return { caseIds };
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;

