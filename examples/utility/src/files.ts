/** The sample's files on disk: fact schema, plans, and writing a generated sample as JSON or CSV. */
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import type { FactRecord, FactSchemaInput } from '@provvigo/core';
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

/** Quotes a CSV field when needed (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes records as CSV with the given columns, streaming (a million rows never sit in one string). */
export async function writeCsv(path: string, columns: readonly string[], records: Iterable<FactRecord>): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path, 'utf8');
  let buffer = columns.map(csvField).join(',') + '\n';
  for (const r of records) {
    buffer += columns.map((c) => csvField(r[c])).join(',') + '\n';
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
      const columns = Object.keys(options.factSchema.tables[table]?.columns ?? {});
      await writeCsv(path, columns, records);
    } else if (options.format === 'jsonl') {
      await writeJsonLines(path, records);
    } else {
      await writeFile(path, '[\n' + records.map((r) => JSON.stringify(r)).join(',\n') + '\n]\n');
    }
    facts[table] = path;
  }
  return { dir, partners, period, facts };
}
