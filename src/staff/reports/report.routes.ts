// The quarterly performance report for managers (`reports.view`): a quarter or any range of dates, each of the
// pack's indicators with its definition, its figure, the previous period and the same period a year earlier,
// charts drawn on the server each followed by its table; and the exports (`cases.export`, each one audited):
// the figures, and the case-level rows behind them (a case's reference only to those who may open it), each
// as CSV or as an Excel workbook.
import type { Request, Response } from 'express';
import type { IndicatorFigures } from '../../reports/figures';
import { localDate } from '../../policy/working-days';
import type { PolicyPack } from '../../policy/pack.schema';
import type { ReportService } from '../../reports/report.service';
import type { StaffPagesContext } from '../console';
import type { Period } from '../../reports/periods';
import type { ChartBar, ChartRenderer } from './charts';
import { basisText, choiceOf, figureText, partName, periodName, quarterOptions, shortPeriodName } from './report-view';
import { CONTENT_TYPES, SPREADSHEET_FORMATS, spreadsheet, type SpreadsheetFormat } from './spreadsheet';

export interface ReportPagesDeps {
  reports: ReportService;
  charts: ChartRenderer;
  pack: PolicyPack;
  now: () => Date;
}

export function reportPages(deps: ReportPagesDeps) {
  const { reports, charts, pack } = deps;
  return (context: StaffPagesContext): void => {
    const { routes, render, audit, access, labels } = context;
    const reporting = reports.reporting;
    if (!reporting) return;
    const t = render.t;
    const today = () => localDate(deps.now(), pack.calendar.timeZone);
    const nameOf = (i: IndicatorFigures) => t(`reports.indicator.${i.definition.id}.name`);

    /** A chart only where there is something to draw: a period without a figure says so in its table. */
    const chart = (title: string, axis: string, bars: ChartBar[]) => (bars.length ? charts.bars(title, axis, bars) : Promise.resolve(''));

    async function indicatorView(i: IndicatorFigures, periods: Record<'current' | 'previous' | 'lastYear', { long: string; short: string }>) {
      const name = nameOf(i);
      const compare = (['current', 'previous', 'lastYear'] as const).map((which) => ({ which, period: periods[which].long, short: periods[which].short, figure: i[which], text: figureText(i.unit, i[which], t), basis: basisText(i, i[which], t) }));
      const comparisonChart = await chart(
        t('reports.chart.comparison', { name }),
        t(`reports.axis.${i.unit}`),
        compare.filter((c) => c.figure.value !== undefined).map((c) => ({ label: c.short, value: c.figure.value!, highlight: c.which === 'current' })),
      );
      const breakdown = i.breakdown && i.breakdown.parts.length > 0 ? i.breakdown : undefined;
      // Outcomes and hate strands are counts of cases, whatever the indicator's own unit.
      const counted = breakdown?.dimension === 'outcome' || breakdown?.dimension === 'strand';
      const partUnit = counted ? 'count' : i.unit;
      const parts = (breakdown?.parts ?? []).map((p) => ({ name: partName(breakdown!.dimension, p.key, labels, t), text: figureText(partUnit, p.figure, t), basis: counted ? '' : basisText(i, p.figure, t), value: p.figure.value }));
      const breakdownChart = breakdown
        ? await chart(t('reports.chart.breakdown', { name, by: t(`reports.by.${breakdown.dimension}`) }), t(`reports.axis.${partUnit}`), parts.filter((p) => p.value !== undefined && p.value > 0).map((p) => ({ label: p.name, value: p.value!, highlight: true })))
        : '';
      return {
        id: i.definition.id,
        name,
        definition: t(`reports.indicator.${i.definition.id}.definition`),
        formula: t(`reports.formula.${i.definition.measure}`),
        source: i.definition.source,
        headline: compare[0]!.text,
        compare,
        comparisonChart,
        breakdown: breakdown ? { caption: t('reports.table.breakdown', { name, by: t(`reports.by.${breakdown.dimension}`) }), by: t(`reports.byColumn.${breakdown.dimension}`), parts, chart: breakdownChart } : undefined,
      };
    }

    routes.get('/reports', { permission: 'reports.view' }, async (req: Request, res: Response) => {
      const choice = choiceOf(req, reporting, today());
      const report = await reports.report(choice.period);
      const name = (p: Period) => ({ long: periodName(p, reporting, t), short: shortPeriodName(p, reporting, t) });
      const names = { current: name(report.periods.current), previous: name(report.periods.previous), lastYear: name(report.periods.lastYear) };
      const indicators = [];
      for (const i of report.indicators) indicators.push(await indicatorView(i, names));
      const query = new URLSearchParams(choice.quarter ? { quarter: choice.quarter } : { from: choice.period.from, to: choice.period.to }).toString();
      render.page(req, res, 'reports.njk', {
        pageTitle: t('reports.title', { period: names.current.long }),
        period: names.current.long,
        names,
        choice,
        error: choice.error ? t(`reports.error.${choice.error}`) : '',
        quarters: quarterOptions(reporting, today(), t),
        indicators,
        canExport: access.can(req.staff!, 'cases.export'),
        exportQuery: query,
        homes: reporting.homes,
      });
    });

    const send = async (res: Response, format: SpreadsheetFormat, name: string, sheet: string, header: string[], rows: unknown[][]) => {
      res.attachment(`${name}.${format}`).type(CONTENT_TYPES[format]).set('Cache-Control', 'no-store');
      res.send(await spreadsheet(format, sheet, header, rows));
    };

    for (const format of SPREADSHEET_FORMATS) {
      routes.get(`/reports/figures.${format}`, { permission: 'cases.export' }, async (req: Request, res: Response) => {
        const choice = choiceOf(req, reporting, today());
        const report = await reports.report(choice.period);
        const rows: unknown[][] = [];
        for (const i of report.indicators) {
          for (const which of ['current', 'previous', 'lastYear'] as const) {
            const p = report.periods[which];
            rows.push([i.definition.id, nameOf(i), i.definition.measure, which, p.from, p.to, 'all', '', i[which].value ?? '', i[which].numerator, i[which].denominator]);
          }
          for (const part of i.breakdown?.parts ?? []) {
            rows.push([i.definition.id, nameOf(i), i.definition.measure, 'current', report.periods.current.from, report.periods.current.to, i.breakdown!.dimension, part.key, part.figure.value ?? '', part.figure.numerator, part.figure.denominator]);
          }
        }
        await audit.record({ actor: req.staff!.id, from: req.ip }, 'case.export', { detail: `report figures ${choice.period.from} to ${choice.period.to}${format === 'csv' ? '' : ` (${format})`}` });
        await send(res, format, `report-figures-${choice.period.from}-to-${choice.period.to}`, 'figures', ['indicator', 'name', 'measure', 'period', 'from', 'to', 'breakdown', 'part', 'value', 'numerator', 'denominator'], rows);
      });

      routes.get(`/reports/cases.${format}`, { permission: 'cases.export' }, async (req: Request, res: Response) => {
        const choice = choiceOf(req, reporting, today());
        const user = req.staff!;
        const rows = (await reports.rows(choice.period)).map((r) => [
          access.canSeeCase(user, { teamId: r.scope.teamId, kind: r.kind, highRisk: r.scope.highRisk, identityAccess: r.scope.identityAccess }) ? r.reference : '',
          r.receivedDay,
          r.countedAs,
          r.furtherReportOf ? 'yes' : '',
          r.kind,
          r.category,
          r.channel,
          r.teamAtOpening,
          r.priorityAtOpening,
          r.anonymous ? 'yes' : 'no',
          r.hate ?? '',
          r.responseHours ?? '',
          r.closure?.day ?? '',
          r.closure?.outcome ?? '',
          r.closure?.days ?? '',
          r.reopened,
          r.surveyAnswered?.approach ?? '',
          r.surveyAnswered?.outcome ?? '',
        ]);
        await audit.record({ actor: user.id, from: req.ip }, 'case.export', { detail: `report cases ${choice.period.from} to ${choice.period.to}: ${rows.length} rows${format === 'csv' ? '' : ` (${format})`}` });
        const header = ['reference', 'received', 'counted_as', 'further_report', 'kind', 'category', 'channel', 'team_at_opening', 'priority_at_opening', 'anonymous', 'hate_strands', 'first_response_hours', 'closed', 'outcome', 'days_to_close', 'reopened', 'satisfied_with_approach', 'satisfied_with_outcome'];
        await send(res, format, `report-cases-${choice.period.from}-to-${choice.period.to}`, 'cases', header, rows);
      });
    }
  };
}
