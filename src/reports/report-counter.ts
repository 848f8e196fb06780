// Keeps the report's counts in step with the cases: told of every case write (the case repository's
// `afterWrite`), it works out what the write adds (facts.ts) and applies it. The case's ledger is written first
// with the facts still to apply, compare-and-set on the case revision it has counted, so a crash or a lost race
// in between is finished by the next write, and a fact applied twice is counted once (by its key).
import type { CaseSnapshot } from '../cases/case.repository';
import { reconcile, type CountingRules } from './facts';
import type { ReportStore } from './report-store';

export interface ReportCounter {
  /** Counts what this write of a case changed (an older snapshot arriving late changes nothing). */
  caseWritten(snapshot: CaseSnapshot): Promise<void>;
}

export function createReportCounter(deps: { store: ReportStore; rules: CountingRules }): ReportCounter {
  const { store, rules } = deps;

  async function applyAll(landlordId: string, caseId: string, revision: number, facts: CaseLedgerFacts): Promise<void> {
    for (const fact of facts) await store.apply(landlordId, fact);
    await store.clearPending(caseId, revision);
  }

  return {
    async caseWritten(snapshot) {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const before = await store.ledger(snapshot.id);
        if (before?.pending.length) await applyAll(before.landlordId, before.caseId, before.revision, before.pending);
        if (before && before.revision >= snapshot.revision) return;
        const { facts, next } = reconcile(snapshot, before, rules);
        if (!(await store.putLedger({ ...next, pending: facts }, before?.revision))) continue;
        await applyAll(next.landlordId, next.caseId, next.revision, facts);
        return;
      }
    },
  };
}

type CaseLedgerFacts = Parameters<ReportStore['apply']>[1][];
