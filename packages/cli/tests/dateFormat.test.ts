// Italian Excel exports dates day first (01/10/2026). A table whose CSV files do so declares
// `"dateFormat": "dd/MM/yyyy"` (or "dd.MM.yyyy") in its format, and the reader turns each such date into the ISO date
// the run reads; an ISO date reads as itself. Without the declaration such dates are rejected with the issue saying
// how to read them: a date is never guessed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, FactSchemaSchema, type FactSchema, type RunInput } from '@provvigo/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dateAsDeclared } from '../src/io/declaredForms.js';
import { readAllFacts } from '../src/io/readFacts.js';
import { factSchema, period, plan } from '../../core/tests/fixtures/malformedFacts.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-date-format-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The fixture's schema, its `sales` files declared as Italian Excel exports with `dateFormat` (when given). */
function salesWritten(dateFormat?: 'dd/MM/yyyy' | 'dd.MM.yyyy'): FactSchema {
  const format = { delimiter: ';' as const, decimal: ',' as const, ...(dateFormat ? { dateFormat } : {}) };
  return FactSchemaSchema.parse({ tables: { ...factSchema.tables, sales: { ...factSchema.tables.sales!, format } } });
}

const partners = ['P1', 'P2'].map((id) => ({ id, name: `Partner ${id}`, kind: 'agent', territory: 'Lazio' })) as RunInput['partners'];

async function run(name: string, rows: string[], schema: FactSchema) {
  const file = join(dir, name);
  await writeFile(file, ['id;partnerId;date;kWh', ...rows].join('\r\n') + '\r\n');
  const { facts, rejected } = await readAllFacts([{ table: 'sales', file, format: 'csv' }], schema);
  const result = evaluate({ period, plans: [plan], partners, factSchema: schema, facts: { sales: facts.sales!, visits: [] }, rejected });
  return { records: facts.sales!, result };
}

describe('dates in the declared form', () => {
  it('dateAsDeclared: day first to ISO, single digits padded; ISO and anything else as written', () => {
    const f = { dateFormat: 'dd/MM/yyyy' as const };
    expect(['01/10/2026', '1/10/2026', '9/1/2026', '2026-10-03', '01.10.2026', '31/02/2026', 'ieri'].map((c) => dateAsDeclared(c, f))).toEqual([
      '2026-10-01',
      '2026-10-01',
      '2026-01-09',
      '2026-10-03',
      '01.10.2026',
      '2026-02-31',
      'ieri',
    ]);
    expect(dateAsDeclared('01.10.2026', { dateFormat: 'dd.MM.yyyy' })).toBe('2026-10-01');
    expect(dateAsDeclared('01/10/2026', { dateFormat: 'iso' })).toBe('01/10/2026');
  });

  it('a run of an Italian export: day-first dates paid in the period, days not in the calendar rejected as written, counts reconcile', async () => {
    const { records, result } = await run(
      'sales.it.csv',
      ['S1;P1;01/10/2026;100', 'S2;P1;2026-10-02;200', 'S3;P2;31/10/2026;300', 'S4;P2;31/02/2026;400', 'S5;P2;10/31/2026;500'],
      salesWritten('dd/MM/yyyy'),
    );
    expect(records.map((r) => r.date)).toEqual(['2026-10-01', '2026-10-02', '2026-10-31']);
    expect(result.counts.sales).toMatchObject({ in: 5, used: 3, excluded: 0, rejected: 2 });
    // 0.012 a kWh: P1 300 kWh, P2 300 kWh
    expect(result.statements.find((s) => s.partnerId === 'P1')!.total).toBe('3.60');
    expect(result.statements.find((s) => s.partnerId === 'P2')!.total).toBe('3.60');
    // the cell as the file holds it, not the ISO text it would have become ("2026-31-10")
    const s5 = result.issues.find((i) => i.record?.id === 'S5')!;
    expect(s5).toMatchObject({ code: 'invalid_input', field: 'date', value: '10/31/2026', rule: 'type date' });
    expect(s5.messages!.en.endsWith('column date: "10/31/2026" is not a day of the calendar written dd/MM/yyyy, as the table\'s format declares; the row is not read')).toBe(true);
    expect(result.issues.find((i) => i.record?.id === 'S4')).toMatchObject({ field: 'date', value: '31/02/2026' });
  });

  it('undeclared, a day-first date is rejected with the setting named, and the other records are paid', async () => {
    const { result } = await run('sales.iso.csv', ['S1;P1;01/10/2026;100', 'S2;P1;2026-10-02;200'], salesWritten());
    expect(result.counts.sales).toMatchObject({ in: 2, used: 1, rejected: 1 });
    expect(result.statements.find((s) => s.partnerId === 'P1')!.total).toBe('2.40');
    const issue = result.issues.find((i) => i.record?.id === 'S1')!;
    expect(issue.messages!.it).toContain('"dateFormat": "dd/MM/yyyy"');
  });
});
