/** The sample's files on disk: fact schema, plans, and writing a generated sample as JSON or CSV. */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { csvWriter, ownValue, type FactRecord, type FactSchemaInput } from '@provvigo/core';
import type { Sample } from './generate.js';

/** Root folder of `@provvigo/example-utility`. */
export const EXAMPLE_ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const SAMPLE_FILES = {
  factSchema: join(EXAMPLE_ROOT, 'factSchema.json'),
  plans: ['agency-agents.json', 'outbound.json', 'field-service.json'].map((f) => join(EXAMPLE_ROOT, 'plans', f)),
  small: join(EXAMPLE_ROOT, 'fixtures', 'small'),
} as const;

export async function loadFactSchema(): Promise<FactSchemaInput> {
  return JSON.parse(await readFile(SAMPLE_FILES.factSchema, 'utf8')) as FactSchemaInput;
}

/** The three sample plans as parsed JSON, not yet validated (pass them to `parsePlan`). */
export async function loadPlans(): Promise<unknown[]> {
  return Promise.all(SAMPLE_FILES.plans.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as unknown));
}

/** Fact column types written as numbers (everything else is text, guarded against formula injection). */
const NUMERIC_TYPES = new Set(['number', 'integer', 'money', 'percent']);

/**
 * Writes records as CSV with the given columns through core's one CSV writer, streaming (a million rows never sit in
 * one string). `numeric` names the columns written as numbers. Lines end with LF, there is no BOM and no formula
 * guard: these are fact files read back by `provvigo run`, where a `'` before `=` would change the value (the
 * round trip in tests/csvRoundTrip.test.ts shows every value comes back).
 */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  records: Iterable<FactRecord>,
  numeric: ReadonlySet<string> = new Set(),
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path, 'utf8');
  const writer = csvWriter<FactRecord>(
    // own entries only: a record without a value for a column named e.g. "toString" writes an empty cell, not the method
    columns.map((c) => ({ header: c, kind: numeric.has(c) ? 'number' : 'text', value: (r) => ownValue(r, c) })),
    { bom: false, lineEnding: '\n', formulaGuard: false },
  );
  let buffer = writer.header;
  for (const r of records) {
    buffer += writer.line(r);
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

/** Writes one JSON record per line (JSON Lines), streaming. */
export async function writeJsonLines(path: string, records: Iterable<unknown>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path, 'utf8');
  let buffer = '';
  for (const r of records) {
    buffer += JSON.stringify(r) + '\n';
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

export interface WrittenSample {
  dir: string;
  partners: string;
  period: string;
  facts: Record<string, string>;
}

/**
 * Writes a sample into `dir`: `partners.json`, `period.json` and `facts/<table>.<csv|json|jsonl>`.
 * CSV columns follow the fact schema's column order; JSON files hold one array per table.
 */
export async function writeSample(
  dir: string,
  sample: Sample,
  options: { format: 'csv' | 'json' | 'jsonl'; factSchema: FactSchemaInput },
): Promise<WrittenSample> {
  await mkdir(join(dir, 'facts'), { recursive: true });
  const partners = join(dir, 'partners.json');
  const period = join(dir, 'period.json');
  await writeFile(partners, JSON.stringify(sample.partners, null, 2) + '\n');
  await writeFile(period, JSON.stringify(sample.period, null, 2) + '\n');
  const facts: Record<string, string> = {};
  for (const [table, records] of Object.entries(sample.facts)) {
    const path = join(dir, 'facts', `${table}.${options.format}`);
    if (options.format === 'csv') {
      const declared = Object.entries(options.factSchema.tables[table]?.columns ?? {});
      const numeric = new Set(declared.filter(([, c]) => NUMERIC_TYPES.has(c.type)).map(([name]) => name));
      await writeCsv(path, declared.map(([name]) => name), records, numeric);
    } else if (options.format === 'jsonl') {
      await writeJsonLines(path, records);
    } else {
      await writeFile(path, '[\n' + records.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n');
    }
    facts[table] = path;
  }
  return { dir, partners, period, facts };
}
