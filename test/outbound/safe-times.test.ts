import { withinSafeTimes } from '../../src/outbound/outbound.service';

// November: UK time is UTC. 2026-11-23 is a Monday, 2026-11-28 a Saturday.
const at = (iso: string) => new Date(iso);

describe('safe times, read from what the reporter typed', () => {
  it.each([
    ['09:00-17:00', '2026-11-23T10:30:00Z', true],
    ['09:00-17:00', '2026-11-23T17:00:00Z', false],
    ['weekdays 10am to 2pm', '2026-11-23T13:59:00Z', true],
    ['weekdays 10am to 2pm', '2026-11-23T14:30:00Z', false],
    ['weekdays 10am to 2pm', '2026-11-28T11:00:00Z', false],
    ['10-2pm', '2026-11-23T11:00:00Z', true],
    ['1-3pm', '2026-11-23T11:00:00Z', false],
    ['1-3pm', '2026-11-23T14:00:00Z', true],
    ['10pm to 6am', '2026-11-23T23:00:00Z', true],
    ['10pm to 6am', '2026-11-23T12:00:00Z', false],
    ['after 6pm', '2026-11-23T19:00:00Z', true],
    ['after 6', '2026-11-23T12:00:00Z', false],
    ['before 9am', '2026-11-23T08:00:00Z', true],
    ['weekends only', '2026-11-23T12:00:00Z', false],
    ['weekends only', '2026-11-28T12:00:00Z', true],
    ['when he is at work', '2026-11-23T03:00:00Z', true],
    ['never, I will call you', '2026-11-23T12:00:00Z', false],
    ["don't text me", '2026-11-23T12:00:00Z', false],
  ])('"%s" at %s: %s', (spec, iso, expected) => {
    expect(withinSafeTimes(spec, at(iso))).toBe(expected);
  });

  it('uses UK summer time in summer', () => {
    // 16:30 UTC in July is 17:30 in London.
    expect(withinSafeTimes('09:00-17:00', at('2026-07-15T16:30:00Z'))).toBe(false);
    expect(withinSafeTimes('09:00-17:00', at('2026-07-15T15:30:00Z'))).toBe(true);
  });
});
