// The performance report for a period: its figures (figures.ts) from the counts of the period, the period
// before and the same period a year earlier (three indexed reads of one small document a day), and the
// case-level rows behind them. Reads no case.
import type { PolicyPack } from '../policy/pack.schema';
import type { CaseLedger } from './facts';
import { computeFigures, type IndicatorFigures, type ReportPeriods } from './figures';
import { lengthInDays, previousPeriod, sameLastYear, type Period } from './periods';
import type { ReportStore } from './report-store';

/** The longest period one report covers (three years of days, read three times: still a bounded read). */
export const MAX_PERIOD_DAYS = 1100;
/** The most case-level rows one export holds (a very large landlord's quarter is a few thousand). */
export const MAX_ROWS = 50_000;

export interface Report {
  periods: ReportPeriods;
  indicators: IndicatorFigures[];
}

export function createReportService(deps: { store: ReportStore; pack: PolicyPack }) {
  const { store, pack } = deps;
  const reporting = pack.reporting;
  const resolvedOutcomes = pack.outcomes.filter((o) => o.resolved).map((o) => o.id);
  const landlordId = pack.id;

  return {
    /** Absent: this pack publishes no report. */
    reporting,
    async report(period: Period): Promise<Report> {
      if (!reporting) throw new Error('this policy pack defines no performance report');
      if (lengthInDays(period) < 1 || lengthInDays(period) > MAX_PERIOD_DAYS) throw new Error('period out of range');
      const periods: ReportPeriods = { current: period, previous: previousPeriod(period, reporting.yearStartMonth), lastYear: sameLastYear(period, reporting.yearStartMonth) };
      const [current, previous, lastYear] = await Promise.all([store.days(landlordId, periods.current), store.days(landlordId, periods.previous), store.days(landlordId, periods.lastYear)]);
      return { periods, indicators: computeFigures({ reporting, resolvedOutcomes }, periods, { current, previous, lastYear }) };
    },
    /** The cases received in a period, as counted (no personal data). */
    rows: (period: Period): Promise<CaseLedger[]> => store.rows(landlordId, period, MAX_ROWS),
  };
}
export type ReportService = ReturnType<typeof createReportService>;
