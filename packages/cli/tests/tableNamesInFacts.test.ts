import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FactSchemaSchema } from '@provvigo/core';
import { run } from '../src/commands/run.js';
import { loadPeriodInputs } from '../src/commands/period.js';
import { locateRecord, readAllFacts, resolveFactFiles } from '../src/io/readFacts.js';
import { capture } from './helpers/capture.js';

/**
 * A fact schema names its tables, and `toString` or `valueOf` are valid names (NameSchema refuses only `__proto__`,
 * `constructor` and `prototype`). The CLI keeps a table so named like any other: its records are read (a plain
 * `facts[table] ??= []` took Object.prototype's method for the list and crashed with "list.push is not a function"),
 * and a table without files still gets its own empty list (`??=` added nothing for it).
 */
const columns = { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, kWh: { type: 'number' } };
const table = { key: 'id', partner: 'partnerId', date: 'signedDate', columns };
const schemaJson = { tables: { contracts: table, toString: table, valueOf: table } };
const schema = FactSchemaSchema.parse(schemaJson);
const plan = {
  id: 'named-tables',
  version: 1,
  name: 'Named tables',
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  sheets: {
    Contracts: { kind: 'lines', source: 'contracts', columns: { Pay: { formula: '=[@kWh]*1', type: 'money' } } },
    Others: { kind: 'lines', source: 'toString', columns: { Pay: { formula: '=[@kWh]*1', type: 'money' } } },
  },
  payouts: {
    contracts: { label: 'Contracts', sheet: 'Contracts', column: 'Pay' },
    others: { label: 'Others', sheet: 'Others', column: 'Pay' },
  },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-table-names-'));
  await writeFile(join(dir, 'schema.json'), JSON.stringify(schemaJson));
  await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
  await writeFile(join(dir, 'partners.json'), JSON.stringify([{ id: 'P1', name: 'Uno', kind: 'agency', territory: 'Lombardia' }]));
  await writeFile(join(dir, 'period.json'), JSON.stringify({ id: '2026-10', start: '2026-10-01', end: '2026-10-31' }));
  await writeFile(join(dir, 'contracts.csv'), 'id,partnerId,signedDate,kWh\nC1,P1,2026-10-03,10\n');
  await writeFile(join(dir, 'toString.csv'), 'id,partnerId,signedDate,kWh\nT1,P1,2026-10-04,5\nT2,P1,2026-10-05,oops\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fact tables named after Object members', () => {
  it('reads the records of a table named toString, and locates them by file and line', async () => {
    const files = await resolveFactFiles([join(dir, 'contracts.csv'), join(dir, 'toString.csv')], schema);
    const { facts, origins } = await readAllFacts(files, schema);
    expect(Object.keys(facts)).toEqual(['contracts', 'toString']);
    expect(facts['toString']?.map((r) => r['id'])).toEqual(['T1', 'T2']);
    expect(locateRecord(origins, 'toString', 1)).toBe(`${join(dir, 'toString.csv')}:3`);
    // a table without records is not located, whatever it is called
    expect(locateRecord(origins, 'valueOf', 0)).toBeUndefined();
    expect(locateRecord({}, 'toString', 0)).toBeUndefined();
  });

  it('gives every schema table its own list in provvigo period inputs, one named valueOf included', async () => {
    const loaded = await loadPeriodInputs(
      { plan: [join(dir, 'plan.json')], schema: join(dir, 'schema.json'), partners: join(dir, 'partners.json'), facts: [join(dir, 'contracts.csv')] },
      capture().io,
    );
    const facts = loaded!.inputs.facts;
    expect(Object.keys(facts)).toEqual(['contracts', 'toString', 'valueOf']);
    expect([Object.hasOwn(facts, 'toString'), Object.hasOwn(facts, 'valueOf')]).toEqual([true, true]);
    expect([facts['toString'], facts['valueOf']]).toEqual([[], []]);
  });

  it('pays the records of a table named toString in provvigo run, and names the file and line of a rejected one', async () => {
    const out = join(dir, 'out');
    const c = capture();
    const code = await run(
      {
        plan: [join(dir, 'plan.json')],
        schema: join(dir, 'schema.json'),
        partners: join(dir, 'partners.json'),
        facts: [join(dir, 'contracts.csv'), join(dir, 'toString.csv')],
        period: join(dir, 'period.json'),
        licenseKey: 'gpl-v3',
        out,
        locale: 'en',
        trace: false,
        explain: false,
        quiet: true,
      },
      c.io,
    );
    expect(code).toBe(1); // T2's kWh is not a number: rejected with an issue
    const summary = JSON.parse(await readFile(join(out, 'summary.json'), 'utf8'));
    expect(summary.totals).toEqual({ EUR: '15.00' });
    expect(Object.keys(summary.counts)).toEqual(['contracts', 'toString', 'valueOf']);
    expect(summary.counts.toString).toMatchObject({ in: 2, used: 1, rejected: 1 });
    expect(summary.counts.valueOf).toMatchObject({ in: 0 });
    const issues = await readFile(join(out, 'issues.csv'), 'utf8');
    expect(issues).toContain(`${join(dir, 'toString.csv')}:3`);
  });
});
