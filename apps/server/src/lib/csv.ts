import type * as Papa from 'papaparse';
import { lazy } from './lazy.js';

const papa = lazy<typeof Papa>('papaparse');

/**
 * One CSV cell (RFC 4180). A value a spreadsheet would run as a formula
 * (starting with =, +, -, @, a tab or a carriage return) gets a leading ',
 * so opening an export never executes what someone typed into a field.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document: the header row, then one line per row, CRLF line ends (what spreadsheets expect). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export type ParsedCsv = {
  /** The header row's column names, trimmed (an empty one is named "Column N"). */
  columns: string[];
  /** Data rows, each as wide as the header, with the spreadsheet row number (the header is row 1). */
  rows: Array<{ row: number; cells: string[] }>;
  delimiter: string;
};

export class CsvError extends Error {
  override name = 'CsvError';
}

/** The delimiter the header row uses most (comma, semicolon, tab or bar); a comma when it has none. */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t', '|'].map((d) => [d, header.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/**
 * Parses a CSV file as spreadsheets write them, with papaparse: a UTF-8 byte
 * order mark, comma, semicolon or tab delimiters (guessed), quoted cells with
 * newlines and doubled quotes, CRLF or LF, blank lines skipped.
 */
export function parseCsv(text: string, maxRows = 100_000): ParsedCsv {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const result = papa().parse<string[]>(body, { skipEmptyLines: 'greedy', delimiter: delimiterOf(body) });
  const fatal = result.errors.find((e) => e.code === 'MissingQuotes');
  if (fatal) throw new CsvError(`Row ${(fatal.row ?? 0) + 1}: a quoted cell never ends (a " is missing)`);
  const [header, ...data] = result.data;
  if (!header || header.every((h) => h.trim() === '')) throw new CsvError('The file is empty: the first row should name the columns');
  if (data.length > maxRows) throw new CsvError(`At most ${maxRows.toLocaleString('en')} rows per import; this file has ${data.length.toLocaleString('en')}`);
  const columns = header.map((h, i) => h.trim() || `Column ${i + 1}`);
  return {
    columns,
    delimiter: result.meta.delimiter,
    rows: data.map((cells, i) => ({ row: i + 2, cells: columns.map((_, c) => (cells[c] ?? '').trim()) })),
  };
}

/**
 * A date as spreadsheets export them, as `YYYY-MM-DD`: ISO dates (with or
 * without a time), `M/D/YYYY` (US Excel), `D.M.YYYY` and `D/M/YYYY` when the
 * day cannot be a month, and Excel serial numbers (days since 1899-12-30).
 * Null when it is none of these or not a real day.
 */
export function spreadsheetDate(value: string): string | null {
  const v = value.trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})([/.])(\d{1,2})\2(\d{4})(?:\s+[\d:]+(?:\s*[AP]M)?)?$/i.exec(v))) {
    const [a, sep, b] = [Number(match[1]), match[2], Number(match[3])];
    y = Number(match[4]);
    // Dots are day-first (Europe); slashes are month-first unless the first number cannot be a month.
    if (sep === '.' || a > 12) [d, m] = [a, b];
    else [m, d] = [a, b];
  } else if (/^\d{5}(\.\d+)?$/.test(v)) {
    const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(v)) * 86_400_000);
    [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  } else {
    return null;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900 || y > 2200) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * An amount as people type it: `1234.5`, `1,234.50`, `1.234,50`, `$ 1 234`,
 * `€1.234`; null when it is not a number. The last separator followed by one
 * or two digits is the decimal point.
 */
export function spreadsheetNumber(value: string): number | null {
  const v = value.replace(/[\s\u00a0'’]/g, '').replace(/^[^\d+-]+|[^\d]+$/g, '');
  if (!/^[+-]?[\d.,]+$/.test(v)) return null;
  const decimal = /[.,](\d{1,2})$/.exec(v);
  const whole = decimal ? v.slice(0, decimal.index) : v;
  const n = Number(`${whole.replace(/[.,]/g, '')}${decimal ? `.${decimal[1]}` : ''}`);
  return Number.isFinite(n) ? n : null;
}

/** A cell holding several values ("a@x.com; b@x.com", "EMEA, renewal"). */
export const splitList = (value: string): string[] =>
  value
    .split(/[;,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
