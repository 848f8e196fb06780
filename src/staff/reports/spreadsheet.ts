// The report's exports as a spreadsheet file: the same header and rows as CSV (with a byte-order mark and
// Windows line ends, so Excel reads the UTF-8 right) or as an Excel workbook with one sheet, numbers kept as
// numbers. Either way a cell that starts with = + - @ (or a tab or return) is written as text with a leading
// apostrophe, so that no spreadsheet ever runs what a case or a person's words say.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

export type SpreadsheetFormat = 'csv' | 'xlsx';
export const SPREADSHEET_FORMATS: readonly SpreadsheetFormat[] = ['csv', 'xlsx'];

export const CONTENT_TYPES: Record<SpreadsheetFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A spreadsheet must not run what a cell says: text starting = + - @ (or a tab or return) is kept as text. */
export const safeCell = (value: unknown): string | number => {
  if (typeof value === 'number') return value;
  const text = value === undefined || value === null ? '' : String(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
};

export async function spreadsheet(format: SpreadsheetFormat, sheetName: string, header: string[], rows: unknown[][]): Promise<Buffer> {
  const safe = rows.map((r) => r.map(safeCell));
  if (format === 'csv') return Buffer.from(stringify([header, ...safe], { bom: true, record_delimiter: 'windows' }), 'utf8');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(header).font = { bold: true };
  for (const row of safe) sheet.addRow(row);
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(40, Math.max(header[i]!.length, ...safe.map((r) => String(r[i] ?? '').length)) + 2);
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}
