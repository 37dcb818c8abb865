/**
 * Reads the records of a CSV fact file strictly, with csv-parse: any mix of CRLF, LF and CR line endings; the header
 * names the columns and may not repeat or leave one empty; a row with more or fewer fields than the header is
 * rejected with an issue naming file and line (the others are still read); numbers are read with the separators the
 * table declares and no others. Empty cells are left out, so optional columns read as missing.
 */
import { Readable, pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { closestName, type FactRecord, type FactTable, type FileFormat, type Issue } from '@provvigo/core';
import { CliError } from './errors.js';

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
 * Refuses a header whose column looks like a declared column that the file lacks ("annualKWh" where the schema
 * declares "annualKwh"): an undeclared column is not read, so every value of it would be silently lost and the
 * records read as if the declared column were blank, which for an optional column changes what is paid. Other
 * undeclared columns (an export's extra fields) are still ignored.
 */
function refuseMisspeltColumns(header: readonly string[], table: FactTable, tableName: string, file: string): void {
  const inFile = new Set(header);
  const missing = Object.keys(table.columns).filter((c) => !inFile.has(c));
  if (missing.length === 0) return;
  for (const name of header) {
    if (Object.hasOwn(table.columns, name)) continue;
    // at most two edits: this refuses the file, so only a near certainty counts
    const meant = closestName(name, missing, 2);
    if (meant === undefined) continue;
    throw new CliError(
      {
        en: `column "${name}" is not in the fact schema of table ${tableName}, and its column "${meant}" is not in the file: rename "${name}" to "${meant}" (or declare "${name}" in the fact schema); as it is, none of its values would be read`,
        it: `la colonna "${name}" non è nello schema dei dati della tabella ${tableName}, e la sua colonna "${meant}" manca nel file: rinomina "${name}" in "${meant}" (oppure dichiara "${name}" nello schema dei dati); così com'è, nessuno dei suoi valori verrebbe letto`,
      },
      { file, line: 1 },
    );
  }
}

export async function* readCsvRecords(
  text: AsyncIterable<string>,
  options: { file: string; tableName: string; table: FactTable | undefined; delimiter: string; format: Pick<FileFormat, 'decimal' | 'thousands'> },
  onRejected: (r: CsvRejection) => void,
): AsyncGenerator<CsvRow> {
  const { file, tableName, table } = options;
  const numeric = new Set(Object.entries(table?.columns ?? {}).filter(([, c]) => NUMERIC.has(c.type)).map(([n]) => n));
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
        if (table) refuseMisspeltColumns(header, table, tableName, file);
        continue;
      }
      if (values.length !== header.length) {
        const keyAt = table ? header.indexOf(table.key) : -1;
        const partnerAt = table ? header.indexOf(table.partner) : -1;
        const id = keyAt >= 0 && values[keyAt] ? values[keyAt]! : `line ${line}`;
        const message = `${file}:${line}: the row has ${values.length} fields, the header ${header.length} (a separator inside an unquoted value, such as 3,200?); the row is not read`;
        const messageIt = `${file}:${line}: la riga ha ${values.length} campi, l'intestazione ${header.length} (un separatore dentro un valore senza virgolette, come 3,200?); la riga non è letta`;
        onRejected({
          line,
          issue: {
            code: 'invalid_file',
            severity: 'error',
            message,
            messages: { en: message, it: messageIt },
            path: ['facts', tableName, `line ${line}`],
            file: `${file}:${line}`,
            line,
            record: { table: tableName, id },
            rule: 'columns',
            value: values.length,
            ...(partnerAt >= 0 && values[partnerAt] && values.length > partnerAt ? { partnerId: values[partnerAt]! } : {}),
          },
        });
        continue;
      }
      const record: FactRecord = {};
      header.forEach((name, i) => {
        const v = values[i]!;
        if (v === '') return;
        // defineProperty, not assignment: a column named __proto__ must stay a column, not become the prototype.
        Object.defineProperty(record, name, { value: numeric.has(name) ? numberAsDeclared(v, options.format) : v, enumerable: true, writable: true, configurable: true });
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
