// Deadlines: when the clock starts on a report and when its first response (and appointment offer) is due,
// from the pack's service standards for the case's priority. Pure: the instant comes in.
import type { PolicyPack, Priority } from '../policy/pack.schema';
import { addWorkingDays, nextOpening } from '../policy/working-days';

export interface FirstResponseDeadline {
  due: Date;
  priority: Priority;
  /** Clock hours, or working days, as the pack sets them for this priority. */
  hours?: number;
  workingDays?: number;
  /** Counted from receipt at any hour (an out-of-hours duty route takes the case). */
  roundTheClock: boolean;
  /** `reporter`: someone responds to them; `none`: an anonymous report, so staff first act on it by then. */
  to: 'reporter' | 'none';
  source: string;
}

export interface Deadlines {
  /** When the report was received. */
  receivedAt: Date;
  /** When the pack's clock starts: receipt, or when the office next opens (`afterHours`). */
  clockStartsAt: Date;
  firstResponse: FirstResponseDeadline;
  appointmentOffer?: { due: Date; workingDays: number; source: string };
}

export function deadlinesFor(receivedAt: Date, priority: Priority, pack: PolicyPack, options: { contactable: boolean; teamId: string }): Deadlines {
  const { firstResponse, appointmentOffer, afterHours } = pack.serviceStandards;
  const mode = afterHours.clockStartsAt;
  const clockStartsAt = mode === 'receipt' ? receivedAt : nextOpening(receivedAt, pack.calendar, pack.officeHours);
  const standard = firstResponse[priority];
  const to = options.contactable ? 'reporter' : 'none';
  const first: FirstResponseDeadline =
    'hours' in standard
      ? {
          due: new Date((standard.roundTheClock ? receivedAt : clockStartsAt).getTime() + standard.hours * 3600_000),
          priority,
          hours: standard.hours,
          roundTheClock: standard.roundTheClock,
          to,
          source: standard.source,
        }
      : { due: addWorkingDays(receivedAt, standard.workingDays, pack.calendar, mode), priority, workingDays: standard.workingDays, roundTheClock: false, to, source: standard.source };
  const offerApplies = appointmentOffer !== undefined && options.contactable && (appointmentOffer.teamIds === undefined || appointmentOffer.teamIds.includes(options.teamId));
  return {
    receivedAt,
    clockStartsAt: first.roundTheClock ? receivedAt : clockStartsAt,
    firstResponse: first,
    ...(offerApplies && appointmentOffer
      ? { appointmentOffer: { due: addWorkingDays(receivedAt, appointmentOffer.workingDays, pack.calendar, mode), workingDays: appointmentOffer.workingDays, source: appointmentOffer.source } }
      : {}),
  };
}
