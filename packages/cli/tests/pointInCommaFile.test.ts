// A table that declares the decimal comma reads a number only with its declared separators. A point the declared
// separators do not read ("1.000" with no thousands separator declared, "1.5" with the point as thousands separator)
// was passed on as written, and the run read it with a decimal point: 1.000 kWh paid as one kWh where the export
// meant a thousand. Such a row is now rejected, naming file, line, column and value in both languages, as is any
// other number not in the file's declared form ("12,50 €"), in the file's own terms; the file's other rows are read
// and paid, and the run's counts still reconcile (in = used + excluded + rejected).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate, FactSchemaSchema, type FactSchema, type RunInput } from '@provvigo/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllFacts, readFactRecords, type ReadRejection } from '../src/io/readFacts.js';
import { factSchema, period, plan } from '../../core/tests/fixtures/malformedFacts.js';

/** The fixture's `sales` table, its files declared as Italian Excel exports (with or without the thousands point). */
function italianSales(thousands: boolean): FactSchema {
  const sales = { ...factSchema.tables.sales!, format: { delimiter: ';' as const, decimal: ',' as const, ...(thousands ? { thousands: '.' as const } : {}) } };
  return FactSchemaSchema.parse({ tables: { ...factSchema.tables, sales } });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-point-comma-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function read(name: string, rows: string[], schema: FactSchema) {
  const file = join(dir, name);
  await writeFile(file, ['id;partnerId;date;kWh', ...rows].join('\n') + '\n');
  const records: unknown[] = [];
  const rejected: ReadRejection[] = [];
  for await (const r of readFactRecords({ table: 'sales', file, format: 'csv' }, schema, undefined, undefined, (x) => rejected.push(x))) records.push(r);
  return { file, records, rejected };
}

describe('a point in a table that declares the decimal comma', () => {
  it('without a thousands separator: "1.000", "2.5" and "1.234,5" reject their rows; "12,5" and "1000" are read', async () => {
    const { file, records, rejected } = await read(
      'no-thousands.csv',
      ['S1;P1;2026-10-01;1.000', 'S2;P2;2026-10-02;2.5', 'S3;P1;2026-10-03;12,5', 'S4;P1;2026-10-04;1000', 'S5;P1;2026-10-05;1.234,5'],
      italianSales(false),
    );
    expect(records).toEqual([
      { id: 'S3', partnerId: 'P1', date: '2026-10-03', kWh: '12.5' },
      { id: 'S4', partnerId: 'P1', date: '2026-10-04', kWh: '1000' },
    ]);
    expect(rejected.map((r) => r.line)).toEqual([2, 3, 6]);
    const first = rejected[0]!.issue;
    expect(first).toMatchObject({
      code: 'invalid_input',
      severity: 'error',
      rule: 'type number',
      field: 'kWh',
      value: '1.000',
      record: { table: 'sales', id: 'S1' },
      partnerId: 'P1',
      file: `${file}:2`,
      line: 2,
    });
    expect(first.messages!.en).toBe(
      `${file}:2: column kWh: "1.000" has a point, but the table's format declares a decimal comma and no thousands separator (a thousand? declare "thousands": "." in the format); the row is not read`,
    );
    expect(first.messages!.it).toBe(
      `${file}:2: colonna kWh: "1.000" ha un punto, ma il formato della tabella dichiara la virgola decimale e nessun separatore delle migliaia (mille? dichiara "thousands": "." nel formato); la riga non è letta`,
    );
    expect(rejected[1]!.issue).toMatchObject({ value: '2.5', record: { table: 'sales', id: 'S2' }, partnerId: 'P2' });
    // the run would have said "decimals take a point", wrong advice for a file of decimal commas
    expect(rejected[2]!.issue.messages!.en).toBe(
      `${file}:6: column kWh: "1.234,5" has a point, but the table's format declares a decimal comma and no thousands separator (a thousand? declare "thousands": "." in the format); the row is not read`,
    );
  });

  it('with the thousands point: "1.000" and "1.234,5" are read, "1.5", "12.34" and "12,50 €" reject their rows, a word goes to the run', async () => {
    const { file, records, rejected } = await read(
      'thousands.csv',
      ['S1;P1;2026-10-01;1.000', 'S2;P1;2026-10-02;1.234,5', 'S3;P1;2026-10-03;1.5', 'S4;P1;2026-10-04;12.34', 'S5;P1;2026-10-05;12,50 €', 'S6;P1;2026-10-06;tremila'],
      italianSales(true),
    );
    expect(records.map((r) => (r as { kWh: string }).kWh)).toEqual(['1000', '1234.5', 'tremila']);
    expect(rejected.map((r) => [r.line, r.issue.value])).toEqual([
      [4, '1.5'],
      [5, '12.34'],
      [6, '12,50 €'],
    ]);
    expect(rejected[0]!.issue.messages!.en).toBe(
      `${file}:4: column kWh: "1.5" is not a number as the table's format writes them (a decimal comma, "." between groups of three digits, no currency sign); the row is not read`,
    );
    expect(rejected[2]!.issue.messages!.it).toBe(
      `${file}:6: colonna kWh: "12,50 €" non è un numero scritto come dichiara il formato della tabella (virgola decimale, "." tra gruppi di tre cifre, nessun simbolo di valuta); la riga non è letta`,
    );
  });

  it('a table with point decimals (the default) reads "1.000" as one: that is its declared form', async () => {
    const schema = FactSchemaSchema.parse({ tables: { sales: { ...factSchema.tables.sales!, format: { delimiter: ';' } } } });
    const { records, rejected } = await read('point.csv', ['S1;P1;2026-10-01;1.000'], schema);
    expect(rejected).toEqual([]);
    expect(records).toEqual([{ id: 'S1', partnerId: 'P1', date: '2026-10-01', kWh: '1.000' }]);
  });

  it('the run pays the partner its other sales and the counts reconcile', async () => {
    const file = join(dir, 'sales.csv');
    // P1: 1.000 kWh (not read), 500 kWh; P2: 250 kWh. The plan pays 0.012 a kWh.
    await writeFile(file, 'id;partnerId;date;kWh\nS1;P1;2026-10-01;1.000\nS2;P1;2026-10-02;500\nS3;P2;2026-10-03;250\n');
    const schema = italianSales(false);
    const { facts, rejected } = await readAllFacts([{ table: 'sales', file, format: 'csv' }], schema);
    const partners = ['P1', 'P2'].map((id) => ({ id, name: `Partner ${id}`, kind: 'agent', territory: 'Lazio' })) as RunInput['partners'];
    const result = evaluate({ period, plans: [plan], partners, factSchema: schema, facts: { sales: facts.sales!, visits: [] }, rejected });
    expect(result.counts.sales).toMatchObject({ in: 3, used: 2, excluded: 0, rejected: 1 });
    const total = (id: string) => result.statements.find((s) => s.partnerId === id)!.total;
    expect(total('P1')).toBe('6.00');
    expect(total('P2')).toBe('3.00');
  });
});
