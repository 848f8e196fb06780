import { addWorkingDays, isWorkingTime, localDate, nextWorkingDay } from '../../src/policy/working-days';

const calendar = { timeZone: 'Europe/London', workingDays: [1, 2, 3, 4, 5], cutOff: '17:00' };
// London local time → instant (winter GMT, summer BST).
const at = (iso: string) => new Date(iso);

describe('addWorkingDays: the day a due date falls on (London)', () => {
  it.each([
    // [received (UTC instant), working days, due local date, why]
    ['2026-11-20T16:59:00Z', 1, '2026-11-23', 'Friday 16:59 counts from Friday: due Monday'],
    ['2026-11-20T17:00:00Z', 1, '2026-11-24', 'Friday 17:00 is after the cut-off: counts from Monday, due Tuesday'],
    ['2026-11-21T10:00:00Z', 1, '2026-11-24', 'Saturday counts from Monday'],
    ['2026-11-23T09:00:00Z', 5, '2026-11-30', 'Monday + 5 working days is the next Monday'],
    ['2026-12-24T10:00:00Z', 1, '2026-12-29', 'Christmas Eve: 25th and Boxing Day (substitute 28th) are holidays'],
    ['2026-12-24T10:00:00Z', 5, '2027-01-05', 'over Christmas and New Year'],
    ['2027-12-24T12:00:00Z', 1, '2027-12-29', '2027: Christmas and Boxing Day both fall at the weekend, substitutes 27th and 28th'],
    ['2026-04-02T10:00:00Z', 1, '2026-04-07', 'Easter 2026: Good Friday 3 April and Easter Monday 6 April'],
    ['2025-04-17T15:00:00Z', 1, '2025-04-22', 'Easter 2025: Thursday before Good Friday'],
    ['2026-08-28T15:59:00Z', 1, '2026-09-01', 'summer time: Friday 16:59 BST, bank holiday Monday 31 August'],
    ['2026-08-28T16:00:00Z', 1, '2026-09-02', 'summer time: 17:00 BST is after the cut-off'],
    ['2026-11-23T10:00:00Z', 0, '2026-11-23', 'zero days: the same working day'],
  ])('%s + %i → %s (%s)', (received, days, due) => {
    expect(localDate(addWorkingDays(at(received), days, calendar))).toBe(due);
  });

  it('is due at the cut-off time on that day, in London time', () => {
    expect(addWorkingDays(at('2026-11-20T16:59:00Z'), 1, calendar).toISOString()).toBe('2026-11-23T17:00:00.000Z');
    expect(addWorkingDays(at('2026-07-03T10:00:00Z'), 1, calendar).toISOString()).toBe('2026-07-06T16:00:00.000Z');
  });

  it('lets a landlord add a closure day and work a bank holiday', () => {
    const own = { ...calendar, extraHolidays: ['2026-11-23'], removedHolidays: ['2026-12-28'] };
    expect(localDate(addWorkingDays(at('2026-11-20T12:00:00Z'), 1, own))).toBe('2026-11-24');
    expect(localDate(addWorkingDays(at('2026-12-24T10:00:00Z'), 1, own))).toBe('2026-12-28');
  });
});

describe('isWorkingTime and nextWorkingDay', () => {
  const hours = { open: '09:00', close: '17:00' };
  it.each([
    ['2026-11-23T09:00:00Z', true, 'Monday 9am'],
    ['2026-11-23T08:59:00Z', false, 'Monday before 9am'],
    ['2026-11-20T16:59:00Z', true, 'Friday 16:59'],
    ['2026-11-20T17:00:00Z', false, 'Friday 17:00'],
    ['2026-11-22T12:00:00Z', false, 'Sunday'],
    ['2026-12-25T12:00:00Z', false, 'Christmas Day'],
    ['2026-06-01T08:30:00Z', true, 'summer: 09:30 BST'],
  ])('%s → %s (%s)', (when, expected) => {
    expect(isWorkingTime(at(when), calendar, hours)).toBe(expected);
  });

  it('finds the next working day after a bank holiday weekend', () => {
    expect(localDate(nextWorkingDay(at('2026-04-02T20:00:00Z'), calendar))).toBe('2026-04-07');
    expect(localDate(nextWorkingDay(at('2026-12-31T12:00:00Z'), calendar))).toBe('2027-01-04');
  });
});
