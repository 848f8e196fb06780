// Records to the audit trail. Every case read, identity read, transcript and evidence read, export and change
// goes through `record`; a refused attempt is recorded as `case.denied`.
import { randomUUID } from 'node:crypto';
import type { AuditAction, AuditEntry, AuditStore } from './audit.store';

export interface AuditContext {
  actor: string;
  from?: string;
}

export function createAuditLog(store: AuditStore, now: () => Date = () => new Date()) {
  return {
    ensureIndexes: () => store.ensureIndexes(),
    async record(context: AuditContext, action: AuditAction, fields: { caseId?: string; detail?: string; outcome?: AuditEntry['outcome'] } = {}): Promise<void> {
      await store.append({
        id: randomUUID(),
        at: now(),
        actor: context.actor,
        action,
        ...(fields.caseId ? { caseId: fields.caseId } : {}),
        ...(fields.detail ? { detail: fields.detail.slice(0, 200) } : {}),
        ...(context.from ? { from: context.from } : {}),
        outcome: fields.outcome ?? 'ok',
      });
    },
    forCase: (caseId: string, limit = 500) => store.forCase(caseId, limit),
    byActor: (actor: string, limit = 200) => store.byActor(actor, limit),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
