import { describe, expect, it } from 'vitest';
import { compileBatch, type Unit } from '../src/hyperformula/compile.js';
import { parsePlan } from '../src/plan/parsePlan.js';
import * as tiny from './fixtures/tiny.js';

/**
 * HyperFormula parses a formula once per distinct form, its references read relative to its own cell (its parse
 * cache). The batch workbook has one scalar row per (partner, plan) unit, so a summary cell that reads only its own
 * unit's row (and plan tables) must be the same formula in that relative form on every row, or a `verify: 'full'` run
 * parses it once per partner (a fifth of the run, measured with 500 partners). This test reads the formulas as
 * HyperFormula's cache does, in R1C1 relative to their cell, independently of how compile.ts writes them.
 */

/** `formula` at (row, col) with every relative A1 reference written R[dr]C[dc]; absolute ($) ones and sheet names kept. */
function relativeForm(formula: string, row: number, col: number): string {
  const colNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return formula.replace(/(?<![A-Za-z0-9_$!.])([A-Z]{1,3})(\d+)(?![\d(A-Za-z_!])/g, (_, letters: string, digits: string) => `R[${Number(digits) - 1 - row}]C[${colNumber(letters) - col}]`);
}

function unit(params: Array<[string, number]>, kWh: number[], analyzed: Unit['plan']): Unit {
  const def = analyzed.lineSheets[0]!;
  const rows = kWh.map((k, i) =>
    def.factColumns.map((name) => ({ kWh: k, category: 'LUCE_CASA', territory: 'Lombardia', ee: i === 0, id: `C${i}` } as Record<string, string | number | boolean>)[name] ?? null),
  );
  return { plan: analyzed, planIndex: 0, params: new Map(params), sheets: [{ def, rows }] };
}

describe('the cross-check workbook keeps summary formulas to one parsed form (hyperformula/compile.ts)', () => {
  const parsed = parsePlan(tiny.plan, { factSchema: tiny.factSchema });
  if (!parsed.ok) throw new Error('bad fixture');
  const analyzed = parsed.analyzed;
  // three units of different sizes: their line ranges differ, what they read on their own row must not
  const batch = compileBatch([
    unit([['EeBonus', 25], ['Cap', 1000]], [3200, 100, 50], analyzed),
    unit([['EeBonus', 30], ['Cap', 1000]], [2000, 10], analyzed),
    unit([['EeBonus', 25], ['Cap', 900]], [700, 800, 900, 1000], analyzed),
  ]);
  const layout = batch.layout;
  const scalar = batch.sheets[layout[0]!.scalarSheet]!;
  const formulaOf = (u: number, cell: string) => {
    const col = layout[u]!.scalarColumn.get(cell)!;
    const f = scalar[layout[u]!.scalarRow]![col];
    if (typeof f !== 'string' || !f.startsWith('=')) throw new Error(`unit ${u}: ${cell} is not a formula: ${JSON.stringify(f)}`);
    return relativeForm(f, layout[u]!.scalarRow, col);
  };

  it.each(['TierBonus', 'CapAdjustment'])('%s (reads its own unit\'s cells and a plan table) is one form on every unit\'s row', (cell) => {
    const forms = layout.map((_, u) => formulaOf(u, cell));
    expect(new Set(forms).size, forms.join('\n')).toBe(1);
  });

  it('a summary cell over its unit\'s lines (COUNT of the unit\'s rows) differs by unit, as it must', () => {
    const forms = layout.map((_, u) => formulaOf(u, 'Activations'));
    expect(new Set(forms).size, forms.join('\n')).toBe(3);
  });
});
