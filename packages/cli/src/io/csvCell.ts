/**
 * CSV cells that open right in Excel and cannot run as formulas (ARCHITECTURE §3, invariant 8). A text cell starting
 * with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, as OWASP recommends for CSV injection. Numbers
 * written by us (decimal strings) stay numbers.
 */

export interface CsvDialect {
  /** Field separator: `,` by default, `;` for Italian Excel. */
  separator: ',' | ';';
  /** Decimal separator of numeric cells: `.` by default, `,` for Italian Excel. */
  decimal: '.' | ',';
}

export const DEFAULT_DIALECT: CsvDialect = { separator: ',', decimal: '.' };
/** What Excel in an Italian locale expects when it opens a .csv by double click. */
export const EXCEL_IT_DIALECT: CsvDialect = { separator: ';', decimal: ',' };

/** UTF-8 byte-order mark: tells Excel the file is UTF-8 (otherwise "Città" becomes "CittÃ "). */
export const BOM = '\uFEFF';

const INJECTION = /^[=+\-@\t\r]/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Prefixes a `'` to text that a spreadsheet would read as a formula. */
export function neutraliseFormula(text: string): string {
  return INJECTION.test(text) ? `'${text}` : text;
}

/** Quotes a field when it holds the separator, a quote or a line break (RFC 4180). */
export function quoteField(text: string, dialect: CsvDialect): string {
  return text.includes(dialect.separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export type CellKind = 'text' | 'number';

/**
 * One cell, ready for a CSV line. `number` cells holding a decimal string or a finite number are written as numbers
 * in the dialect's decimal separator; anything else is text, neutralised against formula injection.
 */
export function formatCell(value: unknown, kind: CellKind, dialect: CsvDialect): string {
  if (value === undefined || value === null) return '';
  if (kind === 'number') {
    const s = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' ? value : '';
    if (DECIMAL.test(s)) return dialect.decimal === ',' ? s.replace('.', ',') : s;
  }
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return quoteField(neutraliseFormula(text), dialect);
}

export interface CsvColumn<T> {
  header: string;
  kind?: CellKind;
  value: (row: T) => unknown;
}

/** The header line (with the BOM) and a line formatter for rows of type T. Lines end with CRLF, as Excel writes them. */
export function csvFormatter<T>(columns: readonly CsvColumn<T>[], dialect: CsvDialect): { header: string; line: (row: T) => string } {
  return {
    header: BOM + columns.map((c) => formatCell(c.header, 'text', dialect)).join(dialect.separator) + '\r\n',
    line: (row) => columns.map((c) => formatCell(c.value(row), c.kind ?? 'text', dialect)).join(dialect.separator) + '\r\n',
  };
}
