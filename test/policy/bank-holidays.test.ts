// England and Wales bank holidays, computed for any year, against the dates GOV.UK publishes
// (www.gov.uk/bank-holidays), and the working-day clock past the end of any list.
import { englandAndWalesBankHolidays } from '../../src/policy/bank-holidays';
import { addWorkingDays, isWorkingDate, localDate } from '../../src/policy/working-days';

describe('England and Wales bank holidays as published', () => {
  it.each([
    [2025, ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26']],
    // Boxing Day on a Saturday: its substitute is Monday 28th.
    [2026, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28']],
    // Christmas on a Saturday and Boxing Day on a Sunday: Monday 27th and Tuesday 28th.
    [2027, ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28']],
    // New Year's Day on a Saturday: Monday 3 January.
    [2028, ['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26']],
  ])('%i', (year, published) => {
    expect(englandAndWalesBankHolidays(year)).toEqual(published);
  });

  it.each<[number, string, string | undefined, string]>([
    [2020, '2020-05-08', '2020-05-04', 'VE Day: the early May bank holiday moved to Friday 8 May'],
    [2022, '2022-06-02', '2022-05-30', 'Platinum Jubilee: the spring bank holiday moved to Thursday 2 June'],
    [2022, '2022-06-03', undefined, 'Platinum Jubilee: an extra day on Friday 3 June'],
    [2022, '2022-09-19', undefined, 'the State Funeral of Queen Elizabeth II'],
    [2023, '2023-05-08', undefined, 'the coronation of King Charles III'],
  ])('%i: %s is a bank holiday (%s)', (year, added, removed) => {
    const days = englandAndWalesBankHolidays(year);
    expect(days).toContain(added);
    if (removed) expect(days).not.toContain(removed);
  });

  it('has eight a year, or more only when a proclamation added some, from 1990 to 2100', () => {
    for (let year = 1990; year <= 2100; year += 1) {
      const count = englandAndWalesBankHolidays(year).length;
      expect({ year, ok: count === 8 || [1999, 2002, 2011, 2012, 2022, 2023].includes(year) }).toEqual({ year, ok: true });
    }
  });
});

describe('the working-day clock does not run out', () => {
  const calendar = { timeZone: 'Europe/London', workingDays: [1, 2, 3, 4, 5], cutOff: '17:00' };

  it('knows 1 January 2029 and later years', () => {
    expect(isWorkingDate('2029-01-01', calendar)).toBe(false);
    expect(isWorkingDate('2041-04-22', calendar)).toBe(false); // Easter Monday 2041
    expect(localDate(addWorkingDays(new Date('2028-12-22T12:00:00Z'), 1, calendar))).toBe('2028-12-27');
    expect(localDate(addWorkingDays(new Date('2028-12-29T12:00:00Z'), 1, calendar))).toBe('2029-01-02');
  });

  it('lets a pack add a newly proclaimed day, or work a bank holiday', () => {
    const own = { ...calendar, extraHolidays: ['2031-06-02'], removedHolidays: ['2031-05-05'] };
    expect(isWorkingDate('2031-06-02', own)).toBe(false);
    expect(isWorkingDate('2031-05-05', own)).toBe(true);
    expect(isWorkingDate('2031-05-05', calendar)).toBe(false);
  });

  it('counts no bank holidays for a pack that asks for none', () => {
    expect(isWorkingDate('2026-12-28', { ...calendar, bankHolidays: 'none' as const })).toBe(true);
  });
});
