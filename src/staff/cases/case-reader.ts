// Reading a case as a member of staff: found by reference (or id), shown only to those whose role sees it
// (anyone else gets the same "not found" as for a case that does not exist, and the attempt is audited),
// identity opened only for those who may see it, and every read recorded.
import type { CaseRecord } from '../../cases/case.repository';
import { openCase, type CaseView } from '../../cases/case-open';
import type { FieldCipher } from '../../crypto/field-cipher';
import type { Access, CaseScopeFacts, StaffPrincipal } from '../access/permissions';
import type { AuditLog } from '../audit/audit.service';

export interface StaffCase {
  record: CaseRecord;
  view: CaseView;
  facts: CaseScopeFacts;
  identityShown: boolean;
  /** Private notes and re-triage reasons, opened. */
  details: Map<number, string>;
}

export interface CaseReaderDeps {
  getRecord: (idOrReference: string) => Promise<CaseRecord | undefined>;
  access: Access;
  audit: AuditLog;
  cipher: FieldCipher;
}

export function scopeFacts(record: Pick<CaseRecord, 'teamId' | 'category' | 'risk' | 'triage' | 'priority' | 'identityAccess'>): CaseScopeFacts {
  return {
    teamId: record.teamId,
    kind: record.category.kind,
    highRisk: record.risk.level === 'high' || record.triage.flags.marac || record.priority === 'urgent',
    identityAccess: record.identityAccess,
  };
}

/** Safe to echo into an audit detail: what a reference or id looks like, nothing else. */
const tidy = (text: string) => text.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40);

export function createCaseReader(deps: CaseReaderDeps) {
  return {
    /** The case if this person may see it; undefined (and an audit entry) otherwise. Nothing is recorded as read here. */
    async find(reference: string, user: StaffPrincipal, from: string): Promise<{ record: CaseRecord; facts: CaseScopeFacts } | undefined> {
      const record = await deps.getRecord(reference);
      if (!record) {
        await deps.audit.record({ actor: user.id, from }, 'case.denied', { detail: `no case "${tidy(reference)}"`, outcome: 'refused' });
        return undefined;
      }
      const facts = scopeFacts(record);
      if (!deps.access.canSeeCase(user, facts)) {
        await deps.audit.record({ actor: user.id, from }, 'case.denied', { caseId: record.id, detail: 'not in this role’s cases', outcome: 'refused' });
        return undefined;
      }
      return { record, facts };
    },

    /** Opens the case for reading and records the read (and the identity read, when identity was shown). */
    async read(reference: string, user: StaffPrincipal, from: string): Promise<StaffCase | undefined> {
      const found = await this.find(reference, user, from);
      if (!found) return undefined;
      const { record, facts } = found;
      const identityShown = deps.access.canSeeIdentity(user, facts) && record.identityFields.length > 0;
      const view = openCase(record, deps.cipher, { withIdentity: deps.access.canSeeIdentity(user, facts) });
      await deps.audit.record({ actor: user.id, from }, 'case.view', { caseId: record.id });
      if (identityShown) await deps.audit.record({ actor: user.id, from }, 'case.identity.view', { caseId: record.id, detail: record.identityFields.join(', ') });
      const details = new Map<number, string>();
      record.events.forEach((event, i) => {
        if (event.detail) details.set(i, deps.cipher.decrypt(event.detail));
      });
      return { record, view, facts, identityShown, details };
    },
  };
}

export type CaseReader = ReturnType<typeof createCaseReader>;
