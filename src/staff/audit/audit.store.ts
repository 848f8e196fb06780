// The staff audit trail: who did or tried what, when, to which case and from where. Append-only: the port
// has no update and no delete, so nothing in the console can rewrite it.

/** What happened. `case.*.view` actions are reads; `denied` records a refused attempt. */
export type AuditAction =
  | 'case.view'
  | 'case.identity.view'
  | 'case.transcript.view'
  | 'case.evidence.view'
  | 'case.evidence.download'
  | 'case.export'
  | 'case.change'
  | 'case.denied'
  | 'case.audit.view'
  /** A conversation handed to a person: opened, taken, passed on, put back, handed back, closed, escalated. */
  | 'handoff.view'
  | 'handoff.claim'
  | 'handoff.release'
  | 'handoff.transfer'
  | 'handoff.hand-back'
  | 'handoff.close'
  | 'handoff.escalated'
  | 'signin.succeeded'
  | 'signin.failed'
  | 'signin.refused'
  | 'signout'
  | 'account.created'
  | 'account.changed'
  /** A request refused before it could change anything (a missing or wrong form token, another site). */
  | 'request.refused';

export interface AuditEntry {
  id: string;
  at: Date;
  /** Staff account id, or 'cli' / 'setup' / 'anonymous'. Never a name. */
  actor: string;
  action: AuditAction;
  caseId?: string;
  /** A short, non-identifying detail: "status acknowledged → investigating", "evidence 3f2…", "not in scope". */
  detail?: string;
  /** The client address (as the proxy gave it). */
  from?: string;
  outcome: 'ok' | 'refused' | 'conflict' | 'failed';
}

export interface AuditStore {
  ensureIndexes(): Promise<void>;
  append(entry: AuditEntry): Promise<void>;
  /** A case's trail, oldest first (bounded: a case's trail is read a page at a time). */
  forCase(caseId: string, limit: number): Promise<AuditEntry[]>;
  /** Everything one account did, newest first. */
  byActor(actor: string, limit: number): Promise<AuditEntry[]>;
}
