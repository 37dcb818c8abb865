import type { Node } from '../formula/ast.js';
import { FUNCTIONS } from '../formula/functions.js';
import { renderFormula } from '../formula/render.js';
import { lookupKey } from '../plan/lookupKey.js';
import type { AnalyzedPlan, CellDef, LineSheetDef } from '../plan/parsePlan.js';

/**
 * Compiles plans into HyperFormula sheets for one batch of (partner, plan) units, in the layouts that scale
 * (hyperformula.md §3, §5): one ARRAYFORMULA per computed column over the unit's contiguous rows, tables referenced
 * once per column, per-unit sheets so aggregates are plain functions over the unit's own rows (never SUMIFS per
 * partner over the whole period). The workbook is an artefact of the run, never stored.
 */

/** A cell value handed to HyperFormula: numbers as numbers, text escaped so it is never parsed. */
export type RawCell = string | number | boolean | null;

export interface UnitSheet {
  def: LineSheetDef;
  /** One array per row, in `def.factColumns` order. */
  rows: RawCell[][];
  /** Record ids, in row order. */
  ids: string[];
}

export interface Unit {
  plan: AnalyzedPlan;
  planIndex: number;
  /** Parameter values for this partner (overrides applied), by name. */
  params: Map<string, RawCell>;
  sheets: UnitSheet[];
}

export interface CompiledBatch {
  sheets: Record<string, RawCell[][]>;
  /** Where each unit's values are: sheet names and column/row positions. */
  layout: UnitLayout[];
  maxRows: number;
  /** HyperFormula functions the compiled formulas call (checked against the licence). */
  functions: Set<string>;
}

export interface UnitLayout {
  scalarSheet: string;
  /** Row (0-based) of each parameter and summary cell on the scalar sheet, by name. */
  scalarRow: Map<string, number>;
  lineSheets: Array<{ sheet: string | undefined; columnIndex: Map<string, number>; rows: number }>;
}

const FIXED_COLUMNS = 2; // A: record id, B: a column of 1s used to broadcast scalars over rows

export function columnLetter(index: number): string {
  let s = '';
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const range = (sheet: string, col: number, rows: number) =>
  `${sheet}!$${columnLetter(col)}$1:$${columnLetter(col)}$${Math.max(rows, 1)}`;
const cellRef = (sheet: string, col: number, row: number) => `${sheet}!$${columnLetter(col)}$${row + 1}`;

/** Text cells are prefixed with an apostrophe so HyperFormula never parses "=…", "12%" or "00123". */
export function textCell(value: string): string {
  return `'${value}`;
}

function tableSheetName(planIndex: number, table: string) {
  return `T${planIndex}_${table}`;
}

/** Sheets holding the plan's lookup and tier tables (once per plan per batch). */
function compileTables(plan: AnalyzedPlan, planIndex: number, sheets: Record<string, RawCell[][]>) {
  for (const [name, t] of Object.entries(plan.plan.tables)) {
    const rows: RawCell[][] = [];
    if (t.kind === 'lookup') {
      const cols = Object.keys(t.columns);
      for (const r of t.rows) {
        rows.push([
          textCell(lookupKey(t.keys.map((k) => r[k] ?? null))),
          ...cols.map((c) => {
            const v = r[c];
            if (v === undefined || v === null) return null;
            if (t.columns[c]!.type !== 'text' && t.columns[c]!.type !== 'boolean' && typeof v === 'string') return Number(v);
            return typeof v === 'string' ? textCell(v) : v;
          }),
        ]);
      }
    } else {
      let base = 0;
      t.bands.forEach((b, i) => {
        if (i > 0) base += (Number(b.from) - Number(t.bands[i - 1]!.from)) * Number(t.bands[i - 1]!.rate);
        rows.push([Number(b.from), Number(b.rate), base]);
      });
    }
    if (rows.length === 0) rows.push([null]);
    sheets[tableSheetName(planIndex, name)] = rows;
  }
}

export function compileBatch(units: Unit[]): CompiledBatch {
  const sheets: Record<string, RawCell[][]> = { E: [[null]] };
  const functions = new Set<string>(['ARRAYFORMULA', 'IF']);
  const seenPlans = new Set<number>();
  let maxRows = 1;
  const layout: UnitLayout[] = [];

  units.forEach((unit, u) => {
    const { plan, planIndex } = unit;
    if (!seenPlans.has(planIndex)) {
      seenPlans.add(planIndex);
      compileTables(plan, planIndex, sheets);
    }
    const scalarSheet = `U${u}_S`;
    const scalarRow = new Map<string, number>();
    const scalar: RawCell[][] = [];
    for (const [name, value] of unit.params) {
      scalarRow.set(name, scalar.length);
      scalar.push([value]);
    }
    for (const cell of plan.summaryCells) {
      scalarRow.set(cell.name, scalar.length);
      scalar.push([null]);
    }
    if (scalar.length === 0) scalar.push([null]);

    const lineLayouts: UnitLayout['lineSheets'] = [];
    const lineSheetData: RawCell[][][] = [];
    plan.lineSheets.forEach((def, k) => {
      const data = unit.sheets.find((s) => s.def === def);
      const n = data?.rows.length ?? 0;
      const columnIndex = new Map<string, number>();
      def.factColumns.forEach((c, i) => columnIndex.set(c, FIXED_COLUMNS + i));
      def.columns.forEach((c, i) => columnIndex.set(c.name, FIXED_COLUMNS + def.factColumns.length + i));
      if (n === 0) {
        lineLayouts.push({ sheet: undefined, columnIndex, rows: 0 });
        lineSheetData.push([]);
        return;
      }
      const name = `U${u}_L${k}`;
      const width = FIXED_COLUMNS + def.factColumns.length + def.columns.length;
      const rows: RawCell[][] = data!.rows.map((r, i) => {
        const row: RawCell[] = new Array(width).fill(null);
        row[0] = textCell(data!.ids[i]!);
        row[1] = 1;
        for (let j = 0; j < r.length; j++) row[FIXED_COLUMNS + j] = r[j]!;
        return row;
      });
      maxRows = Math.max(maxRows, n);
      lineLayouts.push({ sheet: name, columnIndex, rows: n });
      lineSheetData.push(rows);
      sheets[name] = rows;
    });
    const unitLayout: UnitLayout = { scalarSheet, scalarRow, lineSheets: lineLayouts };
    layout.push(unitLayout);

    const ctx: CompileContext = { unit, unitLayout, functions };
    // Summary cells: scalar formulas.
    for (const cell of plan.summaryCells) {
      scalar[scalarRow.get(cell.name)!]![0] = `=${compileNode(cell.ast, ctx, undefined)}`;
    }
    sheets[scalarSheet] = scalar;
    // Line columns: one ARRAYFORMULA per column, in row 1 of the column.
    plan.lineSheets.forEach((def, k) => {
      const lay = lineLayouts[k]!;
      if (!lay.sheet) return;
      const rows = lineSheetData[k]!;
      for (const col of def.columns) {
        const expr = compileNode(col.ast, ctx, k);
        // A column that is only a reference (=[@kWh]) spills wrongly in HyperFormula's first cell: route it through IF too.
        const body = col.rowLevel && col.ast.k !== 'row' ? expr : `IF(${range(lay.sheet, 1, lay.rows).replace(`${lay.sheet}!`, '')}=1,${expr})`;
        rows[0]![lay.columnIndex.get(col.name)!] = `=ARRAYFORMULA(${body})`;
      }
    });
  });
  return { sheets, layout, maxRows, functions };
}

interface CompileContext {
  unit: Unit;
  unitLayout: UnitLayout;
  functions: Set<string>;
}

function isRowLevel(node: Node, plan: AnalyzedPlan, sheetIndex: number | undefined): boolean {
  if (sheetIndex === undefined) return false;
  switch (node.k) {
    case 'row':
      return true;
    case 'call':
      return node.args.some((a) => isRowLevel(a, plan, sheetIndex));
    case 'unary':
    case 'percent':
      return isRowLevel(node.arg, plan, sheetIndex);
    case 'binary':
      return isRowLevel(node.left, plan, sheetIndex) || isRowLevel(node.right, plan, sheetIndex);
    default:
      return false;
  }
}

/** Prints a node as a HyperFormula formula, with our references turned into absolute addresses. */
function compileNode(root: Node, ctx: CompileContext, sheetIndex: number | undefined): string {
  const { unit, unitLayout, functions } = ctx;
  const plan = unit.plan;
  const tableRange = (table: string, col: number, rows: number) => range(tableSheetName(unit.planIndex, table), col, rows);

  const hook = (node: Node, render: (n: Node) => string): string | undefined => {
    switch (node.k) {
      case 'bool':
        return node.value ? 'TRUE()' : 'FALSE()';
      case 'row': {
        const lay = unitLayout.lineSheets[sheetIndex!]!;
        return range(lay.sheet!, lay.columnIndex.get(node.name)!, lay.rows).replace(`${lay.sheet}!`, '');
      }
      case 'col': {
        const t = plan.plan.tables[node.table];
        if (t && t.kind === 'lookup') {
          const col = 1 + Object.keys(t.columns).indexOf(node.name);
          return tableRange(node.table, col, t.rows.length);
        }
        const k = plan.lineSheets.findIndex((s) => s.name === node.table);
        const lay = unitLayout.lineSheets[k]!;
        if (!lay.sheet) return 'E!$A$1';
        return range(lay.sheet, lay.columnIndex.get(node.name)!, lay.rows);
      }
      case 'name': {
        const row = unitLayout.scalarRow.get(node.name);
        if (row !== undefined) return cellRef(unitLayout.scalarSheet, 0, row);
        return undefined;
      }
      case 'call':
        return compileCall(node, render);
      default:
        return undefined;
    }
  };

  const compileCall = (node: Extract<Node, { k: 'call' }>, render: (n: Node) => string): string | undefined => {
    const { fn, args } = node;
    if (fn === 'RATE') {
      const ref = args[0]!;
      if (ref.k !== 'col') return undefined;
      const t = plan.plan.tables[ref.table];
      if (!t || t.kind !== 'lookup') return undefined;
      functions.add('INDEX').add('MATCH').add('LOWER');
      const col = 1 + Object.keys(t.columns).indexOf(ref.name);
      const key = args.slice(1).map((a) => `(${render(a)})`).join('&"|"&');
      const keyExpr = args.length === 2 ? `${key}&""` : key;
      return `INDEX(${tableRange(ref.table, col, t.rows.length)},MATCH(LOWER(${keyExpr}),${tableRange(ref.table, 0, t.rows.length)},0))`;
    }
    if (fn.startsWith('TIER.')) {
      const ref = args[0]!;
      const t = ref.k === 'name' ? plan.plan.tables[ref.name] : undefined;
      if (!t || t.kind !== 'tier' || ref.k !== 'name') return undefined;
      functions.add('INDEX').add('MATCH');
      const n = t.bands.length;
      const q = `(${render(args[1]!)})`;
      const froms = tableRange(ref.name, 0, n);
      const match = `MATCH(${q},${froms},1)`;
      const rate = `INDEX(${tableRange(ref.name, 1, n)},${match})`;
      if (fn === 'TIER.BAND') return match;
      if (fn === 'TIER.RATE') return rate;
      if (t.mode === 'retroactive') return `${q}*${rate}`;
      return `(INDEX(${tableRange(ref.name, 2, n)},${match})+(${q}-INDEX(${froms},${match}))*${rate})`;
    }
    const spec = FUNCTIONS[fn];
    // Inside a line column, aggregates over this row's values are rewritten element-wise: in array mode MIN, MAX,
    // SUM, AND, OR would fold the whole column into one value.
    if (spec?.aggregate && isRowLevel(node, plan, sheetIndex)) {
      const parts = args.map((a) => {
        const s = render(a);
        if (a.k === 'col') {
          functions.add(fn);
          return `${fn}(${s})`;
        }
        return `(${s})`;
      });
      switch (fn) {
        case 'SUM':
          return `(${parts.join('+')})`;
        case 'AND':
          return `((${parts.join('*')})<>0)`;
        case 'OR':
          return `((${parts.join('+')})<>0)`;
        case 'MIN':
        case 'MAX': {
          const cmp = fn === 'MIN' ? '<' : '>';
          return parts.reduce((acc, p) => `IF(${acc}${cmp}${p},${acc},${p})`);
        }
        case 'AVERAGE':
          return `((${parts.join('+')})/${parts.length})`;
        case 'COUNT':
          functions.add('ISNUMBER');
          return `(${parts.map((p) => `IF(ISNUMBER(${p}),1,0)`).join('+')})`;
        case 'COUNTA':
          return `(${parts.map((p) => `IF(${p}="",0,1)`).join('+')})`;
        default:
          break;
      }
    }
    functions.add(fn);
    return undefined;
  };

  return renderFormula(root, { node: hook });
}

export { FIXED_COLUMNS };
export type { CellDef };
