/**
 * The one CSV writer of the project (issue 12 §2): every CSV Provvigo writes (CLI results, accruals, SAP flat files,
 * sample fact files) goes through here, so quoting, line endings and the formula-injection guard are the same
 * everywhere. Quoting and separators are csv-stringify's; the guard is `neutraliseFormula` below, applied to every
 * text cell. The browser build of csv-stringify is imported because core also runs in the studio and the React
 * components (the Node build touches `Buffer` when it loads).
 */
import { stringify } from 'csv-stringify/browser/esm/sync';

export interface CsvDialect {
  /** Field separator: `,` by default, `;` for Italian Excel and SAP flat files. */
  separator: string;
  /** Decimal separator of numeric cells: `.` by default, `,` for Italian Excel. */
  decimal: '.' | ',';
}

export const DEFAULT_DIALECT: CsvDialect = { separator: ',', decimal: '.' };
/** What Excel in an Italian locale expects when it opens a .csv by double click. */
export const EXCEL_IT_DIALECT: CsvDialect = { separator: ';', decimal: ',' };

/** UTF-8 byte-order mark: tells Excel the file is UTF-8 (otherwise "Città" becomes "CittÃ "). */
export const BOM = '\uFEFF';

export type CsvCellKind = 'text' | 'number';

export interface CsvColumn<T> {
  header: string;
  /** `number`: a decimal string or a finite number is written as a number; anything else is text. */
  kind?: CsvCellKind;
  value: (row: T) => unknown;
}

export interface CsvWriteOptions {
  dialect?: CsvDialect;
  /** Start with a UTF-8 BOM (default true: Excel needs it for accents). */
  bom?: boolean;
  /** Line ending (default CRLF, as Excel writes and RFC 4180 asks). */
  lineEnding?: '\r\n' | '\n';
  /**
   * Neutralise text cells a spreadsheet would run as formulas (default true). Only data files written for Provvigo's
   * own reader (sample fact files) turn it off: there the `'` would change the value read back.
   */
  formulaGuard?: boolean;
}

/**
 * What a spreadsheet reads as the start of a formula: = + - @, tab and carriage return (OWASP, "CSV Injection"), and
 * the full-width = + - @ that some spreadsheets normalise to the ASCII ones.
 */
const INJECTION = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The formula-injection guard: prefixes a `'` to text that a spreadsheet would run as a formula. */
export function neutraliseFormula(text: string): string {
  return INJECTION.test(text) ? `'${text}` : text;
}

function asNumber(value: unknown, kind: CsvCellKind): string | undefined {
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  return kind === 'number' && typeof value === 'string' && DECIMAL.test(value) ? value : undefined;
}

/**
 * The text of one cell before quoting: numbers (JavaScript numbers, and decimal strings in `number` columns) in the
 * dialect's decimal separator; anything else is text, neutralised against formula injection.
 */
export function csvCellText(value: unknown, kind: CsvCellKind, dialect: CsvDialect, formulaGuard = true): string {
  if (value === undefined || value === null) return '';
  const number = asNumber(value, kind);
  if (number !== undefined) return dialect.decimal === ',' ? number.replace('.', ',') : number;
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return formulaGuard ? neutraliseFormula(text) : text;
}

/** One CSV line (with its line ending) from cells already made safe by `csvCellText`. */
function csvLine(cells: string[], dialect: CsvDialect, lineEnding: string): string {
  return stringify([cells], {
    delimiter: dialect.separator,
    record_delimiter: lineEnding === '\n' ? 'unix' : 'windows',
    // csv-stringify quotes a lone \n or \r only when asked once a record delimiter is set; a parser needs both quoted
    quote_record_delimiter: true,
  });
}

/**
 * A header line and a line formatter for rows of type T, for writers that stream (a million rows never sit in one
 * string). Concatenate `header` and one `line(row)` per row.
 */
export function csvWriter<T>(columns: readonly CsvColumn<T>[], options: CsvWriteOptions = {}): { header: string; line: (row: T) => string } {
  const dialect = options.dialect ?? DEFAULT_DIALECT;
  const lineEnding = options.lineEnding ?? '\r\n';
  const guard = options.formulaGuard !== false;
  const header = csvLine(columns.map((c) => csvCellText(c.header, 'text', dialect, guard)), dialect, lineEnding);
  return {
    header: (options.bom === false ? '' : BOM) + header,
    line: (row) => csvLine(columns.map((c) => csvCellText(c.value(row), c.kind ?? 'text', dialect, guard)), dialect, lineEnding),
  };
}

/** A whole CSV file as a string: BOM (unless turned off), header line, one line per row. */
export function writeCsv<T>(rows: Iterable<T>, columns: readonly CsvColumn<T>[], options: CsvWriteOptions = {}): string {
  const writer = csvWriter(columns, options);
  let out = writer.header;
  for (const row of rows) out += writer.line(row);
  return out;
}
