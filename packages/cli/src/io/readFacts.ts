/**
 * Streams fact records out of CSV, JSON Lines or JSON files, strictly: text decoded in the declared (or
 * byte-order-marked) encoding with invalid bytes reported, CSV read by `readCsv.ts`. Records are parsed one by one (a
 * million-line file never sits in memory as text); values stay as written: the run coerces and validates them against
 * the fact schema, and rejects bad records with an issue. Rows a reader cannot make a record of are rejected here,
 * each with an issue naming file and line, and counted by the run.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { FileFormatSchema, issueTexts, ownValue, type FactRecord, type FactSchema, type FactTable, type Issue } from '@provvigo/core';
import { decodeText, encodingFromBom, type TextEncoding } from './decodeText.js';
import { CliError } from './errors.js';
import { jsonSyntaxMessages, jsonSyntaxProblem } from './jsonSyntax.js';
import { parseJsonExactly } from './exactJson.js';
import { delimiterOf, readCsvRecords } from './readCsv.js';
import { refuseMisspeltColumns } from './misspeltColumns.js';
import { refuseFolder } from './refuseFolder.js';

export type FactFormat = 'csv' | 'json' | 'jsonl';

export interface FactFile {
  table: string;
  file: string;
  format: FactFormat;
}

const FORMATS: Record<string, FactFormat> = { '.csv': 'csv', '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

function formatOf(file: string): FactFormat | undefined {
  const m = /\.[a-z]+$/i.exec(file);
  return m ? FORMATS[m[0].toLowerCase()] : undefined;
}

/**
 * Resolves `--facts` arguments into files per table. An argument is `table=path`, a file named after its table
 * (`contracts.csv`, `contracts.2026-10.csv`) or a folder of such files.
 */
export async function resolveFactFiles(args: readonly string[], schema: FactSchema): Promise<FactFile[]> {
  const known = Object.keys(schema.tables);
  const isTable = (table: string) => Object.hasOwn(schema.tables, table);
  const files: FactFile[] = [];
  const add = (table: string, file: string) => {
    const format = formatOf(file);
    if (!format) throw new CliError({ en: 'unsupported fact file: use .csv, .json, .jsonl or .ndjson', it: 'file di fatti non supportato: usa .csv, .json, .jsonl o .ndjson' }, { file });
    if (!isTable(table)) {
      const en = `no fact table "${table}" in the fact schema (known: ${known.join(', ')})`;
      throw new CliError({ en, it: `nessuna tabella "${table}" nello schema dei fatti (tabelle note: ${known.join(', ')})` }, { file });
    }
    files.push({ table, file, format });
  };
  for (const arg of args) {
    const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(arg);
    if (eq) {
      add(eq[1] as string, eq[2] as string);
      continue;
    }
    const info = await stat(arg).catch(() => {
      throw new CliError({ en: 'no such file or folder', it: 'file o cartella inesistente' }, { file: arg });
    });
    if (info.isDirectory()) {
      const entries = (await readdir(arg)).filter((f) => formatOf(f)).sort();
      if (entries.length === 0) throw new CliError({ en: 'no .csv, .json or .jsonl fact files in this folder', it: 'nessun file di fatti .csv, .json o .jsonl in questa cartella' }, { file: arg });
      for (const f of entries) add(f.split('.')[0] as string, join(arg, f));
    } else {
      add(basename(arg).split('.')[0] as string, arg);
    }
  }
  return files;
}

/** Reads the first line of a file (decoded leniently: only to find the field separator). */
async function headerLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const bytes = buf.subarray(0, bytesRead);
    const bom = encodingFromBom(bytes);
    const text = new TextDecoder(bom?.encoding ?? 'utf-8').decode(bytes.subarray(bom?.length ?? 0));
    return text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

export interface ReadProgress {
  /** Bytes read so far of this file, and its size, for progress bars. */
  (bytesRead: number, size: number): void;
}

/** A record a reader could not turn into a record (a CSV row of the wrong width, a line that is not JSON). */
export interface ReadRejection {
  issue: Issue;
  line: number;
}

/** The issue of a line that is not a JSON record: counted as rejected, the rest of the file is read. */
function jsonLineIssue(table: string, file: string, line: number, why: { code: Issue['code']; rule: string; en: string; it: string }): Issue {
  return {
    code: why.code,
    severity: 'error',
    message: `${file}:${line}: ${why.en}`,
    messages: { en: `${file}:${line}: ${why.en}`, it: `${file}:${line}: ${why.it}` },
    path: ['facts', table, `line ${line}`],
    file: `${file}:${line}`,
    line,
    record: { table, id: `line ${line}` },
    rule: why.rule,
  };
}

/** A line as a message shows it: long lines cut (the whole line may be megabytes). */
const shownLine = (text: string): string => (text.length > 60 ? `${text.slice(0, 60)}…` : text);

/**
 * The record a JSON Lines line holds, or why it holds none: text that is not JSON, or JSON that is not an object
 * (`null`, `42`, `"text"`, `[…]`). The latter is rejected here too, by file and line: passed on, the run could name it
 * only by position, and `period calculate` failed on a `null` with "Cannot convert undefined or null to object".
 */
function jsonLineRecord(text: string, table: string, file: string, line: number): { record: FactRecord } | { rejection: ReadRejection } {
  let value: unknown;
  try {
    value = parseJsonExactly(text);
  } catch {
    // the column, not Node's message: that quotes the line around the error
    const { column, reason } = jsonSyntaxProblem(text);
    const en = `not valid JSON at column ${column}: ${reason.en}; the line is not read`;
    return { rejection: { line, issue: jsonLineIssue(table, file, line, { code: 'invalid_file', rule: 'json', en, it: `JSON non valido alla colonna ${column}: ${reason.it}; la riga non è letta` }) } };
  }
  if (isRecord(value)) return { record: value };
  const found = shownLine(text.trim());
  const issue = jsonLineIssue(table, file, line, {
    code: 'invalid_input',
    rule: 'record',
    en: `a record must be a JSON object of column values, found ${found}; the line is not read`,
    it: `un record deve essere un oggetto JSON di valori per colonna, trovato ${found}; la riga non è letta`,
  });
  return { rejection: { line, issue: { ...issue, value: found } } };
}

/** The records of a JSON Lines text, one per line; blank lines are skipped, bad ones go to `reject`. */
async function* readJsonLines(text: AsyncIterable<string>, source: FactFile, reject: (r: ReadRejection) => void, onLine?: (line: number) => void): AsyncGenerator<FactRecord> {
  let line = 0;
  for await (const t of createInterface({ input: Readable.from(text), crlfDelay: Infinity })) {
    line += 1;
    if (t.trim() === '') continue;
    const read = jsonLineRecord(t, source.table, source.file, line);
    if ('rejection' in read) {
      reject(read.rejection);
      continue;
    }
    onLine?.(line);
    yield read.record;
  }
}

/**
 * Streams the records of one fact file. Rows the reader cannot make a record of go to `onRejected` (without it, the
 * first one throws), a JSON Lines line that is not an object among them. Values of a JSON array that are not objects
 * (a `null`) are passed on: the run rejects them by index.
 */
export async function* readFactRecords(
  source: FactFile,
  schema: FactSchema,
  onBytes?: ReadProgress,
  onLine?: (line: number) => void,
  onRejected?: (r: ReadRejection) => void,
): AsyncGenerator<FactRecord> {
  await refuseFolder(source.file);
  const size = (await stat(source.file).catch(() => {
    throw new CliError({ en: 'cannot read the file', it: 'impossibile leggere il file' }, { file: source.file });
  })).size;
  const table = ownValue(schema.tables, source.table);
  const format = FileFormatSchema.parse(table?.format ?? {});
  const reject = (r: ReadRejection) => {
    if (!onRejected) throw new CliError(issueTexts(r.issue), { file: source.file, line: r.line });
    onRejected(r);
  };
  if (source.format === 'json') {
    yield* keysChecked(readJsonArray(source.file, format.encoding), table, source, (n) => ({ record: String(n) }));
    onBytes?.(size, size);
    return;
  }
  // Read the header before opening the stream: a 'data' listener starts the flow, and nothing may be read before.
  const delimiter = source.format === 'csv' ? delimiterOf(await headerLine(source.file), format.delimiter) : ',';
  const stream = createReadStream(source.file);
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes?.(bytes, size);
  });
  const text = decodeText(stream as AsyncIterable<Buffer>, format.encoding, source.file);
  if (source.format === 'jsonl') {
    let line = 0;
    yield* keysChecked(readJsonLines(text, source, reject, (l) => ((line = l), onLine?.(l))), table, source, () => ({ line }));
    return;
  }
  for await (const row of readCsvRecords(text, { file: source.file, tableName: source.table, table, delimiter, format }, reject)) {
    onLine?.(row.line);
    yield row.record;
  }
}

/**
 * The records of a JSON or JSON Lines file, each record's keys checked as a CSV's header is (misspeltColumns.ts): a
 * JSON file has no header, and its records need not share their keys, so a misspelt key can first appear in record
 * 40,000 (an optional column absent until then). Only a record with a key the schema does not declare is looked at
 * further, and each such set of keys once: a file whose records all carry the same extra fields checks them once.
 */
async function* keysChecked(records: AsyncIterable<FactRecord>, table: FactTable | undefined, source: FactFile, where: (n: number) => { line?: number; record?: string }): AsyncGenerator<FactRecord> {
  const seen = new Set<string>();
  let n = 0;
  for await (const record of records) {
    n += 1;
    if (table && isRecord(record)) {
      const keys = Object.keys(record);
      if (!keys.every((k) => Object.hasOwn(table.columns, k))) {
        const shape = keys.join('\u0000');
        // bounded: a file whose every record has keys of its own must not grow the set without end
        if (!seen.has(shape)) {
          refuseMisspeltColumns(keys, table, source.table, { file: source.file, ...where(n) });
          if (seen.size < MAX_SHAPES) seen.add(shape);
        }
      }
    }
    yield record;
  }
}

/** Sets of keys remembered as checked per file (past it, a new set is checked every time it comes). */
const MAX_SHAPES = 1024;

async function* readJsonArray(file: string, encoding: TextEncoding): AsyncGenerator<FactRecord> {
  const value = await readJsonFile(file, encoding);
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.records) ? value.records : undefined;
  if (!list) throw new CliError({ en: 'a JSON fact file holds an array of records (or {"records": [...]})', it: 'un file di fatti JSON contiene un array di record (o {"records": [...]})' }, { file });
  // Non-objects (null, numbers) go on to the run, which rejects each as a record naming its position.
  for (const r of list as unknown[]) yield r as FactRecord;
}

const isRecord = (v: unknown): v is FactRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and parses a JSON file (strict UTF-8 unless told otherwise); errors name the file. */
export async function readJsonFile(file: string, encoding: TextEncoding = 'utf-8'): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CliError({ en: 'cannot read the file', it: 'impossibile leggere il file' }, { file });
  }
  let text = '';
  for await (const part of decodeText([bytes], encoding, file)) text += part;
  try {
    return parseJsonExactly(text);
  } catch {
    // line and column, not Node's message: that quotes the text around the error, maybe part of a secret
    const { en, it } = jsonSyntaxMessages(text);
    throw new CliError({ en, it }, { file });
  }
}

/** Where the records of a table came from: file segments, and the line of each record for line-based formats. */
export type FactOrigins = Record<string, { file: string; start: number; end: number; lines?: number[] }[]>;

/** `facts/contracts.csv:174` for the record at `index` of a table, or undefined. */
export function locateRecord(origins: FactOrigins, table: string, index: number): string | undefined {
  // Own entries only: a table named `toString` without records must not find Function.prototype.toString here.
  const segments = ownValue(origins, table);
  const seg = segments?.find((s) => index >= s.start && index < s.end);
  if (!seg) return undefined;
  const line = seg.lines?.[index - seg.start];
  return line !== undefined ? `${seg.file}:${line}` : `${seg.file} (record #${index - seg.start + 1})`;
}

/** A run or validation issue about a record, with the file and line the record came from (core knows only its index). */
export function withFile(issue: Issue, origins: FactOrigins): Issue {
  const [root, table, index] = issue.path;
  if (issue.file || root !== 'facts' || typeof table !== 'string' || typeof index !== 'number') return issue;
  const file = locateRecord(origins, table, index);
  return file ? { ...issue, file } : issue;
}

/** Reads every fact file into records per table (records, not raw text, are what the run holds). */
export async function readAllFacts(
  files: readonly FactFile[],
  schema: FactSchema,
  onFile?: (file: FactFile, records: number, bytesRead: number, size: number) => void,
): Promise<{ facts: Record<string, FactRecord[]>; origins: FactOrigins; rejected: Issue[] }> {
  // By table name in Maps, made objects by Object.fromEntries: a schema may name a table `toString` or `valueOf`,
  // which `facts[table] ??= []` would take for Object.prototype's method instead of a list of records.
  const facts = new Map<string, FactRecord[]>();
  const origins = new Map<string, FactOrigins[string]>();
  const rejected: Issue[] = [];
  for (const f of files) {
    let list = facts.get(f.table);
    if (!list) facts.set(f.table, (list = []));
    const seg = { file: f.file, start: list.length, end: list.length, ...(f.format === 'json' ? {} : { lines: [] as number[] }) };
    let segments = origins.get(f.table);
    if (!segments) origins.set(f.table, (segments = []));
    segments.push(seg);
    let bytes = 0;
    let size = 0;
    let n = 0;
    const records = readFactRecords(
      f,
      schema,
      (b, s) => {
        bytes = b;
        size = s;
      },
      (line) => seg.lines?.push(line),
      (r) => rejected.push(r.issue),
    );
    for await (const record of records) {
      list.push(record);
      n += 1;
      if (onFile && n % 5000 === 0) onFile(f, n, bytes, size);
    }
    seg.end = list.length;
    onFile?.(f, n, size, size);
  }
  return { facts: Object.fromEntries(facts), origins: Object.fromEntries(origins), rejected };
}

/** Gives every table of the schema its own (possibly empty) list of records, after those read from files. */
export function withEveryTable(facts: Record<string, FactRecord[]>, schema: FactSchema): Record<string, FactRecord[]> {
  // Object.hasOwn, not `??=`: for a table named `toString` the latter finds Object.prototype's method and adds nothing.
  for (const table of Object.keys(schema.tables)) if (!Object.hasOwn(facts, table)) facts[table] = [];
  return facts;
}
