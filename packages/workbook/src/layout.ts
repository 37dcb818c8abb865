/**
 * Where everything of a line sheet goes: which records are its rows and which column holds each fact or computed
 * column. Laid out before any cell is written, because a formula on one sheet may read a column of any other.
 */
import { evaluate, ownValue, parseFormula, StoredPlanSchema } from '@provvigo/core';
import type { FactSchema, FactTable, FormulaNode, Plan, RunInput, Statement } from '@provvigo/core';
import { columnLetter } from './names.js';

/** The computed column (and payout) added to each line sheet to find its rows. */
const ROW_PROBE = '__row';

export interface SheetLayout {
  name: string;
  /** Column letter of each fact or computed column. */
  columns: Map<string, string>;
  rows: number;
  /** Source record id → Excel row. */
  rowOf: Map<string, number>;
}

/**
 * Which records are rows of each line sheet (after the plan's filter): a probe column per sheet, paid, tells us.
 * Asking the engine keeps the workbook's rows the engine's rows, whatever the filter says.
 */
export function probeSheetRows(input: Omit<RunInput, 'plans'>, plan: Plan, partner: RunInput['partners'][number], facts: RunInput['facts']): Statement['lines'] {
  // as stored: the pinned version may predate the bounds on plan names and ids
  const probe: Plan = StoredPlanSchema.parse({
    ...plan,
    sheets: Object.fromEntries(
      Object.entries(plan.sheets).map(([n, s]) => [n, s.kind === 'lines' ? { ...s, columns: { ...s.columns, [ROW_PROBE]: { formula: '=1' } } } : s]),
    ),
    payouts: {
      ...plan.payouts,
      ...Object.fromEntries(
        Object.entries(plan.sheets)
          .filter(([, s]) => s.kind === 'lines')
          .map(([n]) => [`${ROW_PROBE}_${n}`, { label: 'row', sheet: n, column: ROW_PROBE, component: ROW_PROBE }]),
      ),
    },
  });
  const probed = evaluate({ ...input, plans: [probe], partners: [partner], facts }, { keepTrace: false });
  return probed.statements.find((s) => s.partnerId === partner.id)?.lines ?? [];
}

/** Each line sheet's layout: the record column, the fact columns its formulas read, then its computed columns. */
export function layoutLineSheets(plan: Plan, factSchema: FactSchema, probeLines: Statement['lines']): Map<string, SheetLayout> {
  const layouts = new Map<string, SheetLayout>();
  for (const [name, s] of Object.entries(plan.sheets)) {
    if (s.kind !== 'lines') continue;
    const table: FactTable | undefined = ownValue(factSchema.tables, s.source);
    const read = new Set<string>();
    for (const c of Object.values(s.columns)) walkNames(c.formula, (n) => n.k === 'row' && !Object.hasOwn(s.columns, n.name) && read.add(n.name));
    const factCols = Object.keys(table?.columns ?? {}).filter((col) => read.has(col));
    const columns = new Map<string, string>();
    const header = ['record', ...factCols, ...Object.keys(s.columns)];
    header.forEach((h, i) => i > 0 && columns.set(h, columnLetter(i + 1)));
    const ids = probeLines
      .filter((l) => l.payout === `${ROW_PROBE}_${name}`)
      .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
      .map((l) => l.source?.id ?? '');
    layouts.set(name, { name, columns, rows: ids.length, rowOf: new Map(ids.map((id, i) => [id, i + 2])) });
  }
  return layouts;
}

/** The names of every summary sheet's cells (each one a defined name of the workbook). */
export function summaryCellNames(plan: Plan): Set<string> {
  const summaryCells = new Set<string>();
  for (const s of Object.values(plan.sheets)) if (s.kind === 'summary') for (const n of Object.keys(s.cells)) summaryCells.add(n);
  return summaryCells;
}

function walkNames(formula: string, visit: (n: FormulaNode) => void): void {
  const go = (n: FormulaNode) => {
    visit(n);
    if (n.k === 'call') n.args.forEach(go);
    else if (n.k === 'unary' || n.k === 'percent') go(n.arg);
    else if (n.k === 'binary') {
      go(n.left);
      go(n.right);
    }
  };
  go(parseFormula(formula));
}
