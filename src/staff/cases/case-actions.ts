// What staff do to a case. Each action is one compare-and-set on the case at the revision the officer was
// looking at: if someone else changed the case in between, nothing is changed and the officer is told
// (and the attempt is in the audit trail). Words an officer writes (notes, reasons) are sealed.
import type { CaseChange, CaseEvent, CaseRecord, CaseRepository, CaseStatus } from '../../cases/case.repository';
import type { FieldCipher } from '../../crypto/field-cipher';
import { deadlinesFor } from '../../cases/deadlines';
import { PRIORITY_RANK, type PolicyPack, type Priority, type RiskLevel } from '../../policy/pack.schema';
import type { StaffPrincipal } from '../access/permissions';
import type { AuditLog } from '../audit/audit.service';

/** new → acknowledged → investigating → action plan agreed, one step at a time; any open case can be closed. */
export const NEXT_STATUS: Record<CaseStatus, CaseStatus[]> = {
  new: ['acknowledged', 'closed'],
  acknowledged: ['investigating', 'closed'],
  investigating: ['action_plan_agreed', 'closed'],
  action_plan_agreed: ['closed'],
  closed: [],
};

export type ActionResult = { ok: true } | { ok: false; problem: 'conflict' | 'invalid'; field?: string; key: string };

export const MAX_NOTE_LENGTH = 5000;

export interface CaseActionsDeps {
  repository: Pick<CaseRepository, 'change' | 'acknowledgeAlert'>;
  cipher: FieldCipher;
  audit: AuditLog;
  pack: PolicyPack;
  /** Is this account someone in the team who works on cases (for assigning to a colleague)? */
  isColleague: (accountId: string, teamId: string) => Promise<boolean>;
  now: () => Date;
  /** Told once a case is closed, with the case as it was just before (the closing survey goes from here). */
  onClosed?: (before: CaseRecord) => Promise<void>;
}

export interface Actor {
  user: StaffPrincipal;
  from: string;
}

const invalid = (key: string, field?: string): ActionResult => ({ ok: false, problem: 'invalid', key, ...(field ? { field } : {}) });

export function createCaseActions(deps: CaseActionsDeps) {
  const { repository, cipher, audit } = deps;

  async function apply(record: CaseRecord, actor: Actor, revision: number, change: CaseChange, event: Omit<CaseEvent, 'at' | 'actor'>, summary: string): Promise<ActionResult> {
    const at = deps.now();
    const result = await repository.change(record.id, revision, change, { at, actor: actor.user.id, ...event });
    if (result === 'changed') {
      await audit.record({ actor: actor.user.id, from: actor.from }, 'case.change', { caseId: record.id, detail: summary });
      return { ok: true };
    }
    await audit.record({ actor: actor.user.id, from: actor.from }, 'case.change', { caseId: record.id, detail: summary, outcome: 'conflict' });
    return { ok: false, problem: 'conflict', key: 'case.changedBySomeoneElse' };
  }

  return {
    /** To a member of the case's team (or to nobody). */
    async assign(record: CaseRecord, actor: Actor, revision: number, to: string | null): Promise<ActionResult> {
      if (to !== null && !(await deps.isColleague(to, record.teamId))) return invalid('case.errors.assignee', 'assignee');
      if ((record.assignedTo ?? null) === to) return invalid('case.errors.sameAssignee', 'assignee');
      const firstTime = to !== null && !record.sla.assignedAt;
      return apply(record, actor, revision, { assignedTo: to, ...(firstTime ? { sla: { assignedAt: deps.now() } } : {}) }, { type: to ? 'case.assigned' : 'case.unassigned', ...(to ? { note: `to ${to}` } : {}) }, to ? `assigned to ${to}` : 'unassigned');
    },

    /** A private note: staff only, never sent to the reporter. */
    async note(record: CaseRecord, actor: Actor, revision: number, text: string): Promise<ActionResult> {
      const trimmed = text.trim();
      if (!trimmed) return invalid('case.errors.noteEmpty', 'note');
      if (trimmed.length > MAX_NOTE_LENGTH) return invalid('case.errors.noteTooLong', 'note');
      return apply(record, actor, revision, {}, { type: 'note.added', detail: cipher.encrypt(trimmed) }, 'private note added');
    },

    async changeStatus(record: CaseRecord, actor: Actor, revision: number, to: string, outcome?: string): Promise<ActionResult> {
      const target = NEXT_STATUS[record.status].find((s) => s === to);
      if (!target) return invalid('case.errors.status', 'status');
      if (target === 'closed' && !deps.pack.outcomes.some((o) => o.id === outcome)) return invalid('case.errors.outcome', 'outcome');
      const at = deps.now();
      const sla = target === 'acknowledged' ? { acknowledgedAt: at } : target === 'closed' ? { closedAt: at } : undefined;
      const result = await apply(
        record,
        actor,
        revision,
        { status: target, ...(target === 'closed' ? { outcome } : {}), ...(sla ? { sla } : {}) },
        { type: `status.${target}`, note: `${record.status} -> ${target}${target === 'closed' ? ` (${outcome})` : ''}` },
        `status ${record.status} → ${target}${target === 'closed' ? ` (${outcome})` : ''}`,
      );
      if (result.ok && target === 'closed') await deps.onClosed?.(record);
      return result;
    },

    /** The reporter has been contacted: the first-response clock stops (once). */
    async recordFirstResponse(record: CaseRecord, actor: Actor, revision: number, how: string): Promise<ActionResult> {
      if (record.sla.firstRespondedAt) return invalid('case.errors.alreadyResponded');
      const note = how.trim().slice(0, 200);
      return apply(record, actor, revision, { sla: { firstRespondedAt: deps.now() } }, { type: 'reporter.contacted', ...(note ? { detail: cipher.encrypt(note) } : {}) }, 'first response recorded');
    },

    /** Team, priority and risk decided again by a person, with the reason kept (sealed). */
    async retriage(record: CaseRecord, actor: Actor, revision: number, input: { teamId: string; priority: string; riskLevel: string; reason: string }): Promise<ActionResult> {
      if (!deps.pack.teams.some((t) => t.id === input.teamId)) return invalid('case.errors.team', 'teamId');
      if (!['urgent', 'high', 'normal'].includes(input.priority)) return invalid('case.errors.priority', 'priority');
      if (!['standard', 'medium', 'high'].includes(input.riskLevel)) return invalid('case.errors.risk', 'riskLevel');
      const reason = input.reason.trim();
      if (reason.length < 5) return invalid('case.errors.reason', 'reason');
      if (input.teamId === record.teamId && input.priority === record.priority && input.riskLevel === record.risk.level) return invalid('case.errors.nothingChanged', 'teamId');
      const moved = input.teamId !== record.teamId;
      const priority = input.priority as Priority;
      // A new priority or team sets the deadlines again, from when the report arrived (the pack's standards).
      const deadlines = deadlinesFor(record.deadlines?.receivedAt ?? record.createdAt, priority, deps.pack, { contactable: record.anonymity !== 'anonymous', teamId: input.teamId });
      const summary = `re-triaged: team ${record.teamId} → ${input.teamId}, priority ${record.priority} → ${input.priority}, risk ${record.risk.level} → ${input.riskLevel}`;
      return apply(
        record,
        actor,
        revision,
        {
          teamId: input.teamId,
          priority: { priority, priorityRank: PRIORITY_RANK[priority], firstResponseDue: deadlines.firstResponse.due, ...(deadlines.appointmentOffer ? { appointmentOfferDue: deadlines.appointmentOffer.due } : {}), deadlines },
          riskLevel: input.riskLevel as RiskLevel,
          ...(moved ? { assignedTo: null } : {}),
        },
        { type: 'case.retriaged', note: summary, detail: cipher.encrypt(reason.slice(0, MAX_NOTE_LENGTH)) },
        summary,
      );
    },

    async acknowledgeAlert(record: CaseRecord, actor: Actor, alertId: string): Promise<ActionResult> {
      const alert = record.alerts.find((a) => a.id === alertId);
      if (!alert) return invalid('case.errors.alert');
      const at = deps.now();
      const done = await repository.acknowledgeAlert(record.id, alertId, at, { at, actor: actor.user.id, type: 'alert.acknowledged', note: alert.type });
      await audit.record({ actor: actor.user.id, from: actor.from }, 'case.change', { caseId: record.id, detail: `alert ${alert.type} acknowledged`, ...(done ? {} : { outcome: 'conflict' }) });
      return done ? { ok: true } : { ok: false, problem: 'conflict', key: 'case.alreadyAcknowledged' };
    },
  };
}

export type CaseActions = ReturnType<typeof createCaseActions>;
