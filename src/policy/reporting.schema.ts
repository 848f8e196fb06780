// The performance report of a policy pack: which indicators the landlord publishes (its policy's and the
// regulator's Tenant Satisfaction Measures), which kinds of case each one counts, the number of homes for
// "per 1,000 homes", the hate strands that count for NM01 (2) and the reporting year. The formulas are in
// docs/reporting.md; the words each indicator is shown with live in locales/en/staff.json (reports.indicator.*).
import { z } from 'zod';
import { categoryKind, isoDate, source } from './schema-parts';

/**
 * What each indicator measures (docs/reporting.md gives the exact formula of each):
 * - `casesPer1000`: cases opened per 1,000 homes (TSM NM01 (1); OVH 5.1 new cases per 1,000 properties);
 * - `hateCasesPer1000`: of those, cases involving a hate incident, per 1,000 homes (TSM NM01 (2));
 * - `casesByCategory`: cases opened, by category (OVH 5.1 breakdown by category);
 * - `daysToResolve`: average calendar days from receipt to closure with an outcome that counts as resolved (OVH 5.1);
 * - `respondedInTime`: % of cases first responded to within `responseHours` clock hours of receipt (OVH 5.2);
 * - `outcomeSatisfaction`: % of survey answers satisfied with the outcome (OVH 5.1; OVH 5.2 with `teamIds`);
 * - `approachSatisfaction`: % satisfied with the landlord's approach to handling the case (TSM TP12; SLH Monitoring);
 * - `closuresByOutcome`: cases closed, by outcome, and the share resolved (SLH Monitoring: the final outcome).
 */
export const INDICATOR_MEASURES = ['casesPer1000', 'hateCasesPer1000', 'casesByCategory', 'daysToResolve', 'respondedInTime', 'outcomeSatisfaction', 'approachSatisfaction', 'closuresByOutcome'] as const;
export type IndicatorMeasure = (typeof INDICATOR_MEASURES)[number];

export const indicatorSchema = z.object({
  /** Names the indicator in the report and its words (staff:reports.indicator.<id>.*). */
  id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'letters and digits, starting with a letter'),
  measure: z.enum(INDICATOR_MEASURES),
  /** The kinds of case it counts ("ASB case" differs between a landlord's own indicators and the regulator's). */
  kinds: z.array(categoryKind).min(1),
  /** Only cases of these teams (OVH 5.2 "neighbourhood cases"); absent: every team. */
  teamIds: z.array(z.string()).min(1).optional(),
  source,
});
export type IndicatorDefinition = z.infer<typeof indicatorSchema>;

export const reportingSchema = z.object({
  /** The reporting year starts on the 1st of this month (the TSM year and most landlords' financial year: April). */
  yearStartMonth: z.number().int().min(1).max(12),
  /** Homes owned, for "per 1,000 homes": each figure holds from its date until the next one. */
  homes: z.array(z.object({ from: isoDate, count: z.number().int().min(1), source })).min(1),
  /** NM01 (2): a hate incident on these strands counts; `countWhenNotSaid`: a hate crime report that names none counts too. */
  hateIncidents: z.object({ motivations: z.array(z.string()).min(1), countWhenNotSaid: z.boolean(), source }),
  /** `respondedInTime`: first response within this many clock hours of receipt (OVH 5.2: 24). */
  responseHours: z.number().int().min(1).max(720),
  indicators: z.array(indicatorSchema).min(1),
  source,
});
export type ReportingConfig = z.infer<typeof reportingSchema>;

/** Checks against the rest of the pack (teams and hate motivations must be the pack's own). */
export function checkReporting(reporting: ReportingConfig, pack: { teams: { id: string }[]; hateMotivations: { id: string }[] }, check: (ok: boolean, path: (string | number)[], message: string) => void): void {
  const teamIds = new Set(pack.teams.map((t) => t.id));
  const motivations = new Set(pack.hateMotivations.map((m) => m.id));
  reporting.hateIncidents.motivations.forEach((m, i) => check(motivations.has(m), ['reporting', 'hateIncidents', 'motivations', i], `unknown hate motivation "${m}"`));
  reporting.indicators.forEach((indicator, i) => (indicator.teamIds ?? []).forEach((t, j) => check(teamIds.has(t), ['reporting', 'indicators', i, 'teamIds', j], `unknown team "${t}"`)));
  const ids = reporting.indicators.map((x) => x.id);
  ids.forEach((x, i) => check(ids.indexOf(x) === i, ['reporting', 'indicators', i, 'id'], `duplicate indicator "${x}"`));
  reporting.homes.forEach((h, i) => check(i === 0 || h.from > reporting.homes[i - 1]!.from, ['reporting', 'homes', i, 'from'], 'homes must be listed oldest first'));
}
