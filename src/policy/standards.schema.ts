// The clock of a policy pack: the working calendar, office hours, and the deadlines each priority gets.
import { z } from 'zod';
import { hhmm, isoDate, source } from './schema-parts';

/** Day numbers: 1 = Monday … 7 = Sunday. */
const weekday = z.number().int().min(1).max(7);

export const calendarSchema = z.object({
  timeZone: z.string().default('Europe/London'),
  workingDays: z.array(weekday).min(1).default([1, 2, 3, 4, 5]),
  /** Reports received at or after this local time count from the next working day. */
  cutOff: hhmm.default('17:00'),
  /** England and Wales bank holidays, computed for any year with the proclaimed one-off changes; or none. */
  bankHolidays: z.enum(['englandAndWales', 'none']).default('englandAndWales'),
  /** Days the office is also closed: a proclamation newer than the code, a landlord's own closure day. */
  extraHolidays: z.array(isoDate).default([]),
  /** Bank holidays that this landlord works on (or a Scottish or Northern Irish landlord's differences). */
  removedHolidays: z.array(isoDate).default([]),
  source,
});
export type CalendarConfig = z.infer<typeof calendarSchema>;

export const officeHoursSchema = z.object({
  open: hhmm,
  close: hhmm,
  source,
});

/**
 * A first-response deadline: clock hours (`roundTheClock`: counted from receipt at any hour, because an
 * out-of-hours duty route takes the case; otherwise from when the clock starts), or working days (0 = by the
 * cut-off of the day the clock starts).
 */
export const deadlineSchema = z.union([
  z.object({ hours: z.number().int().min(1).max(72), roundTheClock: z.boolean().default(false), source }).strict(),
  z.object({ workingDays: z.number().int().min(0).max(60), source }).strict(),
]);
export type Deadline = z.infer<typeof deadlineSchema>;

export const serviceStandardsSchema = z.object({
  /** How soon someone responds (or, on an anonymous report, first acts), per priority. */
  firstResponse: z.object({ urgent: deadlineSchema, high: deadlineSchema, normal: deadlineSchema }),
  /** A face-to-face appointment offered within working days; only to a reporter who can be contacted. */
  appointmentOffer: z
    .object({
      workingDays: z.number().int().min(0).max(60),
      /** Team ids the standard applies to; omitted = every team. */
      teamIds: z.array(z.string()).optional(),
      source,
    })
    .optional(),
  /**
   * What the clock counts from when a report arrives while the office is closed (after the cut-off, at a
   * weekend or on a holiday): `next_opening` treats it as received when the office next opens; `receipt`
   * counts the day it arrived. Round-the-clock deadlines always count from receipt.
   */
  afterHours: z.object({ clockStartsAt: z.enum(['next_opening', 'receipt']), source }),
  /** Who takes urgent cases when the office is closed (issue 12's duty route), in words staff read. */
  outOfHours: z.object({ route: z.string().min(3), phone: z.string().min(2).optional(), source }),
  /** The clock-hour measure a landlord publishes (OVH 5.2: % of cases responded to within 24 hours). */
  respondedWithinHours: z.object({ hours: z.number().int().min(1), source }).optional(),
});
export type ServiceStandards = z.infer<typeof serviceStandardsSchema>;
