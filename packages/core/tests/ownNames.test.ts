import { describe, expect, it } from 'vitest';
import { groupIssuesByPath } from '../src/issues.js';
import { mergeTables, resolveRow, FiscalTableError } from '../src/fiscal/tables.js';
import { applyMetric } from '../src/metrics/index.js';
import type { FiscalTable, FiscalTables } from '../src/schema/fiscal.js';
import type { Issue } from '../src/schema/issue.js';
import { PlanSchema, type Plan } from '../src/schema/plan.js';
import { emptyPlan } from './metricsFixtures.js';
import { computePeriod } from '../src/run/periodCalculation.js';
import { conditionsByPlan, lineLinksFromFacts } from '../src/ledger/index.js';
import type { Statement } from '../src/schema/result.js';
import { parseFactSchema, type PlanInput } from '../src/index.js';

/**
 * Names that come from the caller (issue paths, fiscal table ids, the sheets a metric is placed on) are keys like any
 * other: a plain object read or `??=` finds Object.prototype's members for `toString` or `constructor`, and an
 * assignment to `__proto__` sets the prototype instead of adding an entry.
 */
const issueAt = (...path: (string | number)[]): Issue => ({ code: 'invalid_input', severity: 'error', message: path.join('/'), path });

describe('issues grouped by path', () => {
  it('groups issues whose path is a name such as constructor, toString or __proto__, in first-seen order', () => {
    const issues = [issueAt('constructor'), issueAt('sheets', 'Lines'), issueAt('toString'), issueAt('__proto__'), issueAt('constructor'), issueAt('hasOwnProperty')];
    const groups = groupIssuesByPath(issues);
    expect(Object.getPrototypeOf(groups)).toBe(Object.prototype);
    expect(Object.keys(groups)).toEqual(['constructor', 'sheets.Lines', 'toString', '__proto__', 'hasOwnProperty']);
    expect(Object.entries(groups).map(([k, list]) => [k, list.length])).toEqual([
      ['constructor', 2],
      ['sheets.Lines', 1],
      ['toString', 1],
      ['__proto__', 1],
      ['hasOwnProperty', 1],
    ]);
  });
});

describe('fiscal tables by id', () => {
  const table = (id: string, validFrom: string, rate: string): FiscalTable => ({ id, description: id, rows: [{ validFrom, validTo: null, values: { rate } }] }) as FiscalTable;
  const defaults: FiscalTables = { 'vat.rates': table('vat.rates', '2025-01-01', '22') };

  it('adds a caller table named toString or constructor instead of taking a default from Object.prototype', () => {
    const overrides = Object.fromEntries([
      ['toString', table('toString', '2026-01-01', '1')],
      ['constructor', table('constructor', '2026-01-01', '2')],
      ['__proto__', table('__proto__', '2026-01-01', '3')],
    ]) as FiscalTables;
    const merged = mergeTables(defaults, overrides);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged)).toEqual(['vat.rates', 'toString', 'constructor', '__proto__']);
    expect(resolveRow(merged, 'toString', '2026-10-31').row.values).toEqual({ rate: '1' });
    expect(resolveRow(merged, 'constructor', '2026-10-31').row.values).toEqual({ rate: '2' });
    expect(resolveRow(merged, '__proto__', '2026-10-31').row.values).toEqual({ rate: '3' });
  });

  it('says a table named after an Object member is missing when the caller has none', () => {
    for (const id of ['toString', 'constructor', 'valueOf']) {
      let error: unknown;
      try {
        resolveRow(defaults, id, '2026-10-31');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FiscalTableError);
      expect((error as Error).message).toBe(`fiscal table "${id}" is missing`);
    }
  });
});

describe('metrics placed on sheets named after Object members', () => {
  const sheetNames = (plan: Plan) => Object.keys(plan.sheets);

  it('adds a line sheet and a summary sheet named toString and valueOf', () => {
    const r = applyMetric(emptyPlan(), 'efficiencyShare', { lineSheet: 'toString', summarySheet: 'valueOf' });
    expect(r.ok ? undefined : r.issues).toBeUndefined();
    const plan = (r as { plan: Plan }).plan;
    expect(sheetNames(plan)).toEqual(['toString', 'valueOf']);
    expect(plan.sheets['toString']).toMatchObject({ kind: 'lines', source: 'contracts', columns: { EfficiencyShare_f: { formula: '=IF([@energyEfficiency],1,0)' } } });
    expect(plan.sheets['valueOf']).toMatchObject({ kind: 'summary', cells: { EfficiencyShare: { formula: '=IFERROR(SUM(toString[EfficiencyShare_f])/COUNT(toString[EfficiencyShare_f]),0)' } } });
  });

  it('places a metric on an existing summary sheet named toString, after its cells', () => {
    const first = applyMetric(emptyPlan(), 'efficiencyShare', { summarySheet: 'toString' });
    const plan = (first as { plan: Plan }).plan;
    expect(sheetNames(plan)).toEqual(['Contracts', 'toString']);
    const second = applyMetric(plan, 'efficiencyShare', { name: 'OtherShare', summarySheet: 'toString' });
    expect(second.ok ? undefined : second.issues).toBeUndefined();
    const cells = (second as { plan: Plan }).plan.sheets['toString'];
    expect(cells?.kind === 'summary' ? Object.keys(cells.cells) : undefined).toEqual(['EfficiencyShare', 'OtherShare']);
  });
});

describe('a service-event table named toString', () => {
  const columns = { id: { type: 'text' }, subject: { type: 'text' }, partnerId: { type: 'text' }, type: { type: 'text' }, date: { type: 'date' } } as const;
  const parsed = parseFactSchema({
    tables: {
      contracts: { key: 'id', partner: 'partnerId', date: 'signedDate', columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, kWh: { type: 'number' } } },
      toString: { key: 'id', partner: 'partnerId', date: 'date', columns },
    },
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const plan = {
    id: 'energy',
    version: 1,
    name: 'Energy',
    effectiveFrom: '2026-01-01',
    currency: 'EUR',
    sheets: { Lines: { kind: 'lines', source: 'contracts', columns: { Commission: { formula: '=[@kWh]*1', type: 'money' } } } },
    payouts: { commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
    conditions: { release: { events: 'toString', on: 'activated', link: 'id', deadlineMonths: 3 } },
  } as PlanInput;

  it('has no events when the period has no records of it (the facts need not list the table)', () => {
    const r = computePeriod({
      runId: '2026-10-r1',
      period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
      inputs: {
        plans: [PlanSchema.parse(plan)],
        partners: [{ id: 'P1', name: 'Uno', kind: 'agency', territory: 'Lombardia' }] as never,
        factSchema: parsed.factSchema,
        facts: { contracts: [{ id: 'C1', partnerId: 'P1', signedDate: '2026-10-03', kWh: 10 }] },
        agreements: [],
      },
      ledger: [],
    });
    expect(r.result.statements.map((s) => s.total)).toEqual(['10.00']);
  });

  it('links a recalculated line from a toString record only to records the facts hold', () => {
    const line = { id: 'L1', planId: 'energy', source: { table: 'toString', id: 'T1' } };
    const statements = [{ partnerId: 'P1', lines: [line] }] as unknown as Statement[];
    expect(lineLinksFromFacts(statements, conditionsByPlan([PlanSchema.parse(plan)]), parsed.factSchema, { contracts: [] })).toEqual({});
    const facts = { toString: [{ id: 'T1', subject: 'C1', partnerId: 'P1', type: 'activated', date: '2026-10-20' }] };
    expect(lineLinksFromFacts(statements, conditionsByPlan([PlanSchema.parse(plan)]), parsed.factSchema, facts)).toEqual({ L1: { subject: 'T1', date: '2026-10-20' } });
  });
});
