// England and Wales bank holidays for any year, from the rules of the Banking and Financial Dealings Act
// 1971 (Schedule 1) as they have stood since 1978, with the one-off changes made by royal proclamation.
// A pack adds or removes days on top (a proclamation newer than this file, a landlord's own closure days).
import { gregorianEaster } from 'date-easter';

type IsoDate = string;

const iso = (y: number, m: number, d: number): IsoDate => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const weekday = (date: IsoDate): number => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
const plusDays = (date: IsoDate, n: number): IsoDate => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** The first (n = 1) or last (n = -1) Monday of a month. */
function monday(year: number, month: number, n: 1 | -1): IsoDate {
  if (n === 1) {
    const first = iso(year, month, 1);
    return plusDays(first, (8 - weekday(first)) % 7);
  }
  const last = iso(year, month + 1, 0);
  return plusDays(last, -((weekday(last) + 6) % 7));
}

/**
 * Days moved or added by royal proclamation since 1978 (GOV.UK "UK bank holidays" and the London Gazette).
 * `remove` is the day the rule gives; `add` the day proclaimed instead or as well.
 */
export const PROCLAIMED_CHANGES: readonly { year: number; add: IsoDate[]; remove: IsoDate[]; why: string }[] = [
  { year: 1995, add: ['1995-05-08'], remove: ['1995-05-01'], why: 'early May bank holiday moved for the 50th anniversary of VE Day' },
  { year: 1999, add: ['1999-12-31'], remove: [], why: 'the millennium' },
  { year: 2002, add: ['2002-06-03', '2002-06-04'], remove: ['2002-05-27'], why: 'spring bank holiday moved, and an extra day, for the Golden Jubilee' },
  { year: 2011, add: ['2011-04-29'], remove: [], why: 'the royal wedding' },
  { year: 2012, add: ['2012-06-04', '2012-06-05'], remove: ['2012-05-28'], why: 'spring bank holiday moved, and an extra day, for the Diamond Jubilee' },
  { year: 2020, add: ['2020-05-08'], remove: ['2020-05-04'], why: 'early May bank holiday moved for the 75th anniversary of VE Day' },
  { year: 2022, add: ['2022-06-02', '2022-06-03', '2022-09-19'], remove: ['2022-05-30'], why: 'spring bank holiday moved and an extra day for the Platinum Jubilee; the State Funeral of Queen Elizabeth II' },
  { year: 2023, add: ['2023-05-08'], remove: [], why: 'the coronation of King Charles III' },
];

/**
 * The England and Wales bank holidays of `year` (1978 onwards), sorted: New Year's Day, Good Friday, Easter
 * Monday, the early May, spring and summer bank holidays, Christmas Day and Boxing Day, each falling on a
 * weekend replaced by the next weekday that is not already a holiday, and the proclaimed changes.
 */
export function englandAndWalesBankHolidays(year: number): IsoDate[] {
  const easter = gregorianEaster(year);
  const easterSunday = iso(year, easter.month, easter.day);
  const days = new Set<IsoDate>([plusDays(easterSunday, -2), plusDays(easterSunday, 1), monday(year, 5, 1), monday(year, 5, -1), monday(year, 8, -1)]);
  // In date order, so Christmas takes the first free weekday and Boxing Day the next.
  for (const fixed of [iso(year, 1, 1), iso(year, 12, 25), iso(year, 12, 26)]) {
    let day = fixed;
    while (weekday(day) === 0 || weekday(day) === 6 || days.has(day)) day = plusDays(day, 1);
    days.add(day);
  }
  for (const change of PROCLAIMED_CHANGES) {
    if (change.year !== year) continue;
    for (const day of change.remove) days.delete(day);
    for (const day of change.add) days.add(day);
  }
  return [...days].sort();
}
