// The Case as stored, and the repository port. Sensitive values arrive here already sealed by the field
// cipher (strings `v1:<keyId>:…`); the repository never sees plain text of what happened or who.
import type { ChannelKind } from '../../dialogs/shared/contract';
import type { Answer, AnonymityTier, ContactChannel, ReporterRole } from '../../dialogs/shared/report';
import type { CategoryKind, Priority } from '../policy/pack.schema';
import type { Task } from './responses';
import type { MaracCriterion, RiskLevel } from './risk';
import type { Deadlines } from './deadlines';
import type { TriageFlags, TriageReason } from './triage';

/** A value encrypted by the field cipher. */
export type Sealed = string;

/** The lifecycle: new → acknowledged → investigating → action plan agreed → closed (with an outcome code from the pack). */
export const CASE_STATUSES = ['new', 'acknowledged', 'investigating', 'action_plan_agreed', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'acknowledged', 'investigating', 'action_plan_agreed'];

/** Who may see identity fields: everyone on the case's landlord staff, the owning team only, or nobody (none stored). */
export type IdentityAccess = 'all_staff' | 'owning_team' | 'none';

export interface CaseEvent {
  at: Date;
  type: string;
  /** Staff user id or 'system' / 'reporter'. Never a name. */
  actor: string;
  /** Short, non-identifying note (e.g. "status new → acknowledged"). */
  note?: string;
  /** Sealed free text that may identify someone: a private note, the reason for a re-triage. */
  detail?: Sealed;
}

export interface CaseAlert {
  id: string;
  at: Date;
  type: string;
  detail: string;
  acknowledgedAt?: Date;
}

export interface CaseRecord {
  id: string;
  reference: string;
  landlordId: string;
  channel: ChannelKind;
  locale: string;
  sessionId: string;
  /** Link to the conversation transcript (a keyed hash, never the address). */
  conversationKey?: string;
  /**
   * Opened early, as urgent, while the person is still answering (or after they stopped): what they said so
   * far, updated as they answer; absent once they send the report.
   */
  partial?: boolean;
  /**
   * A further report about the same party (the same problem: who is causing it, where) made while this case
   * was open: not a new case for the performance report (TSM NM01). Staff still see and close it.
   */
  furtherReportOf?: string;

  category: { id: string; kind: CategoryKind; subcategoryId?: string; hateMotivations: string[]; domesticAbuseForms: string[] };
  incident: {
    description: Sealed;
    when?: Sealed;
    where?: Sealed;
    recurring?: boolean;
    atReporterHome?: boolean;
    ongoing?: Answer;
    violenceOrThreats?: Answer;
    dangerRemaining?: Answer;
    targetedPropertyDamage?: Answer;
  };
  perpetrator: { known?: Answer; description?: Sealed; isOurTenant?: Answer };
  /** The person who made the report (a victim, witness, third party or professional). */
  reporter: {
    role: ReporterRole;
    relationship?: string;
    organisation?: string;
    professionalRole?: string;
    maracReferral?: boolean;
    /** Sealed JSON {name?, address?}. Absent on anonymous cases. */
    identity?: Sealed;
    /** Sealed JSON of the reporter's own contact details. Absent on anonymous cases. */
    contact?: Sealed;
  };
  /** The person harmed, kept apart from a referrer. */
  victim?: { knowsAboutReport?: Answer; consentGiven?: Answer; identity?: Sealed; contact?: Sealed };
  consent: { victimConsentToReferral?: Answer };
  anonymity: AnonymityTier;
  identityAccess: IdentityAccess;
  /** Paths of the identity fields that `identityAccess` governs. */
  identityFields: string[];
  safeContact?: { channels: ContactChannel[]; voicemailOk: boolean; othersReadMessages: boolean; details?: Sealed };
  /** Keyed hashes of every contact address given (none on anonymous cases). */
  contactHashes: string[];
  tenure?: string;
  safety: { immediateDangerAtStart: boolean; safeToTalk: boolean; othersMayReadMessages?: Answer; selfHarmDisclosed?: boolean; discreet?: boolean };
  police: { involved?: Answer; crimeReference?: Sealed };
  evidence: { description?: Sealed; mediaIds: string[] };
  vulnerability: { childrenInvolved?: Answer; vulnerableAdultInvolved?: Answer; impact?: Sealed };
  risk: {
    level: RiskLevel;
    /** Sealed JSON {dash?, harm?} of the answers given. */
    answers?: Sealed;
    dash?: {
      yesCount: number;
      answered: number;
      level: RiskLevel;
      marac: boolean;
      /** SafeLives MARAC criteria met; `namedFlags`: strangulation, threats to kill, stalking, separation answered yes. */
      criteria: MaracCriterion[];
      namedFlags: string[];
      professionalJudgement: boolean;
      completed: boolean;
    };
    /** What a referring professional told us (OVH 2.6): their Dash score, level, high risk on judgement. */
    professionalAssessment?: { dashYesCount?: number; level?: RiskLevel; highRiskByJudgement?: boolean };
    policeCallOuts?: number;
    dashDeferred?: boolean;
    /** Discreet mode: where the checklist and helplines go instead of the chat (a call at a safe time, the web chat, not now). */
    saferPlace?: 'call' | 'webchat' | 'declined';
    harm?: { yesCount: number; answered: number; level: RiskLevel; factors: string[] };
    hateIncident: boolean;
    harassmentCourseOfConduct: boolean;
  };
  triage: {
    at: Date;
    disposition: 'case' | 'signposted';
    teamKey: string;
    reasons: TriageReason[];
    rules: string[];
    flags: TriageFlags;
    helplineIds: string[];
    /** Work for staff from the pack (OVH 1.5.2.3 drugs → pass to police; SLH vandalism → repairs). */
    tasks?: Task[];
    /** Policy notices said to the reporter after submission (OVH 2.7, 3.9.4). */
    noticeKeys?: string[];
  };
  teamId: string;
  priority: Priority;
  /** 1 urgent, 2 high, 3 normal: sort a queue by this, then by `firstResponseDue`. */
  priorityRank: number;
  status: CaseStatus;
  outcome?: string;
  /** The member of staff (account id) who has the case. */
  assignedTo?: string;
  /** First response due (first action, on an anonymous case): `deadlines.firstResponse.due`. */
  firstResponseDue?: Date;
  appointmentOfferDue?: Date;
  /** Receipt, when the pack's clock started, and how each deadline was set (hours or working days). */
  deadlines?: Deadlines;
  sla: { acknowledgedAt?: Date; assignedAt?: Date; firstRespondedAt?: Date; appointmentOfferedAt?: Date; closedAt?: Date };
  /** The closing survey, once one is sent (CaseSurvey). */
  survey?: CaseSurvey;
  events: CaseEvent[];
  alerts: CaseAlert[];
  createdAt: Date;
  updatedAt: Date;
  /** Goes up by one with every change: a change made against an older revision is refused (compare-and-set). */
  revision: number;
}

/** What one staff action may change on a case, all at once or not at all. */
export interface CaseChange {
  status?: CaseStatus;
  outcome?: string;
  /** null: unassign. */
  assignedTo?: string | null;
  teamId?: string;
  /** A new priority comes with its rank and the deadlines it gives. */
  priority?: { priority: Priority; priorityRank: number; firstResponseDue?: Date; appointmentOfferDue?: Date; deadlines?: Deadlines };
  riskLevel?: RiskLevel;
  sla?: Partial<CaseRecord['sla']>;
}

/** The queue's filters; each one present must hold. */
export interface QueueFilter {
  statuses?: CaseStatus[];
  kind?: CategoryKind;
  channel?: string;
  /** An account id, or null for "nobody has it". */
  assignedTo?: string | null;
}

/** What a conversation brings to a case it opened early: the report's content and triage (set), fields it no longer has (unset). */
export interface ReportUpdate {
  set: Partial<Omit<CaseRecord, 'id' | 'reference' | 'events' | 'alerts' | 'revision' | 'createdAt' | 'status' | 'assignedTo' | 'sla' | 'outcome'>>;
  unset: string[];
}

/** A queue row: what a list of cases shows, without any sealed field or the history. */
export type QueueRow = Pick<CaseRecord, 'id' | 'reference' | 'category' | 'priority' | 'status' | 'channel' | 'locale' | 'assignedTo' | 'firstResponseDue' | 'appointmentOfferDue' | 'createdAt' | 'updatedAt' | 'teamId' | 'anonymity' | 'partial'> & {
  riskLevel: RiskLevel;
  flags: TriageFlags;
  firstRespondedAt?: Date;
  openAlerts: number;
};

export type SlaField = keyof CaseRecord['sla'];

/**
 * The closing survey as the performance report reads it (OVH 3.9.1, TSM TP12): when it went and what came back,
 * each answer one of the TSM's five (`very_satisfied` … `very_dissatisfied`) or `dont_know`. Absent until a
 * survey is sent; the report counts nothing for a case without one.
 */
export interface CaseSurvey {
  sentAt?: Date;
  answeredAt?: Date;
  /** Satisfaction with the way the landlord handled the case (TP12). */
  approach?: string;
  /** Satisfaction with the outcome (OVH 5.1). */
  outcome?: string;
}

/** A case as it is after a write, for those told of every write (the report's counts per day): no sealed field. */
export type CaseSnapshot = Pick<CaseRecord, 'id' | 'reference' | 'landlordId' | 'channel' | 'anonymity' | 'identityAccess' | 'teamId' | 'priority' | 'status' | 'outcome' | 'furtherReportOf' | 'createdAt' | 'updatedAt' | 'revision'> & {
  survey?: CaseSurvey;
  category: Pick<CaseRecord['category'], 'id' | 'kind' | 'subcategoryId' | 'hateMotivations'>;
  risk: Pick<CaseRecord['risk'], 'level' | 'hateIncident'>;
  triage: { disposition: CaseRecord['triage']['disposition']; flags: Pick<TriageFlags, 'marac'> };
  deadlines?: Pick<Deadlines, 'receivedAt'>;
  sla: Pick<CaseRecord['sla'], 'firstRespondedAt' | 'closedAt'>;
};

/** Told after every stored change to a case (in the order they were made, from this process). */
export type CaseWriteObserver = (snapshot: CaseSnapshot) => Promise<void>;

export class DuplicateCaseError extends Error {
  constructor(readonly field: 'sessionId' | 'reference' | 'unknown') {
    super(`a case with this ${field} already exists`);
    this.name = 'DuplicateCaseError';
  }
}

export interface CaseRepository {
  ensureIndexes(): Promise<void>;
  /** Throws DuplicateCaseError when the reference or session id is taken. */
  insert(record: CaseRecord): Promise<void>;
  findById(id: string): Promise<CaseRecord | undefined>;
  findByReference(reference: string): Promise<CaseRecord | undefined>;
  findBySessionId(sessionId: string): Promise<CaseRecord | undefined>;
  /** Just the id and status of a case by id or reference (no history read): for changes that need no more. */
  locate(by: { id: string } | { reference: string }): Promise<{ id: string; reference: string; status: CaseStatus; furtherReportOf?: string } | undefined>;
  findOpenByContactHash(contactHash: string): Promise<CaseRecord[]>;
  /** Cases (open or closed, signposted included) with this contact hash created at or after `since`. */
  countByContactHashSince(contactHash: string, since: Date): Promise<number>;
  /** A team's open cases: urgent first, then high, then normal; within each, first response due soonest (none last). */
  listQueue(teamId: string, filter: QueueFilter, limit: number): Promise<QueueRow[]>;
  /** How many open cases a team has, and a token that changes whenever one of them (or the set) changes. */
  queueVersion(teamId: string): Promise<{ open: number; version: string }>;
  /** Compare-and-set on the revision: 'conflict' when the case moved on since `revision` was read. */
  change(id: string, revision: number, change: CaseChange, event: CaseEvent): Promise<'changed' | 'conflict' | 'missing'>;
  /** Marks an alert seen (once); false when it does not exist or was already acknowledged. */
  acknowledgeAlert(caseId: string, alertId: string, at: Date, event: CaseEvent): Promise<boolean>;
  /** Appends to the history; never rewrites it. False when the case does not exist. */
  appendEvent(id: string, event: CaseEvent, at: Date): Promise<boolean>;
  /** False when the case is gone, or an alert with this id is there already (an id made of a key raises it once). */
  addAlert(id: string, alert: CaseAlert, event: CaseEvent): Promise<boolean>;
  /** Deletes closed cases of one kind closed before `before`, with their history and alerts. Returns their ids. */
  purgeClosedBefore(kind: CategoryKind, before: Date, limit: number): Promise<string[]>;
  /** Compare-and-set on the revision: brings a case opened early up to date with the conversation (and an event, when given). */
  updateReport(id: string, revision: number, update: ReportUpdate, event?: CaseEvent): Promise<'changed' | 'conflict' | 'missing'>;
  /** Sets an SLA timestamp only the first time. True when it was set now. */
  setSlaOnce(id: string, field: SlaField, at: Date, event: CaseEvent): Promise<boolean>;
  /** Notes the closing survey going out or coming back (parts given are set, the rest kept); false when the case is gone. */
  recordSurvey(id: string, survey: Partial<CaseSurvey>, event: CaseEvent): Promise<boolean>;
}
