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
import { declaredCell, type CellMisfit } from './declaredForms.js';
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

/**
 * A row's record, each cell read once in its column's declared form (`declaredCell`), or the cell its row is refused
 * for: the first number not in the declared form, else the first day-first date naming no day.
 */
function recordOf(
  header: readonly string[],
  values: readonly string[],
  types: ReadonlyMap<string, string>,
  format: Pick<FileFormat, 'decimal' | 'thousands' | 'dateFormat'>,
): { record: FactRecord } | { misfit: true; column: number; cell: CellMisfit } {
  const record: FactRecord = {};
  let number: { column: number; cell: CellMisfit } | undefined;
  let date: typeof number;
  for (let i = 0; i < header.length; i++) {
    const v = values[i]!;
    if (v === '') continue;
    const name = header[i]!;
    const cell = declaredCell(name, types.get(name), v, format);
    if ('misfit' in cell) {
      if (cell.rule === 'type date') date ??= { column: i, cell };
      else number ??= { column: i, cell };
      continue;
    }
    // defineProperty, not assignment: a column named __proto__ must stay a column, not become the prototype.
    Object.defineProperty(record, name, { value: cell.value, enumerable: true, writable: true, configurable: true });
  }
  const misfit = number ?? date;
  return misfit ? { misfit: true, ...misfit } : { record };
}

export async function* readCsvRecords(
  text: AsyncIterable<string>,
  options: { file: string; tableName: string; table: FactTable | undefined; delimiter: string; format: Pick<FileFormat, 'decimal' | 'thousands' | 'dateFormat'> },
  onRejected: (r: CsvRejection) => void,
): AsyncGenerator<CsvRow> {
  const { file, tableName, table } = options;
  // each declared column's type, by name (a Map: the names are the user's)
  const types = new Map(Object.entries(table?.columns ?? {}).map(([n, c]) => [n, c.type]));
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
      const read = recordOf(header, values, types, options.format);
      if ('misfit' in read) {
        const { column, cell } = read;
        onRejected(rowRejection(cell.misfit, { code: 'invalid_input', rule: cell.rule, field: header[column]!, value: values[column]! }, { file, line, tableName, table, header, values }));
        continue;
      }
      yield { record: read.record, line };
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
