// The report's store: counts per day (each fact added once, by its key) and a ledger per case of what has been
// counted for it, which is also the case-level row behind the figures. Implemented in report-store.mongo.ts.
import type { Period } from './periods';
import type { CaseLedger, Fact } from './facts';

/** One day's counts: `counts[kind][breakdown][metric]`. */
export interface DayCounts {
  day: string;
  counts: Record<string, Record<string, Record<string, number>>>;
}

export interface ReportStore {
  ensureIndexes(): Promise<void>;
  /** Adds the fact's amounts to its day unless that fact was counted already. True when it was added now. */
  apply(landlordId: string, fact: Fact): Promise<boolean>;
  ledger(caseId: string): Promise<CaseLedger | undefined>;
  /** Compare-and-set: writes the case's counting state when its ledger is still at `expected` (undefined: none yet). */
  putLedger(next: CaseLedger, expected: number | undefined): Promise<boolean>;
  /** The pending facts have been applied (only if the ledger is still at `revision`). */
  clearPending(caseId: string, revision: number): Promise<void>;
  /** The counts of every day of a period that has any (one small document a day, read by index). */
  days(landlordId: string, period: Period): Promise<DayCounts[]>;
  /** Rows of cases received in a period, oldest first (at most `limit`). */
  rows(landlordId: string, period: Period, limit: number): Promise<CaseLedger[]>;
  /** Forgets the rows of purged cases (their counts stay: they hold nothing about anyone). */
  forget(caseIds: readonly string[]): Promise<void>;
}
