// The working-day clock: weekends, bank holidays and a cut-off time of day, in the landlord's time zone
// (Europe/London by default). Pure: every function takes the instant it works from.
import { englandAndWalesBankHolidays } from './bank-holidays';

export interface WorkingCalendar {
  timeZone?: string;
  /** 1 = Monday … 7 = Sunday. */
  workingDays?: number[];
  /** HH:MM local; a report at or after it counts from the next working day. */
  cutOff?: string;
  /** Which bank holidays are computed: England and Wales (any year) by default, or none. */
  bankHolidays?: 'englandAndWales' | 'none';
  extraHolidays?: string[];
  removedHolidays?: string[];
}

export interface OfficeHours {
  open: string;
  close: string;
}

interface Resolved {
  timeZone: string;
  workingDays: Set<number>;
  cutOffMinutes: number;
  isHoliday: (date: string) => boolean;
}

const cache = new WeakMap<WorkingCalendar, Resolved>();

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

function resolve(calendar: WorkingCalendar): Resolved {
  const hit = cache.get(calendar);
  if (hit) return hit;
  const extra = new Set(calendar.extraHolidays ?? []);
  const removed = new Set(calendar.removedHolidays ?? []);
  // Each year's bank holidays are computed the first time a date in it is asked about.
  const years = new Map<number, Set<string>>();
  const isHoliday = (date: string): boolean => {
    if (extra.has(date)) return true;
    if (removed.has(date) || calendar.bankHolidays === 'none') return false;
    const year = Number(date.slice(0, 4));
    let days = years.get(year);
    if (!days) years.set(year, (days = new Set(englandAndWalesBankHolidays(year))));
    return days.has(date);
  };
  const resolved: Resolved = {
    timeZone: calendar.timeZone ?? 'Europe/London',
    workingDays: new Set(calendar.workingDays ?? [1, 2, 3, 4, 5]),
    cutOffMinutes: minutesOf(calendar.cutOff ?? '17:00'),
    isHoliday,
  };
  cache.set(calendar, resolved);
  return resolved;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(at)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return { year: out['year']!, month: out['month']!, day: out['day']!, hour: out['hour']!, minute: out['minute']!, second: out['second']! };
}

/** The local weekday (0 = Sunday) and minutes since local midnight of an instant. */
export function localClock(at: Date, timeZone = 'Europe/London'): { weekday: number; minutes: number } {
  const p = localParts(at, timeZone);
  return { weekday: new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay(), minutes: p.hour * 60 + p.minute };
}

/** The local calendar date of an instant, YYYY-MM-DD. */
export function localDate(at: Date, timeZone = 'Europe/London'): string {
  const p = localParts(at, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The local date and time of an instant, YYYY-MM-DD HH:MM (for reasons staff read). */
export function localDateTime(at: Date, timeZone = 'Europe/London'): string {
  const p = localParts(at, timeZone);
  return `${localDate(at, timeZone)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** The instant at which the local clock in `timeZone` shows `date` `hhmm`. */
export function zonedTime(date: string, hhmm: string, timeZone = 'Europe/London'): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (t: number) => {
    const p = localParts(new Date(t), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - t;
  };
  let t = wall - offsetAt(wall);
  const second = wall - offsetAt(t);
  if (second !== t) t = second;
  return new Date(t);
}

function addDays(date: string, n: number): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d + n)).toISOString().slice(0, 10);
}

function isoWeekday(date: string): number {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const js = new Date(Date.UTC(y, mo - 1, d)).getUTCDay();
  return js === 0 ? 7 : js;
}

/** Whether a local date (YYYY-MM-DD) is a working day. */
export function isWorkingDate(date: string, calendar: WorkingCalendar): boolean {
  const r = resolve(calendar);
  return r.workingDays.has(isoWeekday(date)) && !r.isHoliday(date);
}

function nextWorkingDate(date: string, calendar: WorkingCalendar): string {
  let day = addDays(date, 1);
  // A year of non-working days would be a broken pack; stop rather than loop for ever.
  for (let i = 0; i < 366 && !isWorkingDate(day, calendar); i += 1) day = addDays(day, 1);
  return day;
}

/** Local midnight at the start of the first working day after the day of `from`. */
export function nextWorkingDay(from: Date, calendar: WorkingCalendar): Date {
  const r = resolve(calendar);
  return zonedTime(nextWorkingDate(localDate(from, r.timeZone), calendar), '00:00', r.timeZone);
}

/** The working day a report received at `at` counts from: today before the cut-off, else the next working day. */
export function countingDay(at: Date, calendar: WorkingCalendar): string {
  const r = resolve(calendar);
  const p = localParts(at, r.timeZone);
  const today = localDate(at, r.timeZone);
  const beforeCutOff = p.hour * 60 + p.minute < r.cutOffMinutes;
  return isWorkingDate(today, calendar) && beforeCutOff ? today : nextWorkingDate(today, calendar);
}

function cutOffOn(day: string, r: Resolved): Date {
  const cutOff = `${String(Math.floor(r.cutOffMinutes / 60)).padStart(2, '0')}:${String(r.cutOffMinutes % 60).padStart(2, '0')}`;
  return zonedTime(day, cutOff, r.timeZone);
}

/**
 * The end (cut-off time) of the working day `days` working days after the day a report at `from` counts
 * from. By default (`next_opening`) a report after the cut-off or on a closed day counts from the next
 * working day: 1 working day from Friday 16:59 is Monday at the cut-off; from Friday 17:00 it is Tuesday.
 * With `receipt` the day it arrived counts, whatever the hour: from Friday 23:50 it is Monday.
 */
export function addWorkingDays(from: Date, days: number, calendar: WorkingCalendar, countFrom: 'next_opening' | 'receipt' = 'next_opening'): Date {
  const r = resolve(calendar);
  let day = countFrom === 'receipt' ? localDate(from, r.timeZone) : countingDay(from, calendar);
  if (days === 0 && !isWorkingDate(day, calendar)) day = nextWorkingDate(day, calendar);
  for (let i = 0; i < days; i += 1) day = nextWorkingDate(day, calendar);
  // Never due before it arrived (the same day, received after the cut-off).
  if (cutOffOn(day, r).getTime() <= from.getTime()) day = nextWorkingDate(day, calendar);
  return cutOffOn(day, r);
}

/** When the office next opens: `at` itself during office hours on a working day. */
export function nextOpening(at: Date, calendar: WorkingCalendar, hours: OfficeHours = { open: '09:00', close: '17:00' }): Date {
  if (isWorkingTime(at, calendar, hours)) return at;
  const r = resolve(calendar);
  const today = localDate(at, r.timeZone);
  const p = localParts(at, r.timeZone);
  const beforeOpening = p.hour * 60 + p.minute < minutesOf(hours.open);
  return zonedTime(isWorkingDate(today, calendar) && beforeOpening ? today : nextWorkingDate(today, calendar), hours.open, r.timeZone);
}

/** Whether `at` falls within office hours on a working day. */
export function isWorkingTime(at: Date, calendar: WorkingCalendar, hours: OfficeHours = { open: '09:00', close: '17:00' }): boolean {
  const r = resolve(calendar);
  if (!isWorkingDate(localDate(at, r.timeZone), calendar)) return false;
  const p = localParts(at, r.timeZone);
  const now = p.hour * 60 + p.minute;
  return now >= minutesOf(hours.open) && now < minutesOf(hours.close);
}
