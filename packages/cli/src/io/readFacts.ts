/**
 * Streams fact records out of CSV, JSON Lines or JSON files. CSV is parsed record by record (a million-line file never
 * sits in memory as text); empty cells are left out so optional columns read as missing; values otherwise stay as
 * written: the run coerces and validates them against the fact schema, and rejects bad records with an issue.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { FactRecord, FactSchema } from '@provvigo/core';
import { CliError } from './errors.js';

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
  const files: FactFile[] = [];
  const add = (table: string, file: string) => {
    const format = formatOf(file);
    if (!format) throw new CliError('unsupported fact file: use .csv, .json, .jsonl or .ndjson', { file });
    if (!schema.tables[table]) throw new CliError(`no fact table "${table}" in the fact schema (known: ${known.join(', ')})`, { file });
    files.push({ table, file, format });
  };
  for (const arg of args) {
    const eq = /^([A-Za-z_][A-Za-z0-9_]*)=(.+)$/.exec(arg);
    if (eq) {
      add(eq[1] as string, eq[2] as string);
      continue;
    }
    const info = await stat(arg).catch(() => {
      throw new CliError('no such file or folder', { file: arg });
    });
    if (info.isDirectory()) {
      const entries = (await readdir(arg)).filter((f) => formatOf(f)).sort();
      if (entries.length === 0) throw new CliError('no .csv, .json or .jsonl fact files in this folder', { file: arg });
      for (const f of entries) add(f.split('.')[0] as string, join(arg, f));
    } else {
      add(basename(arg).split('.')[0] as string, arg);
    }
  }
  return files;
}

/** Reads the first line of a file to choose the CSV separator: Italian Excel writes `;`. */
async function sniffSeparator(file: string): Promise<',' | ';' | '\t'> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const first = buf.subarray(0, bytesRead).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
    const count = (c: string) => first.split(c).length - 1;
    const counts = [[',', count(',')], [';', count(';')], ['\t', count('\t')]] as const;
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  } finally {
    await handle.close();
  }
}

const NUMERIC = new Set(['number', 'integer', 'money', 'percent']);
const ITALIAN_NUMBER = /^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/;

export interface ReadProgress {
  /** Bytes read so far of this file, and its size, for progress bars. */
  (bytesRead: number, size: number): void;
}

/** Streams the records of one fact file. */
export async function* readFactRecords(
  source: FactFile,
  schema: FactSchema,
  onBytes?: ReadProgress,
  onLine?: (line: number) => void,
): AsyncGenerator<FactRecord> {
  const size = (await stat(source.file).catch(() => {
    throw new CliError('cannot read the file', { file: source.file });
  })).size;
  if (source.format === 'json') {
    yield* readJsonArray(source.file);
    onBytes?.(size, size);
    return;
  }
  // Sniff before opening the stream: a 'data' listener starts the flow, and nothing may be read before the parser is piped.
  const separator = source.format === 'csv' ? await sniffSeparator(source.file) : ',';
  const stream = createReadStream(source.file);
  let bytes = 0;
  stream.on('data', (chunk) => {
    bytes += chunk.length;
    onBytes?.(bytes, size);
  });
  if (source.format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line += 1;
      const t = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (t.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(t);
      } catch (e) {
        throw new CliError(`not valid JSON: ${(e as Error).message}`, { file: source.file, record: `line ${line}` });
      }
      if (!isRecord(value)) throw new CliError('a JSON Lines record must be an object', { file: source.file, record: `line ${line}` });
      onLine?.(line);
      yield value;
    }
    return;
  }
  const columns = schema.tables[source.table]?.columns ?? {};
  const numeric = new Set(Object.entries(columns).filter(([, c]) => NUMERIC.has(c.type)).map(([n]) => n));
  const decimalComma = separator === ';';
  const parser = stream.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim()),
      delimiter: separator,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  try {
    for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const row = item.record;
      onLine?.(item.info.lines);
      const record: FactRecord = {};
      for (const [k, v] of Object.entries(row)) {
        if (v === '' || v === undefined) continue;
        record[k] = decimalComma && numeric.has(k) && ITALIAN_NUMBER.test(v) ? v.replace(/\./g, '').replace(',', '.') : v;
      }
      yield record;
    }
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    throw new CliError(`not valid CSV${err.code ? ` (${err.code})` : ''}: ${err.message}`, {
      file: source.file,
      record: err.lines !== undefined ? `line ${err.lines}` : undefined,
    });
  }
}

const isRecord = (v: unknown): v is FactRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

async function* readJsonArray(file: string): AsyncGenerator<FactRecord> {
  const value = await readJsonFile(file);
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.records) ? value.records : undefined;
  if (!list) throw new CliError('a JSON fact file holds an array of records (or {"records": [...]})', { file });
  for (let i = 0; i < list.length; i++) {
    const r = list[i] as unknown;
    if (!isRecord(r)) throw new CliError('a fact record must be a JSON object', { file, record: `#${i + 1}` });
    yield r;
  }
}

/** Reads and parses a JSON file; errors name the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CliError('cannot read the file', { file });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`not valid JSON: ${(e as Error).message}`, { file });
  }
}

/** Where the records of a table came from: file segments, and the line of each record for line-based formats. */
export type FactOrigins = Record<string, { file: string; start: number; end: number; lines?: number[] }[]>;

/** `facts/contracts.csv:174` for the record at `index` of a table, or undefined. */
export function locateRecord(origins: FactOrigins, table: string, index: number): string | undefined {
  const seg = origins[table]?.find((s) => index >= s.start && index < s.end);
  if (!seg) return undefined;
  const line = seg.lines?.[index - seg.start];
  return line !== undefined ? `${seg.file}:${line}` : `${seg.file} (record #${index - seg.start + 1})`;
}

/** Reads every fact file into records per table (records, not raw text, are what the run holds). */
export async function readAllFacts(
  files: readonly FactFile[],
  schema: FactSchema,
  onFile?: (file: FactFile, records: number, bytesRead: number, size: number) => void,
): Promise<{ facts: Record<string, FactRecord[]>; origins: FactOrigins }> {
  const facts: Record<string, FactRecord[]> = {};
  const origins: FactOrigins = {};
  for (const f of files) {
    const list = (facts[f.table] ??= []);
    const seg = { file: f.file, start: list.length, end: list.length, ...(f.format === 'json' ? {} : { lines: [] as number[] }) };
    (origins[f.table] ??= []).push(seg);
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
    );
    for await (const record of records) {
      list.push(record);
      n += 1;
      if (onFile && n % 5000 === 0) onFile(f, n, bytes, size);
    }
    seg.end = list.length;
    onFile?.(f, n, size, size);
  }
  return { facts, origins };
}
