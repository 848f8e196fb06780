// What every console page says about people waiting for a person: how many wait that this member of staff
// may take (the count beside "Waiting for a person" and in the tab title, announced when it grows), and the
// urgent ones nobody took within the pack's minutes. Those reach the team leaders (`conversations.escalations`)
// wherever they are in the console; out of hours, whoever is signed in and may take it is shown the duty route.
// Reads only the bounded list of waiting requests, never what the person said (nothing is opened).
import type { HandoffRecord } from '../../cases/handoff.mongo';
import type { HandoffService } from '../../cases/handoff.service';
import type { PolicyPack } from '../../policy/pack.schema';
import { isWorkingTime } from '../../policy/working-days';
import type { Access, StaffPrincipal } from '../access/permissions';

export interface WaitingAlert {
  /** Waiting requests this person may take. */
  waiting: number;
  urgent: number;
  /** Urgent requests nobody took in time, oldest first, that this person is to be told of. */
  escalated: { id: string; waitedMinutes: number }[];
  /** Out of hours: the pack's duty route, shown with the escalated ones. */
  dutyRoute?: { route: string; phone?: string };
}

export function createWaitingAlert(deps: {
  handoffs: Pick<HandoffService, 'repository'>;
  access: Access;
  canSee: (user: StaffPrincipal, record: HandoffRecord) => boolean;
  pack: PolicyPack;
  now: () => Date;
}) {
  return async function alertFor(user: StaffPrincipal): Promise<WaitingAlert> {
    const now = deps.now();
    const waiting = (await deps.handoffs.repository.listByStatus('waiting', 200)).filter((r) => deps.canSee(user, r));
    const outOfHours = !isWorkingTime(now, deps.pack.calendar, deps.pack.officeHours);
    const told = outOfHours || deps.access.can(user, 'conversations.escalations');
    const escalated = told
      ? waiting.filter((r) => r.escalatedAt !== undefined).map((r) => ({ id: r.id, waitedMinutes: Math.max(0, Math.floor((now.getTime() - r.createdAt.getTime()) / 60_000)) }))
      : [];
    const duty = deps.pack.serviceStandards.outOfHours;
    return {
      waiting: waiting.length,
      urgent: waiting.filter((r) => r.urgent === true || r.reason === 'danger').length,
      escalated,
      ...(outOfHours && escalated.length > 0 ? { dutyRoute: { route: duty.route, ...(duty.phone ? { phone: duty.phone } : {}) } } : {}),
    };
  };
}
