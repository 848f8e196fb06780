// Reading the safe times a reporter typed ("weekdays 10am to 2pm", "after 6pm") in the landlord's time zone: whether
// a moment falls in them, and the next moment that does (a survey held back for safe times is tried again then).
import { localClock } from '../policy/working-days';

const TIME = '(\\d{1,2})(?:[:.](\\d{2}))?\\s*(am|pm)?';
const TIME_RANGE = new RegExp(`${TIME}\\s*(?:-|to|until|till|and)\\s*${TIME}`);
const TIME_AFTER = new RegExp(`(?:after|from)\\s*${TIME}`);
const TIME_BEFORE = new RegExp(`before\\s*${TIME}`);

/**
 * Whether `at` falls in the reporter's safe times, read from what they typed ("weekdays 10am to 2pm",
 * "09:00-17:00", "after 6pm"), in local time (the landlord's time zone); ranges may wrap midnight. Text we cannot read is not a reason to
 * refuse: staff see it on the case and decide (the dialog asks in the person's own words).
 */
export function withinSafeTimes(spec: string, at: Date, timeZone = 'Europe/London'): boolean {
  const text = spec.toLowerCase();
  // "Never" and "don't text me" are the clearest answers of all.
  if (/\bnever\b|\bdo ?n[o']?t (text|message|contact|send)/.test(text)) return false;
  const { weekday, minutes: now } = localClock(at, timeZone);
  const weekend = weekday === 0 || weekday === 6;
  if (/week ?days|mon(day)?\s*(-|to)\s*fri(day)?/.test(text) && weekend) return false;
  if (/week ?ends?/.test(text) && !/week ?days/.test(text) && !weekend) return false;

  const range = TIME_RANGE.exec(text);
  if (range) {
    const endMeridiem = range[6];
    let start = toMinutes(range[1], range[2], range[3]);
    const end = toMinutes(range[4], range[5], endMeridiem);
    // "10-2pm" means 10am to 2pm; "1-3pm" means 1pm to 3pm.
    if (!range[3] && endMeridiem) {
      const sameHalf = toMinutes(range[1], range[2], endMeridiem);
      start = sameHalf <= end ? sameHalf : toMinutes(range[1], range[2], 'am');
    }
    return start <= end ? now >= start && now < end : now >= start || now < end;
  }
  const after = TIME_AFTER.exec(text);
  if (after) return now >= toMinutes(after[1], after[2], after[3] ?? (Number(after[1]) < 8 ? 'pm' : undefined));
  const before = TIME_BEFORE.exec(text);
  if (before) return now < toMinutes(before[1], before[2], before[3]);
  return true;
}

function toMinutes(h: string | undefined, m: string | undefined, meridiem: string | undefined): number {
  let hours = Number(h ?? 0) % 24;
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  return hours * 60 + Number(m ?? 0);
}
