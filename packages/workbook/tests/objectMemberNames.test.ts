import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { PlanSchema, type FactSchemaInput, type Plan, type RunInput } from '@provvigo/core';
import { buildCalculationWorkbook } from '../src/index.js';

/**
 * The workbook names what the plan and the fact schema name, and `toString`, `valueOf` or `constructor` are valid
 * names of a summary cell or a fact column. Read through plain objects they found Object.prototype's members: a
 * summary cell `toString` was taken for a parameter (the formula read the defined name `p_toString`, which no cell
 * has), a fact column `valueOf` read by a line formula was taken for a computed column (left off the line sheet, so
 * the workbook could not be built), and a record without a value for an optional fact column `toString` got the
 * method, written as a number (NaN) where the engine read a blank.
 */
const period = { id: '2026-10', start: '2026-10-01', end: '2026-10-31' };
const partners = [{ id: 'P1', name: 'Agenzia Uno', kind: 'agency' as const, territory: 'Lazio' }];
const factSchema: FactSchemaInput = {
  tables: {
    sales: {
      key: 'id',
      partner: 'partnerId',
      date: 'date',
      columns: { id: { type: 'text' }, partnerId: { type: 'text' }, date: { type: 'date' }, category: { type: 'text' }, valueOf: { type: 'number' as const } },
    },
  },
};
const sales = [
  { id: 'S1', partnerId: 'P1', date: '2026-10-03', category: 'A', valueOf: 3200 },
  { id: 'S2', partnerId: 'P1', date: '2026-10-04', category: 'B', valueOf: 100 },
];

function plan(sheets: object, payouts: object, tables: object = {}): Plan {
  return PlanSchema.parse({
    id: 'names',
    version: 1,
    name: 'Names',
    effectiveFrom: '2026-01-01',
    currency: 'EUR',
    parameters: { Rate: { type: 'number', value: '0.01' } },
    tables,
    sheets,
    payouts,
  });
}

function build(p: Plan) {
  const input = { period, partners, factSchema, facts: { sales } } as unknown as RunInput;
  return buildCalculationWorkbook({ plan: p, partnerId: 'P1', input });
}

/** A worksheet's rows as arrays of cell values (column A first). */
const rows = (ws: ExcelJS.Worksheet): unknown[][] => (ws.getSheetValues().slice(1) as unknown[][]).map((r) => (r ?? []).slice(1));

describe('the calculation workbook, whatever the plan and the schema name things', () => {
  it('reads a summary cell named toString through its own defined name, not a parameter’s', () => {
    const p = plan(
      {
        Lines: { kind: 'lines', source: 'sales', columns: { Commission: { formula: '=[@valueOf] * Rate', type: 'money' } } },
        Summary: { kind: 'summary', cells: { toString: { formula: '=SUM(Lines[Commission])', type: 'money' }, Bonus: { formula: '=toString * 2', type: 'money' } } },
      },
      { bonus: { label: 'Bonus', sheet: 'Summary', cell: 'Bonus' } },
    );
    const wb = build(p);
    expect(wb.statement.total).toBe('66.00'); // (3200 + 100) × 0.01 × 2
    const summary = rows(wb.workbook.getWorksheet('Summary')!);
    expect(summary[2]).toEqual(['Bonus', { formula: 'c_toString*2' }, '=toString * 2']);
    // the defined name the formula reads is the summary cell's, and no parameter is called toString
    expect(wb.workbook.definedNames.getNames('Summary!$B$2')).toEqual(['c_toString']);
  });

  it('puts a fact column named valueOf that a line formula reads on the line sheet, each value in its own column', () => {
    const p = plan(
      { Lines: { kind: 'lines', source: 'sales', columns: { Commission: { formula: '=[@valueOf] * Rate', type: 'money' } } } },
      { commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
    );
    const lines = rows(build(p).workbook.getWorksheet('Lines')!);
    expect(lines).toEqual([
      ['record', 'valueOf', 'Commission'],
      ['S1', 3200, { formula: 'B2*p_Rate' }],
      ['S2', 100, { formula: 'B3*p_Rate' }],
    ]);
  });

  it('leaves the cell of a record without a value for an optional fact column named toString empty', () => {
    const schema: FactSchemaInput = { tables: { sales: { ...factSchema.tables['sales']!, columns: { ...factSchema.tables['sales']!.columns, toString: { type: 'money' as const, required: false } } } } };
    const p = plan(
      { Lines: { kind: 'lines', source: 'sales', columns: { Commission: { formula: '=[@valueOf] * Rate + [@toString]', type: 'money' } } } },
      { commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
    );
    const input = { period, partners, factSchema: schema, facts: { sales: [{ ...sales[0]!, toString: 5 }, sales[1]!] } } as unknown as RunInput;
    const wb = buildCalculationWorkbook({ plan: p, partnerId: 'P1', input });
    expect(wb.statement.lines.map((l) => l.amount)).toEqual(['37.00', '1.00']); // 3200 × 0.01 + 5; 100 × 0.01 + blank
    const ws = wb.workbook.getWorksheet('Lines')!;
    expect(rows(ws)[0]).toEqual(['record', 'valueOf', 'toString', 'Commission']);
    expect(ws.getCell('C2').value).toBe(5);
    // S2 has no toString: a blank cell (0 in the sum, as the engine reads it), never Object.prototype.toString as a number
    expect(ws.getCell('C3').value).toBeNull();
    expect(ws.getCell('D3').value).toEqual({ formula: 'B3*p_Rate+C3' });
  });
});
