// Reporting periods as local calendar dates (YYYY-MM-DD, both ends included): quarters of the landlord's
// reporting year, any range of days, the period before and the same period a year earlier. Pure.

export interface Period {
  from: string;
  to: string;
}

export interface Quarter {
  /** The calendar year the reporting year starts in (2025 for April 2025 to March 2026). */
  year: number;
  /** 1 to 4, counted from the month the reporting year starts. */
  quarter: number;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a local date (no time zone: the date is already local). */
export function dayNumber(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  return !!m && dateOfDay(dayNumber(text)) === text;
}

export const addDays = (date: string, days: number): string => dateOfDay(dayNumber(date) + days);

/** Whole calendar days from one local date to another (received Monday, closed Wednesday: 2). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

export const lengthInDays = (p: Period): number => daysBetween(p.from, p.to) + 1;

function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function quarterPeriod(q: Quarter, yearStartMonth: number): Period {
  const from = addMonths(`${q.year}-${String(yearStartMonth).padStart(2, '0')}-01`, (q.quarter - 1) * 3);
  return { from, to: addDays(addMonths(from, 3), -1) };
}

/** The quarter a local date falls in. */
export function quarterOf(date: string, yearStartMonth: number): Quarter {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const monthsIn = (m - yearStartMonth + 12) % 12;
  return { year: m >= yearStartMonth ? y : y - 1, quarter: Math.floor(monthsIn / 3) + 1 };
}

export function shiftQuarter(q: Quarter, by: number): Quarter {
  const index = q.year * 4 + (q.quarter - 1) + by;
  return { year: Math.floor(index / 4), quarter: (index % 4) + 1 };
}

/** The quarter a period is exactly, if it is one. */
export function asQuarter(p: Period, yearStartMonth: number): Quarter | undefined {
  const q = quarterOf(p.from, yearStartMonth);
  const exact = quarterPeriod(q, yearStartMonth);
  return exact.from === p.from && exact.to === p.to ? q : undefined;
}

/** The period just before: the previous quarter for a quarter, otherwise as many days just before. */
export function previousPeriod(p: Period, yearStartMonth: number): Period {
  const q = asQuarter(p, yearStartMonth);
  if (q) return quarterPeriod(shiftQuarter(q, -1), yearStartMonth);
  const days = lengthInDays(p);
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}

/** The same period a year earlier (29 February becomes 28 February). */
export function sameLastYear(p: Period, yearStartMonth: number): Period {
  const q = asQuarter(p, yearStartMonth);
  if (q) return quarterPeriod(shiftQuarter(q, -4), yearStartMonth);
  return { from: addMonths(p.from, -12), to: addMonths(p.to, -12) };
}

/** Every local date of a period, in order. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let d = dayNumber(p.from); d <= dayNumber(p.to); d += 1) out.push(dateOfDay(d));
  return out;
}

/** "2025-Q1" ↔ a quarter. */
export const quarterId = (q: Quarter): string => `${q.year}-Q${q.quarter}`;
export function parseQuarterId(text: string): Quarter | undefined {
  const m = /^(\d{4})-Q([1-4])$/.exec(text);
  return m ? { year: Number(m[1]), quarter: Number(m[2]) } : undefined;
}
