// The figures of the performance report, pure: each indicator of the pack (reporting.schema.ts) worked out
// from the counts of a period's days, for the whole landlord and for each breakdown that helps read it. The
// formulas are written out in docs/reporting.md; this file is their one implementation.
import type { IndicatorDefinition, ReportingConfig } from '../policy/reporting.schema';
import { METRIC, SATISFACTION_ANSWERS } from './facts';
import type { Period } from './periods';
import type { DayCounts } from './report-store';

/** A figure and the two numbers it is made of (absent when there is nothing to divide by). */
export interface Figure {
  value: number | undefined;
  numerator: number;
  denominator: number;
}

export type Dimension = 'team' | 'channel' | 'priority' | 'category' | 'outcome' | 'strand';

export interface IndicatorFigures {
  definition: IndicatorDefinition;
  /** How the value reads: per 1,000 homes, a percentage, days or a count. */
  unit: 'per1000' | 'percent' | 'days' | 'count';
  current: Figure;
  previous: Figure;
  lastYear: Figure;
  /** The current period split by one dimension (the value of each part, with its numbers). */
  breakdown?: { dimension: Dimension; parts: { key: string; figure: Figure }[] };
}

export interface FigureRules {
  reporting: ReportingConfig;
  /** Outcome codes that count as resolved (the pack's `outcomes[].resolved`). */
  resolvedOutcomes: string[];
}

/** Summed counts of a period: `totals[kind][breakdown][metric]`. */
export type Totals = Map<string, Map<string, Map<string, number>>>;

export function sumDays(days: DayCounts[]): Totals {
  const totals: Totals = new Map();
  for (const { counts } of days) {
    for (const [kind, byBreakdown] of Object.entries(counts ?? {})) {
      const k = totals.get(kind) ?? totals.set(kind, new Map()).get(kind)!;
      for (const [breakdown, metrics] of Object.entries(byBreakdown)) {
        const b = k.get(breakdown) ?? k.set(breakdown, new Map()).get(breakdown)!;
        for (const [metric, n] of Object.entries(metrics)) b.set(metric, (b.get(metric) ?? 0) + n);
      }
    }
  }
  return totals;
}

/** The metrics of one breakdown summed over the indicator's kinds. */
function metricsOf(totals: Totals, kinds: readonly string[], breakdown: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const kind of kinds) for (const [metric, n] of totals.get(kind)?.get(breakdown) ?? []) out.set(metric, (out.get(metric) ?? 0) + n);
  return out;
}

/** Every breakdown of a dimension that has counts under the indicator's kinds (`team:` → its ids). */
function partsOf(totals: Totals, kinds: readonly string[], prefix: string): string[] {
  const keys = new Set<string>();
  for (const kind of kinds) for (const b of totals.get(kind)?.keys() ?? []) if (b.startsWith(prefix)) keys.add(b.slice(prefix.length));
  return [...keys].sort();
}

/** Homes in force on the first day of the period: the latest entry that started by then (or the earliest). */
export function homesFor(reporting: ReportingConfig, period: Period): number {
  const inForce = reporting.homes.filter((h) => h.from <= period.from);
  return (inForce[inForce.length - 1] ?? reporting.homes[0]!).count;
}

const ratio = (numerator: number, denominator: number, scale: number, places: number): Figure => ({
  value: denominator > 0 ? Math.round((numerator / denominator) * scale * 10 ** places) / 10 ** places : undefined,
  numerator,
  denominator,
});
const count = (n: number): Figure => ({ value: n, numerator: n, denominator: 1 });
const get = (m: Map<string, number>, metric: string) => m.get(metric) ?? 0;

const SATISFIED = ['very_satisfied', 'fairly_satisfied'];
/** TSM: "don't know" and no answer are left out of the base. */
const ANSWERED = SATISFACTION_ANSWERS.filter((a) => a !== 'dont_know');

function isHateCounted(strands: string, rules: FigureRules): boolean {
  const { motivations, countWhenNotSaid } = rules.reporting.hateIncidents;
  return strands === 'none' ? countWhenNotSaid : strands.split('+').some((s) => motivations.includes(s));
}

/** One indicator's figure from one breakdown's metrics. */
function figureOf(definition: IndicatorDefinition, m: Map<string, number>, homes: number, rules: FigureRules): Figure {
  const sumWhere = (test: (metric: string) => boolean) => [...m].filter(([metric]) => test(metric)).reduce((a, [, n]) => a + n, 0);
  switch (definition.measure) {
    case 'casesPer1000':
      return ratio(get(m, METRIC.opened), homes, 1000, 2);
    case 'hateCasesPer1000':
      return ratio(sumWhere((x) => x.startsWith('hate:') && isHateCounted(x.slice(5), rules)), homes, 1000, 2);
    case 'casesByCategory':
      return count(get(m, METRIC.opened));
    case 'daysToResolve': {
      const closed = rules.resolvedOutcomes.reduce((a, o) => a + get(m, METRIC.closed(o)), 0);
      const days = rules.resolvedOutcomes.reduce((a, o) => a + get(m, METRIC.closedDays(o)), 0);
      return ratio(days, closed, 1, 1);
    }
    case 'respondedInTime':
      return ratio(get(m, METRIC.inTime), get(m, METRIC.due), 100, 1);
    case 'outcomeSatisfaction':
      return ratio(SATISFIED.reduce((a, x) => a + get(m, `outcome:${x}`), 0), ANSWERED.reduce((a, x) => a + get(m, `outcome:${x}`), 0), 100, 1);
    case 'approachSatisfaction':
      return ratio(SATISFIED.reduce((a, x) => a + get(m, `approach:${x}`), 0), ANSWERED.reduce((a, x) => a + get(m, `approach:${x}`), 0), 100, 1);
    case 'closuresByOutcome': {
      const closed = sumWhere((x) => x.startsWith('closed:'));
      const resolved = rules.resolvedOutcomes.reduce((a, o) => a + get(m, METRIC.closed(o)), 0);
      return ratio(resolved, closed, 100, 1);
    }
  }
}

const UNIT: Record<IndicatorDefinition['measure'], IndicatorFigures['unit']> = {
  casesPer1000: 'per1000',
  hateCasesPer1000: 'per1000',
  casesByCategory: 'count',
  daysToResolve: 'days',
  respondedInTime: 'percent',
  outcomeSatisfaction: 'percent',
  approachSatisfaction: 'percent',
  closuresByOutcome: 'percent',
};

/** The split that helps read each measure. */
const BREAKDOWN: Record<IndicatorDefinition['measure'], Dimension> = {
  casesPer1000: 'channel',
  hateCasesPer1000: 'strand',
  casesByCategory: 'category',
  daysToResolve: 'team',
  respondedInTime: 'priority',
  outcomeSatisfaction: 'team',
  approachSatisfaction: 'team',
  closuresByOutcome: 'outcome',
};
const PREFIX: Partial<Record<Dimension, string>> = { team: 'team:', channel: 'ch:', priority: 'pri:', category: 'cat:' };

/** Where an indicator reads its counts: every team, or the sum of its teams (OVH 5.2 neighbourhood cases). */
function scoped(definition: IndicatorDefinition, totals: Totals): Map<string, number> {
  const breakdowns = definition.teamIds ? definition.teamIds.map((t) => `team:${t}`) : ['all'];
  const out = new Map<string, number>();
  for (const b of breakdowns) for (const [metric, n] of metricsOf(totals, definition.kinds, b)) out.set(metric, (out.get(metric) ?? 0) + n);
  return out;
}

function breakdownOf(definition: IndicatorDefinition, totals: Totals, homes: number, rules: FigureRules): IndicatorFigures['breakdown'] {
  const dimension = BREAKDOWN[definition.measure];
  const all = scoped(definition, totals);
  if (dimension === 'outcome') {
    const parts = [...all].filter(([m]) => m.startsWith('closed:')).map(([m, n]) => ({ key: m.slice(7), figure: count(n) }));
    return { dimension, parts: parts.sort((a, b) => a.key.localeCompare(b.key)) };
  }
  if (dimension === 'strand') {
    const perStrand = new Map<string, number>();
    for (const [m, n] of all) if (m.startsWith('hate:')) for (const s of m.slice(5).split('+')) perStrand.set(s, (perStrand.get(s) ?? 0) + n);
    return { dimension, parts: [...perStrand].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => ({ key, figure: count(n) })) };
  }
  const prefix = PREFIX[dimension]!;
  // A team-scoped indicator is split by its own teams only.
  const keys = dimension === 'team' && definition.teamIds ? definition.teamIds : partsOf(totals, definition.kinds, prefix);
  return { dimension, parts: keys.map((key) => ({ key, figure: figureOf(definition, metricsOf(totals, definition.kinds, `${prefix}${key}`), homes, rules) })) };
}

export interface ReportPeriods {
  current: Period;
  previous: Period;
  lastYear: Period;
}

/** Every indicator of the pack for a period, with the period before and the same period a year earlier. */
export function computeFigures(rules: FigureRules, periods: ReportPeriods, days: { current: DayCounts[]; previous: DayCounts[]; lastYear: DayCounts[] }): IndicatorFigures[] {
  const totals = { current: sumDays(days.current), previous: sumDays(days.previous), lastYear: sumDays(days.lastYear) };
  const homes = { current: homesFor(rules.reporting, periods.current), previous: homesFor(rules.reporting, periods.previous), lastYear: homesFor(rules.reporting, periods.lastYear) };
  return rules.reporting.indicators.map((definition) => ({
    definition,
    unit: UNIT[definition.measure],
    current: figureOf(definition, scoped(definition, totals.current), homes.current, rules),
    previous: figureOf(definition, scoped(definition, totals.previous), homes.previous, rules),
    lastYear: figureOf(definition, scoped(definition, totals.lastYear), homes.lastYear, rules),
    breakdown: breakdownOf(definition, totals.current, homes.current, rules),
  }));
}
