// What the report page and its exports show of a report: the period chosen (a quarter of the landlord's
// reporting year, or any range of dates), each figure in words with its unit, and the rows of its tables.
import type { Request } from 'express';
import type { ReportingConfig } from '../../policy/reporting.schema';
import type { Figure, IndicatorFigures } from '../../reports/figures';
import { asQuarter, isDate, lengthInDays, parseQuarterId, quarterId, quarterOf, quarterPeriod, shiftQuarter, type Period } from '../../reports/periods';
import { MAX_PERIOD_DAYS } from '../../reports/report.service';
import type { Labels } from '../web/labels';

type T = (key: string, params?: Record<string, unknown>) => string;

export interface Choice {
  period: Period;
  quarter: string;
  from: string;
  to: string;
  error?: string;
}

/** The period asked for: `quarter=2026-Q2`, or `from` and `to` dates; otherwise the last whole quarter. */
export function choiceOf(req: Request, reporting: ReportingConfig, today: string): Choice {
  const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string).trim() : '');
  const lastWhole = quarterPeriod(shiftQuarter(quarterOf(today, reporting.yearStartMonth), -1), reporting.yearStartMonth);
  const fallback = (error?: string): Choice => ({ period: lastWhole, quarter: quarterId(quarterOf(lastWhole.from, reporting.yearStartMonth)), from: q('from'), to: q('to'), ...(error ? { error } : {}) });
  if (q('from') || q('to')) {
    const [from, to] = [q('from'), q('to')];
    if (!isDate(from) || !isDate(to)) return fallback('dates');
    if (to < from || lengthInDays({ from, to }) > MAX_PERIOD_DAYS) return fallback('range');
    return { period: { from, to }, quarter: '', from, to };
  }
  const quarter = parseQuarterId(q('quarter'));
  if (!quarter) return fallback(q('quarter') ? 'quarter' : undefined);
  return { period: quarterPeriod(quarter, reporting.yearStartMonth), quarter: q('quarter'), from: '', to: '' };
}

/** The quarters offered: the last twelve whole ones and the one under way, newest first. */
export function quarterOptions(reporting: ReportingConfig, today: string, t: T) {
  const now = quarterOf(today, reporting.yearStartMonth);
  return Array.from({ length: 13 }, (_, i) => shiftQuarter(now, -i)).map((q) => ({ value: quarterId(q), text: periodName(quarterPeriod(q, reporting.yearStartMonth), reporting, t) }));
}

const monthYear = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const month = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const asDate = (d: string) => new Date(`${d}T00:00:00Z`);

const shortMonth = new Intl.DateTimeFormat('en-GB', { month: 'short', timeZone: 'UTC' });
const shortMonthYear = new Intl.DateTimeFormat('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A period as a chart's axis names it: "Jul to Sep 2026", "3 Mar 2026 to 9 Apr 2026". */
export function shortPeriodName(p: Period, reporting: ReportingConfig, t: T): string {
  if (!asQuarter(p, reporting.yearStartMonth)) return t('reports.period.range', { from: shortDate.format(asDate(p.from)), to: shortDate.format(asDate(p.to)) });
  return t('reports.period.quarterShort', { from: shortMonth.format(asDate(p.from)), to: shortMonthYear.format(asDate(p.to)) });
}

/** "July to September 2026 (2026/27 Q2)", or "3 March 2026 to 9 April 2026". */
export function periodName(p: Period, reporting: ReportingConfig, t: T): string {
  const q = asQuarter(p, reporting.yearStartMonth);
  if (!q) return t('reports.period.range', { from: dayMonthYear.format(asDate(p.from)), to: dayMonthYear.format(asDate(p.to)) });
  const year = reporting.yearStartMonth === 1 ? String(q.year) : `${q.year}/${String((q.year + 1) % 100).padStart(2, '0')}`;
  return t('reports.period.quarter', { from: month.format(asDate(p.from)), to: monthYear.format(asDate(p.to)), year, quarter: q.quarter });
}

const number = (n: number, places = 2) => n.toLocaleString('en-GB', { maximumFractionDigits: places });

/** A figure in words: "0.48 per 1,000 homes", "60%", "27 days", "7 cases"; a figure with nothing to count says so. */
export function figureText(unit: IndicatorFigures['unit'], f: Figure, t: T): string {
  if (f.value === undefined) return t('reports.noFigure');
  return t(`reports.unit.${unit}`, { value: number(f.value), count: f.value });
}

/** The two numbers behind a figure, in words ("6 cases, 12,500 homes"). */
export function basisText(indicator: IndicatorFigures, f: Figure, t: T): string {
  if (indicator.unit === 'count') return '';
  const measure = indicator.definition.measure;
  // "1 case, 12,500 homes" but "1 of 2 cases": the noun follows the number next to it.
  const count = measure === 'casesPer1000' || measure === 'hateCasesPer1000' ? f.numerator : f.denominator;
  return t(`reports.basis.${measure}`, { numerator: number(f.numerator), denominator: number(f.denominator), count });
}

/** The name of a breakdown's part ("Community Safety Team", "Text message", "Race", "Noise"). */
export function partName(dimension: NonNullable<IndicatorFigures['breakdown']>['dimension'], key: string, labels: Labels, t: T): string {
  switch (dimension) {
    case 'team':
      return labels.team(key);
    case 'channel':
      return labels.channel(key);
    case 'priority':
      return labels.priority(key);
    case 'outcome':
      return labels.outcome(key);
    case 'strand':
      return key === 'none' ? t('reports.strandNotSaid') : t(`policy:hateMotivation.${key}`);
    case 'category': {
      const [id, subcategoryId] = key.split('/');
      return labels.category({ id: id!, ...(subcategoryId ? { subcategoryId } : {}) } as never);
    }
  }
}
