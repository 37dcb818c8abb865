/**
 * The plan's formulas as Excel formulas over the workbook's cells: row references become cells of the same row,
 * columns become ranges, parameters and summary cells become defined names, RATE and TIER.* become INDEX/MATCH over
 * the table sheets. Everything else renders as the plan wrote it, so the workbook recalculates what the engine did.
 */
import { ownValue, parseFormula, renderFormula } from '@provvigo/core';
import type { FormulaNode, Plan } from '@provvigo/core';
import type { SheetLayout } from './layout.js';
import { cellName, paramName, quote } from './names.js';
import type { TableRanges } from './tableSheets.js';

/** Where a formula's references are: the line sheets' layouts, the table ranges, the summary cells' names. */
export interface FormulaTargets {
  plan: Plan;
  layouts: Map<string, SheetLayout>;
  tables: TableRanges;
  summaryCells: Set<string>;
}

/** Translates a plan formula written on `sheet` at Excel `row` (both undefined on a summary sheet). */
export type TranslateFormula = (formula: string, sheet: string | undefined, row: number | undefined) => string;

export function formulaTranslator({ plan, layouts, tables, summaryCells }: FormulaTargets): TranslateFormula {
  const { lookups: lookupRanges, tiers: tierRanges } = tables;
  return (formula, sheet, row) => {
    const ast = parseFormula(formula);
    const render = (root: FormulaNode): string =>
      renderFormula(root, {
        node: (n, r) => {
          switch (n.k) {
            case 'row': {
              const col = sheet ? layouts.get(sheet)?.columns.get(n.name) : undefined;
              if (!col || row === undefined) throw new Error(`[@${n.name}] has no cell in ${sheet ?? 'a summary'}`);
              return `${col}${row}`;
            }
            case 'col': {
              const lay = layouts.get(n.table);
              if (lay) {
                const col = lay.columns.get(n.name);
                if (!col) throw new Error(`${n.table}[${n.name}] has no column`);
                return `${quote(n.table)}!$${col}$2:$${col}$${Math.max(2, lay.rows + 1)}`;
              }
              const lookup = lookupRanges.get(n.table)?.columns.get(n.name);
              if (lookup) return lookup;
              throw new Error(`unknown reference ${n.table}[${n.name}]`);
            }
            case 'name':
              // own entries only: a summary cell may be called `toString` or `valueOf` (plan names like any other)
              if (ownValue(plan.parameters, n.name)) return paramName(n.name);
              if (summaryCells.has(n.name)) return cellName(n.name);
              return undefined;
            case 'call': {
              if (n.fn === 'RATE') {
                const target = n.args[0];
                if (target?.k !== 'col') return undefined;
                const t = lookupRanges.get(target.table);
                if (!t) return undefined;
                const keys = n.args.slice(1).map(r);
                const key = keys.length === 1 ? `${keys[0]}&""` : keys.map((k) => `(${k})`).join('&"|"&');
                return `INDEX(${t.columns.get(target.name)},MATCH(${key},${t.key},0))`;
              }
              if (n.fn.startsWith('TIER.')) {
                const tname = n.args[0]?.k === 'name' ? n.args[0].name : undefined;
                const t = tname ? tierRanges.get(tname) : undefined;
                if (!t) return undefined;
                const q = `(${r(n.args[1]!)})`;
                const m = `MATCH(${q},${t.from},1)`;
                if (n.fn === 'TIER.BAND') return m;
                if (n.fn === 'TIER.RATE') return `INDEX(${t.rate},${m})`;
                if (t.mode === 'retroactive') return `(${q}*INDEX(${t.rate},${m}))`;
                return `(INDEX(${t.base},${m})+(${q}-INDEX(${t.from},${m}))*INDEX(${t.rate},${m}))`;
              }
              return undefined;
            }
            default:
              return undefined;
          }
        },
      });
    return render(ast);
  };
}

/**
 * The plan's rounding as a spreadsheet formula. Excel has no half-even function: an exact half (after cleaning the
 * double to 9 decimals) goes to the even neighbour, anything else is ROUND.
 */
export function roundFormula(ref: string, plan: Plan): string {
  const { mode, scale } = plan.rounding;
  if (mode === 'down') return `ROUNDDOWN(${ref},${scale})`;
  if (mode === 'up') return `ROUNDUP(${ref},${scale})`;
  if (mode === 'halfEven') {
    const y = `ROUND(${ref}*10^${scale},9)`;
    return `IF(ABS(${y}-TRUNC(${y}))=0.5,(TRUNC(${y})+IF(ISODD(TRUNC(${y})),SIGN(${y}),0))/10^${scale},ROUND(${ref},${scale}))`;
  }
  return `ROUND(${ref},${scale})`;
}
