// The plan agreed with the reporter (OVH 3.2.5 and 3.3, SLH "agree with the complainant what action we will
// take and keep them informed"): actions with an owner (the landlord or the reporter), words and a due date, and
// how often they will hear from us, in working days on the pack's calendar (Hammersmith & Fulham commits to every
// 10). Each change is written on the case first at the revision the officer saw (a double press, or a colleague's
// change meanwhile, changes nothing), then on the plan; descriptions may hold the reporter's words and are sealed.
// An update sent to the reporter moves the next one due; the team leader lists the open cases whose is overdue.
import { randomUUID } from 'node:crypto';
import type { CaseRecord, CaseRepository, QueueRow, Sealed } from '../cases/case.repository';
import type { FieldCipher } from '../crypto/field-cipher';
import { addWorkingDays, type WorkingCalendar } from '../policy/working-days';

export type PlanOwner = 'landlord' | 'reporter';

export interface PlanAction {
  id: string;
  owner: PlanOwner;
  description: Sealed;
  /** The local date it is due by (YYYY-MM-DD). */
  due: string;
  addedAt: Date;
  doneAt?: Date;
}

export interface CasePlan {
  caseId: string;
  actions: PlanAction[];
  everyWorkingDays?: number;
  lastUpdateAt?: Date;
  nextUpdateDue?: Date;
}

export interface PlanStore {
  ensureIndexes(): Promise<void>;
  find(caseId: string): Promise<CasePlan | undefined>;
  findMany(caseIds: string[]): Promise<CasePlan[]>;
  addAction(caseId: string, action: PlanAction): Promise<void>;
  /** False when the action is not there or was already done. */
  markDone(caseId: string, actionId: string, at: Date): Promise<boolean>;
  setFrequency(caseId: string, everyWorkingDays: number, nextUpdateDue: Date): Promise<void>;
  updateSent(caseId: string, at: Date, nextUpdateDue: Date | undefined): Promise<void>;
  removeForCases(caseIds: string[]): Promise<number>;
}

export const MAX_ACTION_LENGTH = 500;
/** Working days between updates an officer may agree (a quarter at most). */
export const MAX_EVERY_WORKING_DAYS = 60;

export type PlanResult = { ok: true } | { ok: false; problem: 'conflict' | 'invalid' | 'closed'; field?: string };

export interface CasePlansDeps {
  store: PlanStore;
  repository: Pick<CaseRepository, 'change' | 'listQueue'>;
  cipher: FieldCipher;
  calendar: WorkingCalendar;
  now: () => Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function createCasePlans(deps: CasePlansDeps) {
  const { store, cipher } = deps;

  /** On the case first, at the revision the officer saw; only then on the plan. */
  async function onCase(record: CaseRecord, actor: string, revision: number, type: string, note: string, detail?: string): Promise<PlanResult> {
    if (record.status === 'closed') return { ok: false, problem: 'closed' };
    const at = deps.now();
    const changed = await deps.repository.change(record.id, revision, {}, { at, type, actor, note, ...(detail ? { detail: cipher.encrypt(detail) } : {}) });
    return changed === 'changed' ? { ok: true } : { ok: false, problem: 'conflict' };
  }

  return {
    ensureIndexes: () => store.ensureIndexes(),

    /** The plan as staff read it: descriptions opened, actions by due date. */
    async read(caseId: string) {
      const plan = await store.find(caseId);
      const actions = (plan?.actions ?? []).map((a) => ({ ...a, text: cipher.decrypt(a.description) })).sort((a, b) => a.due.localeCompare(b.due));
      return { actions, everyWorkingDays: plan?.everyWorkingDays, lastUpdateAt: plan?.lastUpdateAt, nextUpdateDue: plan?.nextUpdateDue };
    },

    async addAction(record: CaseRecord, actor: string, revision: number, input: { owner: string; description: string; due: string }): Promise<PlanResult> {
      const description = input.description.trim();
      if (input.owner !== 'landlord' && input.owner !== 'reporter') return { ok: false, problem: 'invalid', field: 'owner' };
      if (!description || description.length > MAX_ACTION_LENGTH) return { ok: false, problem: 'invalid', field: 'description' };
      if (!DATE.test(input.due) || Number.isNaN(Date.parse(`${input.due}T12:00:00Z`))) return { ok: false, problem: 'invalid', field: 'due' };
      const done = await onCase(record, actor, revision, 'plan.action', `${input.owner}, due ${input.due}`, description);
      if (done.ok) await store.addAction(record.id, { id: randomUUID(), owner: input.owner, description: cipher.encrypt(description), due: input.due, addedAt: deps.now() });
      return done;
    },

    async markDone(record: CaseRecord, actor: string, revision: number, actionId: string): Promise<PlanResult> {
      const plan = await store.find(record.id);
      if (!plan?.actions.some((a) => a.id === actionId && !a.doneAt)) return { ok: false, problem: 'invalid', field: 'action' };
      const done = await onCase(record, actor, revision, 'plan.actionDone', `action ${actionId}`);
      if (done.ok) await store.markDone(record.id, actionId, deps.now());
      return done;
    },

    /** How often they hear from us; the next update is due that many working days after the last (or from now). */
    async setFrequency(record: CaseRecord, actor: string, revision: number, every: string): Promise<PlanResult> {
      const days = Number.parseInt(every, 10);
      if (!/^\d+$/.test(every.trim()) || days < 1 || days > MAX_EVERY_WORKING_DAYS) return { ok: false, problem: 'invalid', field: 'every' };
      const done = await onCase(record, actor, revision, 'plan.frequency', `every ${days} working days`);
      if (!done.ok) return done;
      const plan = await store.find(record.id);
      await store.setFrequency(record.id, days, addWorkingDays(plan?.lastUpdateAt ?? deps.now(), days, deps.calendar, 'receipt'));
      return done;
    },

    /** An update reached the outbound path: the next one is due a frequency's working days from now. */
    async updateSent(caseId: string, at: Date): Promise<void> {
      const plan = await store.find(caseId);
      await store.updateSent(caseId, at, plan?.everyWorkingDays ? addWorkingDays(at, plan.everyWorkingDays, deps.calendar, 'receipt') : undefined);
    },

    /** A team's open cases whose next update is overdue, most overdue first (a read of the team's open work). */
    async overdue(teamId: string, limit = 1000): Promise<{ row: QueueRow; plan: CasePlan }[]> {
      const now = deps.now().getTime();
      const rows = await deps.repository.listQueue(teamId, {}, limit);
      const plans = new Map((await store.findMany(rows.map((r) => r.id))).map((p) => [p.caseId, p]));
      return rows
        .flatMap((row) => {
          const plan = plans.get(row.id);
          return plan?.nextUpdateDue && plan.nextUpdateDue.getTime() < now ? [{ row, plan }] : [];
        })
        .sort((a, b) => a.plan.nextUpdateDue!.getTime() - b.plan.nextUpdateDue!.getTime());
    },

    forgetCases: (caseIds: string[]) => store.removeForCases(caseIds),
  };
}

export type CasePlans = ReturnType<typeof createCasePlans>;
