// What a conversation hands to the case side, stored: a finished report becomes a case; a report that shows
// high risk before it is finished opens its urgent case at once, and every later answer (and the final submit)
// brings that same case up to date; a low-risk report the person finished after being pointed elsewhere makes
// no case but is counted as signposted. Idempotent on the dialog's session id: one conversation, one case.
import type { SubmittedReport } from '../../dialogs/shared/contract';
import { reportDraftSchema, type ReportDraft, type ReportDraftInput, type SafeContact } from '../../dialogs/shared/report';
import { contactHash } from '../crypto/keyed-hash';
import { AppError } from '../errors';
import type { PolicyPack } from '../policy/pack.schema';
import { localDate } from '../policy/working-days';
import { buildCaseRecord, newReference, type RecordDeps, type SubmitLink } from './case-record';
import { DuplicateCaseError, type CaseRecord, type CaseRepository, type ReportUpdate } from './case.repository';
import { reportUpdateOf } from './early-case';
import { reportKeys, type ReportKeyStore } from './report-keys';
import type { EarlierReport } from './repeats';
import type { SignpostedStore } from './signposted.mongo';

export interface SubmitResult {
  /** '' when the report was signposted without a case. */
  caseId: string;
  reference: string;
  /** False when this conversation had already made the case (a retry, or completing its urgent case). */
  created: boolean;
  /** Out of scope (or declined) and low-risk, finished by the person: pointed elsewhere, no case made. */
  signposted: boolean;
  submitted: SubmittedReport;
}

export interface CaseIntakeDeps extends RecordDeps {
  repository: CaseRepository;
  reportKeys: ReportKeyStore;
  signposted: SignpostedStore;
  hashSecret: string;
  now: () => Date;
}

type Mode = 'partial' | 'complete';

export function createCaseIntake(deps: CaseIntakeDeps) {
  const { pack, hashSecret, now } = deps;
  const repo = deps.repository;
  const keyStore = deps.reportKeys;
  const recordDeps: RecordDeps = { pack: deps.pack, cipher: deps.cipher, translate: deps.translate };
  // The longest window any repeat count looks back over.
  const historyMonths = Math.max(pack.repeatVictim.windowMonths, pack.communityTrigger.windowMonths, pack.risk.marac.repeatMarac.windowMonths);

  function parse(input: ReportDraftInput): ReportDraft {
    const parsed = reportDraftSchema.safeParse(input);
    if (!parsed.success) {
      // Paths only: the values are what a person said and must not reach a log.
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(report)'))];
      throw new AppError(`report is not valid: ${fields.join(', ')}`, { status: 400, code: 'invalid_report' });
    }
    const report = parsed.data;
    if (report.landlordId !== pack.id) throw new AppError(`report is for landlord "${report.landlordId}", not "${pack.id}"`, { status: 400, code: 'wrong_landlord' });
    return report;
  }

  /** Earlier reports about the same victim, problem or place (this conversation's own case left out), and the contact hashes. */
  async function history(report: ReportDraft, link: SubmitLink, at: Date, own: CaseRecord | undefined) {
    const keys = reportKeys(report, hashSecret, link.senderAddress);
    const since = new Date(at);
    since.setUTCMonth(since.getUTCMonth() - historyMonths);
    const found = await keyStore.findEarlier(keys, since);
    // The urgent case opened early is this same report, recorded when it opened.
    const earlier = own ? found.filter((r) => r.at.getTime() !== own.createdAt.getTime()) : found;
    return { keys, earlier, hashes: [...new Set(contactAddresses(report, link).all.map((a) => contactHash(hashSecret, a)))] };
  }

  async function save(input: ReportDraftInput, link: SubmitLink, mode: Mode): Promise<SubmitResult> {
    const report = parse(input);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const existing = await repo.findBySessionId(report.sessionId);
      if (existing && !existing.partial) return resultOf(existing, false, pack);
      if (existing) {
        const updated = await update(existing, report, link, mode);
        if (updated) return resultOf(updated, false, pack);
        continue;
      }
      const at = now();
      const { keys, earlier, hashes } = await history(report, link, at, undefined);
      const record = buildCaseRecord(recordDeps, report, link, at, earlier, hashes, { partial: mode === 'partial' });
      if (record.triage.disposition === 'signposted') return signpost(record, report);
      const sameProblem = await openCaseAboutSameProblem(earlier);
      const inserted = await insert(sameProblem ? { ...record, furtherReportOf: sameProblem } : record);
      if (inserted) {
        await keyStore.record(inserted.id, at, keys, inserted.triage.flags.marac);
        return resultOf(inserted, true, pack);
      }
    }
    throw new AppError('the case changed too often while saving; try again', { status: 503, code: 'case_busy' });
  }

  /**
   * TSM NM01: a report about the same problem (who is causing it, where) while a case about it is open belongs to
   * that case: stored and worked as a case, but not a new one. Only a case counted as new can be that case, so a
   * further report left open after its case closed is not.
   */
  async function openCaseAboutSameProblem(earlier: EarlierReport[]): Promise<string | undefined> {
    const sameProblem = earlier.filter((r) => r.caseId && r.matchedOn.includes('problem')).sort((a, b) => b.at.getTime() - a.at.getTime());
    for (const report of sameProblem.slice(0, 20)) {
      const found = await repo.locate({ id: report.caseId! });
      if (found && found.status !== 'closed' && !found.furtherReportOf) return found.id;
    }
    return undefined;
  }

  /** Inserts with a fresh reference if it is taken; undefined when this session's case appeared meanwhile. */
  async function insert(first: CaseRecord): Promise<CaseRecord | undefined> {
    let record = first;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await repo.insert(record);
        return record;
      } catch (error) {
        if (!(error instanceof DuplicateCaseError)) throw error;
        if (error.field !== 'reference') return undefined;
        record = { ...record, reference: newReference() };
      }
    }
    throw new AppError('could not allocate a case reference', { status: 503, code: 'reference_exhausted' });
  }

  /** The early case brought up to date (compare-and-set); undefined when it moved on meanwhile (read it again). */
  async function update(existing: CaseRecord, report: ReportDraft, link: SubmitLink, mode: Mode): Promise<CaseRecord | undefined> {
    const at = now();
    const { keys, earlier, hashes } = await history(report, link, existing.createdAt, existing);
    // Triaged as received when the case opened: its deadlines still count from then.
    const fresh = buildCaseRecord(recordDeps, report, link, existing.createdAt, earlier, hashes, { partial: mode === 'partial', caseAlreadyOpen: true });
    const change = reportUpdateOf(fresh, existing, { complete: mode === 'complete', at });
    const event = reportEvent(existing, change, mode, at);
    const outcome = await repo.updateReport(existing.id, existing.revision, change, event);
    if (outcome === 'missing') throw new AppError('the urgent case is gone', { status: 409, code: 'case_missing' });
    if (outcome === 'conflict') return undefined;
    await keyStore.record(existing.id, existing.createdAt, keys, fresh.triage.flags.marac);
    return repo.findById(existing.id);
  }

  /** No case: the outcome is counted for the performance report, and the person is pointed elsewhere. */
  async function signpost(record: CaseRecord, report: ReportDraft): Promise<SubmitResult> {
    await deps.signposted.record({
      sessionId: report.sessionId,
      landlordId: pack.id,
      at: record.createdAt,
      outcome: report.finishedEarly === 'elsewhere' ? 'signposted_elsewhere' : 'signposted_out_of_scope',
      categoryKind: record.category.kind,
      categoryId: record.category.id,
      ...(record.tenure ? { tenure: record.tenure } : {}),
      channel: record.channel,
      reporterRole: record.reporter.role,
    });
    const submitted: SubmittedReport = { reference: '', teamKey: record.triage.teamKey, contactable: false, signposted: true, helplineIds: discreetCase(record) ? [] : record.triage.helplineIds };
    return { caseId: '', reference: '', created: false, signposted: true, submitted };
  }

  return {
    submitReport: (input: ReportDraftInput, link: SubmitLink = {}) => save(input, link, 'complete'),
    async openUrgentCase(input: ReportDraftInput, link: SubmitLink = {}): Promise<{ caseId: string; reference: string }> {
      const result = await save(input, link, 'partial');
      return { caseId: result.caseId, reference: result.reference };
    },
  };
}

/** What staff read in the history: the report finished, and (before anyone picked it up) made less urgent by a correction. */
function reportEvent(existing: CaseRecord, change: ReportUpdate, mode: Mode, at: Date) {
  const lowered = change.set.priority !== undefined && change.set.priority !== existing.priority && (change.set.priorityRank ?? 0) > existing.priorityRank;
  const less = lowered ? `; their answers as corrected no longer make it ${existing.priority}, so it is now ${change.set.priority}` : '';
  if (mode === 'complete') return { at, type: 'report.completed', actor: 'reporter', note: `the person finished and sent the report${less}` };
  return lowered ? { at, type: 'report.corrected', actor: 'reporter', note: `the person corrected the report${less}` } : undefined;
}

function contactAddresses(report: ReportDraft, link: SubmitLink): { reporter: string[]; all: string[] } {
  const fromContact = (c: SafeContact | undefined) => [c?.phone, c?.email].filter((v): v is string => !!v && v.trim() !== '');
  const reporter = [link.senderAddress, ...fromContact(report.safeContact), ...fromContact(report.reporter.contact)].filter((v): v is string => !!v);
  return { reporter, all: [...reporter, ...fromContact(report.victim?.contact)] };
}

/**
 * Someone else may read their messages, or it was not safe to talk (docs/discreet-mode.md): the person is told
 * nothing that names a helpline's subject or a notice's; staff give them at a safe time (the case keeps them).
 */
export function discreetCase(record: CaseRecord): boolean {
  const s = record.safety;
  return s.discreet === true || s.safeToTalk === false || s.othersMayReadMessages === 'yes' || s.othersMayReadMessages === 'dont_know' || record.safeContact?.othersReadMessages === true;
}

/** What the person is told: a day is promised only when there is a way to reach them (otherwise the due date is staff's, to act by). */
export function submittedOf(record: CaseRecord, pack: PolicyPack): SubmittedReport {
  const discreet = discreetCase(record);
  const contactable = record.deadlines ? record.deadlines.firstResponse.to === 'reporter' : record.anonymity !== 'anonymous';
  return {
    reference: record.reference,
    teamKey: record.triage.teamKey,
    contactable,
    ...(record.firstResponseDue && contactable ? { firstResponseDue: localDate(record.firstResponseDue, pack.calendar.timeZone) } : {}),
    helplineIds: discreet ? [] : record.triage.helplineIds,
    noticeKeys: discreet ? [] : (record.triage.noticeKeys ?? []),
  };
}

function resultOf(record: CaseRecord, created: boolean, pack: PolicyPack): SubmitResult {
  return { caseId: record.id, reference: record.reference, created, signposted: record.triage.disposition === 'signposted', submitted: submittedOf(record, pack) };
}
