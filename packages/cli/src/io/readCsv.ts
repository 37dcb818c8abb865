/**
 * Reads the records of a CSV fact file strictly, with csv-parse: any mix of CRLF, LF and CR line endings; the header
 * names the columns and may not repeat or leave one empty; a row with more or fewer fields than the header is
 * rejected with an issue naming file and line (the others are still read); numbers are read with the separators the
 * table declares and no others, dates in its `dateFormat` (or ISO). Empty cells are left out, so optional columns read as missing.
 */
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import type { FactRecord, FactTable, FileFormat, Issue } from '@provvigo/core';
import { CliError } from './errors.js';
import { refuseMisspeltColumns } from './misspeltColumns.js';

export interface CsvRow {
  record: FactRecord;
  /** Line of the file where the record starts (1-based). */
  line: number;
}

export interface CsvRejection {
  issue: Issue;
  line: number;
}

const NUMERIC = new Set(['number', 'integer', 'money', 'percent']);
const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The plain decimal (`-1234.5`) a numeric cell means under the declared separators, or the cell unchanged when it is
 * not a number written that way (the run then rejects it, naming the value).
 */
export function numberAsDeclared(cell: string, format: Pick<FileFormat, 'decimal' | 'thousands'>): string {
  const t = cell.trim();
  const dec = escapeRegExp(format.decimal);
  const grouped = format.thousands === undefined ? '' : `|\\d{1,3}(?:${escapeRegExp(format.thousands)}\\d{3})+`;
  const re = new RegExp(`^(-?)(\\d+${grouped})(?:${dec}(\\d+))?$`);
  const m = re.exec(t);
  if (!m) return cell;
  const int = format.thousands === undefined ? m[2]! : m[2]!.split(format.thousands).join('');
  return `${m[1]}${int}${m[3] !== undefined ? `.${m[3]}` : ''}`;
}

/**
 * Whether a numeric cell holds a point that the table's declared separators do not read: `decimal: ','` and "1.000"
 * or "2.5" without `.` thousands, or "1.5" with them. The run reads a point as a decimal point, so passed on, such a
 * cell would be paid as 1 or 2.5 where the person most likely meant a thousand or twenty-five: the row is rejected.
 */
export function pointInCommaFile(cell: string, format: Pick<FileFormat, 'decimal' | 'thousands'>): boolean {
  return format.decimal === ',' && /^[-+]?[\d.]*\.[\d.]*$/.test(cell.trim()) && /\d/.test(cell) && numberAsDeclared(cell, format) === cell;
}

/** Why a cell `pointInCommaFile` finds is not read, in both languages. */
function pointInCommaText(column: string, cell: string, format: Pick<FileFormat, 'thousands'>): { en: string; it: string } {
  const grouped = format.thousands === '.';
  const en = grouped
    ? `column ${column}: "${cell}" is not a number as the table's format writes them (a decimal comma, a point between groups of three digits); the row is not read`
    : `column ${column}: "${cell}" has a point, but the table's format declares a decimal comma and no thousands separator (a thousand? declare "thousands": "." in the format); the row is not read`;
  const it = grouped
    ? `colonna ${column}: "${cell}" non è un numero scritto come dichiara il formato della tabella (virgola decimale, un punto tra gruppi di tre cifre); la riga non è letta`
    : `colonna ${column}: "${cell}" ha un punto, ma il formato della tabella dichiara la virgola decimale e nessun separatore delle migliaia (mille? dichiara "thousands": "." nel formato); la riga non è letta`;
  return { en, it };
}

/** A row the reader does not make a record of: the issue names file, line, table, the row's key and partner when it has them. */
function rowRejection(
  why: { en: string; it: string },
  what: Pick<Issue, 'code' | 'rule' | 'field' | 'value'>,
  at: { file: string; line: number; tableName: string; table: FactTable | undefined; header: string[]; values: string[] },
): CsvRejection {
  const { file, line, tableName, table, header, values } = at;
  const keyAt = table ? header.indexOf(table.key) : -1;
  const partnerAt = table ? header.indexOf(table.partner) : -1;
  const id = keyAt >= 0 && values[keyAt] ? values[keyAt]! : `line ${line}`;
  const message = `${file}:${line}: ${why.en}`;
  return {
    line,
    issue: {
      severity: 'error',
      message,
      messages: { en: message, it: `${file}:${line}: ${why.it}` },
      path: ['facts', tableName, `line ${line}`],
      file: `${file}:${line}`,
      line,
      record: { table: tableName, id },
      ...what,
      ...(partnerAt >= 0 && values[partnerAt] && values.length > partnerAt ? { partnerId: values[partnerAt]! } : {}),
    },
  };
}

/** A day-first date in the separator of `dateFormat` (`dd/MM/yyyy`, `dd.MM.yyyy`): day, month and year as written. */
const DAY_FIRST: ReadonlyMap<string, RegExp> = new Map([
  ['dd/MM/yyyy', /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/],
  ['dd.MM.yyyy', /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/],
]);

/**
 * The ISO date (`2026-10-01`) a date cell means under the table's `dateFormat`, or the cell unchanged when it is not
 * written that way: an ISO date then reads as itself, anything else is rejected by the run naming the value. The
 * calendar is the run's to check (`31/02/2026` becomes `2026-02-31`, which it refuses as no date of the calendar).
 */
export function dateAsDeclared(cell: string, format: Pick<FileFormat, 'dateFormat'>): string {
  const re = format.dateFormat === undefined ? undefined : DAY_FIRST.get(format.dateFormat);
  const m = re?.exec(cell.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : cell;
}

/** The field separator: declared, or the one of `,` `;` tab found on the header line (names hold none of them). */
export function delimiterOf(headerLine: string, declared: FileFormat['delimiter']): string {
  if (declared) return declared;
  const counts = [',', ';', '\t'].map((c) => [c, headerLine.split(c).length - 1] as const);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

const breaksIn = (values: readonly string[]): number => values.reduce((n, v) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

/** Checks the header: no empty and no repeated names. */
function checkHeader(header: string[], file: string): string[] {
  const names = header.map((h) => h.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') throw new CliError({ en: `column ${i + 1} of the header has no name`, it: `la colonna ${i + 1} dell'intestazione non ha nome` }, { file, line: 1 });
    const first = seen.get(name);
    if (first !== undefined) {
      const en = `the header names column "${name}" twice (columns ${first + 1} and ${i + 1})`;
      throw new CliError({ en, it: `l'intestazione nomina due volte la colonna "${name}" (colonne ${first + 1} e ${i + 1})` }, { file, line: 1 });
    }
    seen.set(name, i);
  });
  return names;
}

export async function* readCsvRecords(
  text: AsyncIterable<string>,
  options: { file: string; tableName: string; table: FactTable | undefined; delimiter: string; format: Pick<FileFormat, 'decimal' | 'thousands' | 'dateFormat'> },
  onRejected: (r: CsvRejection) => void,
): AsyncGenerator<CsvRow> {
  const { file, tableName, table } = options;
  const numeric = new Map(Object.entries(table?.columns ?? {}).filter(([, c]) => NUMERIC.has(c.type)).map(([n, c]) => [n, c.type]));
  const dates = new Set(Object.entries(table?.columns ?? {}).filter(([, c]) => c.type === 'date').map(([n]) => n));
  // a cell as the run reads it: numbers and dates in the declared forms made plain, any other value as written
  const plain = (name: string, v: string): string => (numeric.has(name) ? numberAsDeclared(v, options.format) : dates.has(name) ? dateAsDeclared(v, options.format) : v);
  const parser = parse({
    bom: true,
    delimiter: options.delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  // Node's pipeline feeds the text in, waiting whenever the parser is full, and ends the parser with the text; an
  // error on either side destroys both (the text's iterator is returned, its file closed) and surfaces in the loop
  // below. Resolved once both are closed, which `finally` waits for.
  const fed = new Promise<void>((resolve) => pipeline(Readable.from(text), parser, () => resolve()));
  let header: string[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const values = item.record;
      const line = item.info.lines - breaksIn(values);
      if (!header) {
        header = checkHeader(values, file);
        if (table) refuseMisspeltColumns(header, table, tableName, { file, line: 1 });
        continue;
      }
      if (values.length !== header.length) {
        const en = `the row has ${values.length} fields, the header ${header.length} (a separator inside an unquoted value, such as 3,200?); the row is not read`;
        const it = `la riga ha ${values.length} campi, l'intestazione ${header.length} (un separatore dentro un valore senza virgolette, come 3,200?); la riga non è letta`;
        onRejected(rowRejection({ en, it }, { code: 'invalid_file', rule: 'columns', value: values.length }, { file, line, tableName, table, header, values }));
        continue;
      }
      const misread = header.findIndex((name, i) => numeric.has(name) && pointInCommaFile(values[i]!, options.format));
      if (misread >= 0) {
        const why = pointInCommaText(header[misread]!, values[misread]!, options.format);
        onRejected(rowRejection(why, { code: 'invalid_input', rule: `type ${numeric.get(header[misread]!)}`, field: header[misread]!, value: values[misread]! }, { file, line, tableName, table, header, values }));
        continue;
      }
      const record: FactRecord = {};
      header.forEach((name, i) => {
        const v = values[i]!;
        if (v === '') return;
        // defineProperty, not assignment: a column named __proto__ must stay a column, not become the prototype.
        Object.defineProperty(record, name, { value: plain(name, v), enumerable: true, writable: true, configurable: true });
      });
      yield { record, line };
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    const err = e as Error & { lines?: number; code?: string };
    const code = err.code ? ` (${err.code})` : '';
    // csv-parse's own message is English only: the CLI's words around it are translated
    throw new CliError({ en: `not valid CSV${code}: ${err.message}`, it: `CSV non valido${code}: ${err.message}` }, { file, line: err.lines });
  } finally {
    if (!parser.destroyed) parser.destroy();
    await fed;
  }
}
