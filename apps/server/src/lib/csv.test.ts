import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, spreadsheetDate, spreadsheetNumber, toCsv } from './csv.js';

describe('CSV', () => {
  it('[issue 16.2] reads what spreadsheets write: a BOM, semicolons, quoted newlines and quotes, CRLF, blank lines', () => {
    const text = '\ufeffName;Email;Notes\r\n"Ada Lovelace";ada@example.test;"first line\r\nsecond; with ""quotes"""\r\n\r\nGrace;grace@example.test;\r\n';
    const csv = parseCsv(text);
    expect(csv.delimiter).toBe(';');
    expect(csv.columns).toEqual(['Name', 'Email', 'Notes']);
    expect(csv.rows).toEqual([
      { row: 2, cells: ['Ada Lovelace', 'ada@example.test', 'first line\r\nsecond; with "quotes"'] },
      { row: 3, cells: ['Grace', 'grace@example.test', ''] },
    ]);
  });

  it('[issue 16.2] tabs too; short rows are padded; an unclosed quote and an empty file are clear errors', () => {
    expect(parseCsv('a\tb\n1\t2\n3\n').rows.map((r) => r.cells)).toEqual([
      ['1', '2'],
      ['3', ''],
    ]);
    expect(() => parseCsv('name,email\n"Ada,ada@x.test\n')).toThrow(/never ends/);
    expect(() => parseCsv('')).toThrow(/empty/);
    expect(() => parseCsv('\n\n')).toThrow(/empty/);
  });

  it('[issue 16.2] 50,000 rows parse in one go', () => {
    const lines = ['name,email,phone'];
    for (let i = 0; i < 50_000; i++) lines.push(`Person ${i},p${i}@example.test,"+1 555 ${String(i).padStart(4, '0')}"`);
    const csv = parseCsv(lines.join('\n'));
    expect(csv.rows).toHaveLength(50_000);
    expect(csv.rows[49_999]).toEqual({ row: 50_001, cells: ['Person 49999', 'p49999@example.test', '+1 555 49999'] });
  });

  it("[issue 16.2] Excel's dates: ISO, US month-first, European day-first, serial numbers; impossible days refused", () => {
    expect(spreadsheetDate('2026-12-31')).toBe('2026-12-31');
    expect(spreadsheetDate('2026-01-05T10:00:00Z')).toBe('2026-01-05');
    expect(spreadsheetDate('12/31/2026')).toBe('2026-12-31');
    expect(spreadsheetDate('3/4/2026')).toBe('2026-03-04');
    expect(spreadsheetDate('31/12/2026')).toBe('2026-12-31');
    expect(spreadsheetDate('31.12.2026')).toBe('2026-12-31');
    expect(spreadsheetDate('46387')).toBe('2026-12-31');
    expect(spreadsheetDate('2/30/2026')).toBeNull();
    expect(spreadsheetDate('next friday')).toBeNull();
  });

  it('[issue 16.2] amounts as people type them', () => {
    expect(spreadsheetNumber('1234.5')).toBe(1234.5);
    expect(spreadsheetNumber('1,234.50')).toBe(1234.5);
    expect(spreadsheetNumber('1.234,50')).toBe(1234.5);
    expect(spreadsheetNumber('$ 12 000')).toBe(12000);
    expect(spreadsheetNumber('€1.234')).toBe(1234);
    expect(spreadsheetNumber('ten')).toBeNull();
  });

  it('[issue 16.2] an export never hands a spreadsheet a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil.test","click")')).toBe('"\'=HYPERLINK(""http://evil.test"",""click"")"');
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('plain, with comma')).toBe('"plain, with comma"');
    expect(toCsv(['a', 'b'], [[1, null]])).toBe('a,b\r\n1,\r\n');
  });
});
