// The performance report over HTTP as a team leader's browser would use it: the last whole quarter by default,
// the figures with the quarter before and the same quarter last year, each chart an SVG with its title and its
// table after it; the exports as a spreadsheet would open them (and recorded); and nobody without the
// permission sees the page.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { reportCasesAcrossQuarters } from './support/report-cases';
import { firstSignIn, startStaffApp, type StaffApp } from './support/staff-app';

let app: StaffApp;
let leader: ReturnType<typeof request.agent>;
let officer: ReturnType<typeof request.agent>;

beforeAll(async () => {
  app = await startStaffApp();
  await reportCasesAcrossQuarters(app);
  const lee = await app.services.staff.accounts.create({ username: 'lee', displayName: 'Lee', teamId: 'communitySafety', roles: ['teamLeader'] });
  leader = request.agent(app.services.app);
  await firstSignIn(leader, 'lee', lee.password!, 'lee long password', app.clock);
  const nadia = await app.services.staff.accounts.create({ username: 'nadia', displayName: 'Nadia', teamId: 'neighbourhoodServices', roles: ['nso'] });
  officer = request.agent(app.services.app);
  await firstSignIn(officer, 'nadia', nadia.password!, 'nadia long password', app.clock);
}, 90_000);
afterAll(async () => app?.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

it('shows the last whole quarter, each figure beside the quarter before and the same quarter last year', async () => {
  const page = await leader.get('/staff/reports');
  expect(page.status).toBe(200);
  const words = text(page.text);
  expect(words).toContain('July to September 2026 (2026/27 Q2)');
  // Three new cases in the quarter, one the year before's two, one the quarter before: per 12,500 homes.
  expect(words).toMatch(/July to September 2026 \(2026\/27 Q2\) 0\.24 per 1,000 homes 3 cases, 12,500 homes/);
  expect(words).toMatch(/April to June 2026 \(2026\/27 Q1\) 0\.08 per 1,000 homes 1 case, 12,500 homes/);
  expect(words).toMatch(/July to September 2025 \(2025\/26 Q2\) 0\.16 per 1,000 homes 2 cases, 12,500 homes/);
  expect(words).toContain('Cases involving hate incidents per 1,000 homes (TSM NM01 (2))');
  expect(words).toMatch(/Hate strand Figure Made of Race or colour 1 case /);
  // No closure yet in the quarter: the figure says so, and no empty chart is drawn.
  expect(words).toMatch(/Average days to resolve a case : No figure: nothing to count/);
});

it('draws every chart as an SVG image with a title, followed by the table of its numbers', async () => {
  const page = await leader.get('/staff/reports?quarter=2026-Q2');
  const charts = [...page.text.matchAll(/<figure class="sr-report__chart"><svg role="img" aria-labelledby="([^"]+)"[^>]*><title id="\1">([^<]+)<\/title>[\s\S]*?<\/svg><\/figure>\s*(<table|\{)/g)];
  expect(charts.length).toBeGreaterThanOrEqual(6);
  expect(charts.map((c) => c[2])).toContain('Anti-social behaviour cases per 1,000 homes (TSM NM01 (1)): this period, the period before and the same period last year');
  expect(page.text).not.toMatch(/<script(?![^>]*src=)/);
});

it('takes any range of dates, and says plainly when dates are wrong', async () => {
  const range = await leader.get('/staff/reports?from=2026-07-01&to=2026-07-31');
  expect(text(range.text)).toContain('1 July 2026 to 31 July 2026');
  expect(text(range.text)).toMatch(/1 July 2026 to 31 July 2026 0\.08 per 1,000 homes/);
  const wrong = await leader.get('/staff/reports?from=2026-07-01&to=tomorrow');
  expect(text(wrong.text)).toContain('Enter both dates as year-month-day');
});

it('exports the figures and the cases behind them as CSV a spreadsheet opens safely, and records each export', async () => {
  const figures = await leader.get('/staff/reports/figures.csv?quarter=2026-Q2');
  expect(figures.headers['content-type']).toMatch(/^text\/csv/);
  const rows = parse(figures.text, { columns: true, bom: true }) as Record<string, string>[];
  expect(rows.find((r) => r['indicator'] === 'nm01' && r['period'] === 'current')).toMatchObject({ value: '0.24', numerator: '3', denominator: '12500', from: '2026-07-01', to: '2026-09-30' });
  expect(rows.find((r) => r['indicator'] === 'nm01' && r['period'] === 'lastYear')).toMatchObject({ value: '0.16', from: '2025-07-01' });
  const cases = await leader.get('/staff/reports/cases.csv?quarter=2026-Q2');
  const caseRows = parse(cases.text, { columns: true, bom: true }) as Record<string, string>[];
  expect(caseRows.map((r) => r['category']).sort()).toEqual(['asb/noise', 'harassment', 'hateCrime']);
  expect(caseRows.find((r) => r['category'] === 'hateCrime')).toMatchObject({ kind: 'hate_crime', hate_strands: 'race', counted_as: 'case' });
  // A Community Safety team leader sees the references of the team's cases only; nothing anyone wrote is there.
  for (const row of caseRows) expect(row['reference']).toMatch(row['team_at_opening'] === 'communitySafety' ? /^[A-Z0-9]{4}-[A-Z0-9]{4}$/ : /^$/);
  expect(caseRows.filter((r) => r['reference'] !== '')).toHaveLength(2);
  expect(cases.text).not.toMatch(/racist|filming|shouting/i);
  const exports = await app.db.connection.collection('staff_audit').find({ action: 'case.export' }).toArray();
  expect(exports.map((e) => e['detail']).sort()).toEqual(['report cases 2026-07-01 to 2026-09-30: 3 rows', 'report figures 2026-07-01 to 2026-09-30']);
});

it('exports the same figures and cases as an Excel workbook, numbers as numbers, nothing a cell could run', async () => {
  const read = async (path: string) => {
    const res = await leader.get(path).responseType('blob');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, (row.values as unknown[])[i + 1]])));
    });
    return rows;
  };
  const figures = await read('/staff/reports/figures.xlsx?quarter=2026-Q2');
  expect(figures.find((r) => r['indicator'] === 'nm01' && r['period'] === 'current')).toMatchObject({ value: 0.24, numerator: 3, denominator: 12500, from: '2026-07-01' });
  const cases = await read('/staff/reports/cases.xlsx?quarter=2026-Q2');
  expect(cases.map((r) => r['category']).sort()).toEqual(['asb/noise', 'harassment', 'hateCrime']);
  for (const row of cases) for (const value of Object.values(row)) expect(typeof value === 'object' && value !== null && 'formula' in value).toBe(false);
  const exports = await app.db.connection.collection('staff_audit').find({ action: 'case.export', detail: /xlsx/ }).toArray();
  expect(exports.map((e) => e['detail']).sort()).toEqual(['report cases 2026-07-01 to 2026-09-30: 3 rows (xlsx)', 'report figures 2026-07-01 to 2026-09-30 (xlsx)']);
  expect((await officer.get('/staff/reports/cases.xlsx')).status).toBe(403);
});

it('is not there for an officer without the permission: no link, and the address refused', async () => {
  const queue = await officer.get('/staff/queue');
  expect(queue.text).not.toContain('/staff/reports');
  expect((await officer.get('/staff/reports')).status).toBe(403);
  expect((await officer.get('/staff/reports/cases.csv')).status).toBe(403);
});
