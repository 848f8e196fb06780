// The deadlines part of triage: when the first response (or, with no way to reach the person, the first action)
// and the appointment offer are due for the priority (OVH 3.2.4 and the pack's defaults), with the reasons staff
// read. An anonymous case still gets one: there is no one to respond to, but staff must act on it by then. Pure.
import type { ReportDraft } from '../../dialogs/shared/report';
import type { PolicyPack, Priority } from '../policy/pack.schema';
import { localDate, localDateTime } from '../policy/working-days';
import { hasContactRoute } from './contact-route';
import { deadlinesFor, type Deadlines } from './deadlines';

type Because = (key: string, source: string, params?: Record<string, string | number>) => void;

export function deadlinesWithReasons(report: ReportDraft, pack: PolicyPack, now: Date, priority: Priority, teamId: string, because: Because): Deadlines {
  const deadlines = deadlinesFor(now, priority, pack, { contactable: hasContactRoute(report), teamId });
  const tz = pack.calendar.timeZone;
  const first = deadlines.firstResponse;
  const params = { priority, due: localDateTime(first.due, tz) };
  if (deadlines.clockStartsAt.getTime() !== now.getTime()) {
    because('triage:reason.clockStartsAtOpening', pack.serviceStandards.afterHours.source, { start: localDateTime(deadlines.clockStartsAt, tz) });
  }
  // An urgent case with no way to reach the reporter is still acted on round the clock: the duty route is named.
  if (first.to === 'none' && first.roundTheClock) because('triage:reason.firstActionDuty', first.source, { ...params, route: pack.serviceStandards.outOfHours.route });
  else if (first.to === 'none') because('triage:reason.firstActionAnonymous', first.source, params);
  else if (first.hours !== undefined && first.roundTheClock) because('triage:reason.firstResponseHoursDuty', first.source, { ...params, count: first.hours, route: pack.serviceStandards.outOfHours.route });
  else if (first.hours !== undefined) because('triage:reason.firstResponseHours', first.source, { ...params, count: first.hours });
  else because('triage:reason.firstResponseDays', first.source, { ...params, count: first.workingDays ?? 0 });
  const offer = pack.serviceStandards.appointmentOffer;
  if (deadlines.appointmentOffer) {
    because('triage:reason.appointmentOfferDue', deadlines.appointmentOffer.source, { count: deadlines.appointmentOffer.workingDays, date: localDate(deadlines.appointmentOffer.due, tz) });
  } else if (offer && first.to === 'none') {
    because('triage:reason.appointmentOfferAnonymous', offer.source);
  }
  return deadlines;
}
