// How much working time is left before a deadline: the minutes of office hours on working days between two
// instants, on the pack's calendar. Counting stops at `cap`, so a deadline weeks away costs a few steps.
import { isWorkingDate, localDate, zonedTime, type OfficeHours, type WorkingCalendar } from '../policy/working-days';

function nextDate(date: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10);
}

/** Working minutes from `from` to `to` (0 when `to` is not later), counted up to `cap` at most. */
export function workingMinutesBetween(from: Date, to: Date, calendar: WorkingCalendar, hours: OfficeHours, cap: number): number {
  if (to.getTime() <= from.getTime()) return 0;
  const zone = calendar.timeZone ?? 'Europe/London';
  const last = localDate(to, zone);
  let minutes = 0;
  // A year of days at most: a deadline further away than that is far beyond any lead time.
  for (let day = localDate(from, zone), i = 0; i < 366 && minutes < cap; day = nextDate(day), i += 1) {
    if (isWorkingDate(day, calendar)) {
      const start = Math.max(zonedTime(day, hours.open, zone).getTime(), from.getTime());
      const end = Math.min(zonedTime(day, hours.close, zone).getTime(), to.getTime());
      if (end > start) minutes += (end - start) / 60_000;
    }
    if (day === last) break;
  }
  return Math.min(minutes, cap);
}
