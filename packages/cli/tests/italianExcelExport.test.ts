// The sample utility's October facts written as Italian Excel exports them — `;` between fields, decimal commas, `.`
// between thousands, dates day first, booleans VERO and FALSO — with each table's `format` saying so, are read by the
// CLI into exactly the run the ISO files give: the same counts, and the same statements (every line, amount, trace and
// total; the issues of the fixture's deliberately bad records quote each file's own cell). The Italian files are
// written here, by the test's own rules, from the ISO files.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, type FactSchemaInput } from '@provvigo/core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunInputs } from '../src/commands/run.js';
import { createProgress } from '../src/io/progress.js';
import { example } from './helpers/tempStore.js';

const isoFacts = join(example, 'fixtures/small/facts-csv');
const schemaFile = join(example, 'factSchema.json');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-italian-excel-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A decimal as Italian Excel shows it: `.` between groups of three digits, a decimal comma (15580 → 15.580, 124.4 → 124,4). */
function italianNumber(plain: string): string {
  const [int, frac] = plain.replace(/^-/, '').split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${plain.startsWith('-') ? '-' : ''}${grouped}${frac === undefined ? '' : `,${frac}`}`;
}

/** One cell of an ISO file as Italian Excel writes it, by its column's type. */
function italianCell(value: string, type: string | undefined): string {
  if (value === '') return value;
  // a bad date of the fixture's (deliberate) stays bad: only an ISO date is written day first
  if (type === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}` : `${value}?`;
  if (type === 'boolean') return value === 'true' ? 'VERO' : value === 'false' ? 'FALSO' : value;
  if (type === 'number' || type === 'money' || type === 'integer' || type === 'percent') return italianNumber(value);
  return value;
}

const quoted = (s: string): string => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

async function run(facts: string, schema: string) {
  const inputs = { plan: [join(example, 'plans')], schema, partners: join(example, 'fixtures/small/partners.json'), facts: [facts], period: join(example, 'fixtures/small/period.json') };
  const loaded = await loadRunInputs(inputs, { out: () => {}, err: () => {} }, createProgress({ enabled: false }));
  if (typeof loaded === 'number') throw new Error(`the inputs did not load (exit ${loaded})`);
  return evaluate(loaded.input);
}

describe('an Italian Excel export of the sample facts', () => {
  it('pays exactly what the ISO files pay', async () => {
    const schema = JSON.parse(await readFile(schemaFile, 'utf8')) as FactSchemaInput;
    const folder = join(dir, 'facts');
    await mkdir(folder);
    let changed = 0;
    for (const name of await readdir(isoFacts)) {
      const table = name.replace(/\.csv$/, '');
      const columns = schema.tables[table]!.columns as Record<string, { type?: string }>;
      const [header, ...rows] = parse(await readFile(join(isoFacts, name), 'utf8')) as string[][];
      const lines = [header!.join(';'), ...rows.map((r) => r.map((v, i) => italianCell(v, columns[header![i]!]?.type)).map(quoted).join(';'))];
      changed += rows.flat().filter((v, i) => v !== italianCell(v, columns[header![i % header!.length]!]?.type)).length;
      await writeFile(join(folder, name), `${lines.join('\r\n')}\r\n`);
      schema.tables[table] = { ...schema.tables[table]!, format: { delimiter: ';', decimal: ',', thousands: '.', dateFormat: 'dd/MM/yyyy' } };
    }
    const italianSchema = join(dir, 'factSchema.json');
    await writeFile(italianSchema, JSON.stringify(schema));
    // the files differ from the ISO ones in thousands of cells: dates, booleans, numbers
    expect(changed).toBeGreaterThan(1_000);

    const iso = await run(isoFacts, schemaFile);
    const italian = await run(folder, italianSchema);
    expect(italian.counts).toEqual(iso.counts);
    expect(Object.values(italian.counts).reduce((n, c) => n + c.rejected, 0)).toBe(Object.values(iso.counts).reduce((n, c) => n + c.rejected, 0));
    // The fixture holds bad records on purpose; their issues quote each file's own cell, so the statements are compared
    // with each issue as what, where and which field: everything else (lines, amounts, traces, totals) byte for byte.
    const issueWords = new Set(['message', 'messages', 'value']);
    const comparable = (r: typeof iso) =>
      JSON.stringify(r.statements, function (this: Record<string, unknown>, key, value) {
        // an issue's words and quoted value only (an issue has a code and a severity); a trace's values stay
        return issueWords.has(key) && 'code' in this && 'severity' in this ? undefined : value;
      });
    expect(comparable(italian)).toBe(comparable(iso));
    expect(italian.statements.map((s) => s.total)).toEqual(iso.statements.map((s) => s.total));
  }, 120_000);
});
