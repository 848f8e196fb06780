// Deadlines that speak (issue 18): a case's first response and appointment offer, the agreed plan's action dates
// and the next update due raise an alert on the case in the console a lead time before they pass (working hours
// on the pack's calendar; clock hours for a round-the-clock deadline) and again when they pass. Each alert's id
// is its key (case, deadline kind, stage, due time), so it is raised once however often, and by however many
// instances, the check runs; what is done (a first response recorded, an action marked done, an update sent,
// which moves the next one due) raises nothing. Run by one instance at a time under a lease (compose.ts).
import type { CaseRepository, QueueRow } from '../cases/case.repository';
import type { ServiceStandards } from '../policy/standards.schema';
import { zonedTime, type OfficeHours, type WorkingCalendar } from '../policy/working-days';
import type { CasePlan, PlanStore } from './plan';
import { workingMinutesBetween } from './working-time';

export type DeadlineKind = 'firstResponse' | 'appointmentOffer' | 'planAction' | 'nextUpdate';
export type DeadlineStage = 'soon' | 'overdue';

export interface DeadlineAlertsDeps {
  repository: Pick<CaseRepository, 'listQueue' | 'findById' | 'addAlert'>;
  plans: Pick<PlanStore, 'findMany'>;
  teamIds: readonly string[];
  /** The pack's first-response standards: a round-the-clock one is counted down in clock hours. */
  firstResponse: ServiceStandards['firstResponse'];
  calendar: WorkingCalendar;
  officeHours: OfficeHours;
  /** How long before a deadline the first alert comes, in working hours. */
  leadWorkingHours: number;
  /** Staff words (`staff:alertDetail.deadline.*`) and a date and time as the console shows it. */
  t: (key: string, params?: Record<string, unknown>) => string;
  when: (at: Date) => string;
  now: () => Date;
  /** Open cases read per team per run. */
  limit?: number;
}

interface Deadline {
  kind: DeadlineKind;
  due: Date;
  /** Counted in clock hours (an out-of-hours duty route takes the case), not working hours. */
  roundTheClock?: boolean;
  /** Which one, when a case has several of a kind (a plan action's id). */
  which?: string;
  owner?: 'landlord' | 'reporter';
}

function deadlinesOf(row: QueueRow, plan: CasePlan | undefined, deps: DeadlineAlertsDeps): Deadline[] {
  const zone = deps.calendar.timeZone ?? 'Europe/London';
  const list: Deadline[] = [];
  const standard = deps.firstResponse[row.priority];
  const roundTheClock = 'hours' in standard && standard.roundTheClock;
  if (row.firstResponseDue && !row.firstRespondedAt) list.push({ kind: 'firstResponse', due: row.firstResponseDue, roundTheClock });
  if (row.appointmentOfferDue) list.push({ kind: 'appointmentOffer', due: row.appointmentOfferDue });
  // A plan date is due by the end of that working day.
  for (const action of plan?.actions ?? []) {
    if (!action.doneAt) list.push({ kind: 'planAction', due: zonedTime(action.due, deps.officeHours.close, zone), which: action.id, owner: action.owner });
  }
  if (plan?.nextUpdateDue) list.push({ kind: 'nextUpdate', due: plan.nextUpdateDue });
  return list;
}

export function createDeadlineAlerts(deps: DeadlineAlertsDeps) {
  const lead = deps.leadWorkingHours * 60;

  function stageOf(deadline: Deadline, at: Date): DeadlineStage | undefined {
    if (deadline.due.getTime() <= at.getTime()) return 'overdue';
    const left = deadline.roundTheClock ? (deadline.due.getTime() - at.getTime()) / 60_000 : workingMinutesBetween(at, deadline.due, deps.calendar, deps.officeHours, lead + 1);
    return left <= lead ? 'soon' : undefined;
  }

  async function raise(row: QueueRow, deadline: Deadline, stage: DeadlineStage, at: Date): Promise<boolean> {
    const id = `deadline:${row.id}:${deadline.kind}${deadline.which ? `:${deadline.which}` : ''}:${stage}:${deadline.due.toISOString()}`;
    const owner = deadline.owner ? deps.t(`staff:alertDetail.deadline.owner.${deadline.owner}`) : '';
    const detail = deps.t(`staff:alertDetail.deadline.${deadline.kind}.${stage}`, { when: deps.when(deadline.due), owner });
    const type = `deadline_${stage}`;
    return deps.repository.addAlert(row.id, { id, at, type, detail }, { at, type: 'alert.added', actor: 'system', note: `${type} ${deadline.kind}` });
  }

  return {
    /** One pass over every team's open cases; how many alerts it raised (0 on a second pass at the same time). */
    async run(): Promise<number> {
      const at = deps.now();
      let raised = 0;
      for (const teamId of deps.teamIds) {
        const rows = await deps.repository.listQueue(teamId, {}, deps.limit ?? 1000);
        const plans = new Map((await deps.plans.findMany(rows.map((r) => r.id))).map((p) => [p.caseId, p]));
        for (const row of rows) {
          for (const deadline of deadlinesOf(row, plans.get(row.id), deps)) {
            const stage = stageOf(deadline, at);
            if (!stage) continue;
            // The queue row has the appointment's due date but not whether it was offered: the case says.
            if (deadline.kind === 'appointmentOffer' && (await deps.repository.findById(row.id))?.sla.appointmentOfferedAt) continue;
            if (await raise(row, deadline, stage, at)) raised += 1;
          }
        }
      }
      return raised;
    },
  };
}

export type DeadlineAlerts = ReturnType<typeof createDeadlineAlerts>;
