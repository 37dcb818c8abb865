import type { Node } from '../formula/ast.js';
import { FUNCTIONS } from '../formula/functions.js';
import { renderFormula } from '../formula/render.js';
import { lookupKey } from '../plan/lookupKey.js';
import type { AnalyzedPlan, LineSheetDef } from '../plan/parsePlan.js';

/**
 * Compiles plans into HyperFormula sheets for one batch of (partner, plan) units, in the layouts that scale
 * (hyperformula.md §3, §5):
 * - one line sheet per plan line sheet, the batch's rows sorted by unit so each unit's rows are contiguous, and ONE
 *   ARRAYFORMULA per computed column over the whole sheet (never one formula per row, which is quadratic);
 * - one scalar sheet per plan, a row per unit: parameters (overrides applied) and summary cells; a summary cell reads
 *   its unit's contiguous rows (`SUM(L!F120:F180)`), never SUMIFS over the period;
 * - a line column reading a per-unit value (a parameter, a summary cell, an aggregate of a column) gets it row by row
 *   with one vectorised INDEX over the scalar column, by the unit number kept in column A (left empty when no column reads it);
 * - tables once per plan, referenced once per column.
 * The workbook is an artefact of the run, never stored.
 */

/** A cell value handed to HyperFormula: numbers as numbers, text escaped so it is never parsed. */
export type RawCell = string | number | boolean | null;

export interface UnitSheet {
  def: LineSheetDef;
  /** One array per row, in `def.factColumns` order. */
  rows: RawCell[][];
}

export interface Unit {
  plan: AnalyzedPlan;
  planIndex: number;
  /** Parameter values for this partner (overrides applied), by name. */
  params: Map<string, RawCell>;
  sheets: UnitSheet[];
}

/** Where one unit's values are in the batch workbook. */
export interface UnitLayout {
  scalarSheet: string;
  /** 0-based row of this unit on the scalar sheet. */
  scalarRow: number;
  /** 0-based column of each parameter, summary cell and hoisted aggregate on the scalar sheet. */
  scalarColumn: Map<string, number>;
  /** Per plan line sheet: where this unit's rows are (undefined when it has none). */
  lineSheets: Array<{ sheet: string; start: number; rows: number; columnIndex: Map<string, number> } | undefined>;
}

export interface CompiledBatch {
  sheets: Record<string, RawCell[][]>;
  layout: UnitLayout[];
  maxRows: number;
  /** HyperFormula functions the compiled formulas call (checked against the licence). */
  functions: Set<string>;
}

const FIXED_COLUMNS = 1; // A: the unit's row number on the scalar sheet (1-based)

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

const colRange = (sheet: string | undefined, col: number, from: number, count: number) => {
  const c = columnLetter(col);
  return `${sheet ? `${sheet}!` : ''}$${c}$${from + 1}:$${c}$${from + Math.max(count, 1)}`;
};
const cellRef = (sheet: string, col: number, row: number) => `${sheet}!$${columnLetter(col)}$${row + 1}`;
/**
 * A cell of the formula's own row on its own sheet, written relative (`C5`, not `S1!$C$5`): HyperFormula's parse cache
 * keys a formula by its references relative to its cell, so every unit's row of the scalar sheet then writes the same
 * formula and it is parsed once, not once per unit (parsing was a fifth of a `verify: 'full'` run).
 */
const sameRowRef = (col: number, row: number) => `${columnLetter(col)}${row + 1}`;

/** Text cells are prefixed with an apostrophe so HyperFormula never parses "=…", "12%" or "00123". */
export function textCell(value: string): string {
  return `'${value}`;
}

const tableSheetName = (planIndex: number, table: string) => `T${planIndex}_${table}`;

/** Sheets holding a plan's lookup and tier tables (once per plan per batch). */
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

function isRowLevel(node: Node): boolean {
  switch (node.k) {
    case 'row':
      return true;
    case 'call':
      return node.args.some(isRowLevel);
    case 'unary':
    case 'percent':
      return isRowLevel(node.arg);
    case 'binary':
      return isRowLevel(node.left) || isRowLevel(node.right);
    default:
      return false;
  }
}

function readsColumn(node: Node, plan: AnalyzedPlan): boolean {
  switch (node.k) {
    case 'col':
      return plan.plan.tables[node.table] === undefined;
    case 'call':
      return node.args.some((a) => readsColumn(a, plan));
    case 'unary':
    case 'percent':
      return readsColumn(node.arg, plan);
    case 'binary':
      return readsColumn(node.left, plan) || readsColumn(node.right, plan);
    default:
      return false;
  }
}

/**
 * Per-unit subexpressions inside line columns (e.g. `SUM(Lines[Commission])` in a share formula): computed once per
 * unit on the scalar sheet, then read row by row. Found once per plan.
 */
function findHoists(plan: AnalyzedPlan): Map<Node, string> {
  const hoists = new Map<Node, string>();
  const visit = (node: Node) => {
    if (!isRowLevel(node) && readsColumn(node, plan)) {
      hoists.set(node, `__agg${hoists.size + 1}`);
      return;
    }
    if (node.k === 'call') node.args.forEach(visit);
    else if (node.k === 'unary' || node.k === 'percent') visit(node.arg);
    else if (node.k === 'binary') {
      visit(node.left);
      visit(node.right);
    }
  };
  for (const sheet of plan.lineSheets) for (const col of sheet.columns) visit(col.ast);
  return hoists;
}

/**
 * RATE lookups whose keys are this row's fact columns are joins of the facts with a table: resolved once in
 * TypeScript (data preparation, hyperformula.md §5.5) into a hidden column of matched row numbers, so the workbook
 * does a positional INDEX instead of an exact-match MATCH that re-normalises the key column on every row.
 * Lookups keyed on computed values stay MATCHes in the workbook.
 */
interface Join {
  name: string;
  table: string;
  /** Positions of the key columns in the line sheet's `factColumns`. */
  keys: number[];
}

function findJoins(plan: AnalyzedPlan): Array<Map<Node, Join>> {
  return plan.lineSheets.map((def) => {
    const joins = new Map<Node, Join>();
    // RATEs on one table with the same keys (its Rate and its Fixed column, say) share one matched-row column.
    const byKeys = new Map<string, Join>();
    const visit = (node: Node) => {
      if (node.k === 'call') {
        const ref = node.args[0];
        if (node.fn === 'RATE' && ref?.k === 'col' && plan.plan.tables[ref.table]?.kind === 'lookup') {
          const keys = node.args.slice(1).map((a) => (a.k === 'row' && !def.columns.some((c) => c.name === a.name) ? def.factColumns.indexOf(a.name) : -1));
          if (keys.every((k) => k >= 0)) {
            const id = `${ref.table}\u0000${keys.join(',')}`;
            let join = byKeys.get(id);
            if (!join) byKeys.set(id, (join = { name: `__join${byKeys.size + 1}`, table: ref.table, keys }));
            joins.set(node, join);
            return;
          }
        }
        node.args.forEach(visit);
      } else if (node.k === 'unary' || node.k === 'percent') visit(node.arg);
      else if (node.k === 'binary') {
        visit(node.left);
        visit(node.right);
      }
    };
    for (const col of def.columns) visit(col.ast);
    return joins;
  });
}

/**
 * The fact columns the workbook needs for a line sheet: those its columns read, except keys of resolved joins and
 * columns only the filter reads (joins and filters run in TypeScript); plus columns aggregated by summary cells.
 * Fewer cells make a smaller graph to build.
 */
function workbookColumns(plan: AnalyzedPlan, joins: Array<Map<Node, Join>>): string[][] {
  const used = plan.lineSheets.map(() => new Set<string>());
  const visit = (node: Node, k: number | undefined) => {
    switch (node.k) {
      case 'row': {
        const def = k === undefined ? undefined : plan.lineSheets[k]!;
        if (def && !def.columns.some((c) => c.name === node.name)) used[k!]!.add(node.name);
        return;
      }
      case 'col': {
        const j = plan.lineSheets.findIndex((s) => s.name === node.table);
        if (j >= 0 && !plan.lineSheets[j]!.columns.some((c) => c.name === node.name)) used[j]!.add(node.name);
        return;
      }
      case 'call': {
        const join = k === undefined ? undefined : joins[k]!.get(node);
        (join ? node.args.slice(0, 1) : node.args).forEach((a) => visit(a, k));
        return;
      }
      case 'unary':
      case 'percent':
        visit(node.arg, k);
        return;
      case 'binary':
        visit(node.left, k);
        visit(node.right, k);
        return;
      default:
        return;
    }
  };
  plan.lineSheets.forEach((def, k) => def.columns.forEach((c) => visit(c.ast, k)));
  for (const cell of plan.summaryCells) visit(cell.ast, undefined);
  return plan.lineSheets.map((def, k) => def.factColumns.filter((c) => used[k]!.has(c)));
}

/** The 1-based row of a lookup table matching raw key cells, or 0. */
function joinRow(index: Map<string, number>, cells: RawCell[]): number {
  const key = lookupKey(cells.map((c) => (typeof c === 'string' && c.startsWith("'") ? c.slice(1) : c)));
  const row = index.get(key);
  return row === undefined ? 0 : row + 1;
}

interface PlanBatch {
  planIndex: number;
  plan: AnalyzedPlan;
  units: number[];
  scalarSheet: string;
  scalarColumn: Map<string, number>;
  hoists: Map<Node, string>;
  lineSheetNames: Array<string | undefined>;
  joins: Array<Map<Node, Join>>;
  /** Per line sheet: its distinct joins (RATEs on the same table and keys share one), one workbook column each. */
  joinColumns: Join[][];
  tableIndex: Map<string, Map<string, number>>;
  /** Per line sheet: positions (in `factColumns`) of the fact columns the workbook holds. */
  workbookFacts: number[][];
  /** Parameters with one value for every unit of the batch: line columns read them as one cell, not row by row. */
  uniform: Set<string>;
  columnIndex: Array<Map<string, number>>;
  rowCounts: number[];
}

export function compileBatch(units: Unit[]): CompiledBatch {
  const sheets: Record<string, RawCell[][]> = { E: [[null]] };
  const functions = new Set<string>(['ARRAYFORMULA', 'IF', 'INDEX']);
  const layout: UnitLayout[] = new Array(units.length);
  const plans = new Map<number, PlanBatch>();
  units.forEach((unit, u) => {
    let pb = plans.get(unit.planIndex);
    if (!pb) {
      const plan = unit.plan;
      const hoists = findHoists(plan);
      const joins = findJoins(plan);
      const hfColumns = workbookColumns(plan, joins);
      const joinColumns = joins.map((byNode) => [...new Set(byNode.values())]);
      const tableIndex = new Map<string, Map<string, number>>();
      for (const [name, t] of Object.entries(plan.plan.tables)) {
        if (t.kind !== 'lookup') continue;
        const index = new Map<string, number>();
        t.rows.forEach((row, i) => index.set(lookupKey(t.keys.map((k) => row[k] ?? null)), i));
        tableIndex.set(name, index);
      }
      const scalarColumn = new Map<string, number>();
      // Partner fields (`Partner[territory]`) are per-unit inputs like parameters.
      for (const name of [...Object.keys(plan.plan.parameters), ...plan.partnerFields]) scalarColumn.set(name, scalarColumn.size);
      for (const cell of plan.summaryCells) scalarColumn.set(cell.name, scalarColumn.size);
      for (const name of hoists.values()) scalarColumn.set(name, scalarColumn.size);
      pb = {
        planIndex: unit.planIndex,
        plan,
        units: [],
        scalarSheet: `S${unit.planIndex}`,
        scalarColumn,
        hoists,
        lineSheetNames: plan.lineSheets.map(() => undefined),
        joins,
        joinColumns,
        tableIndex,
        workbookFacts: hfColumns.map((cols, k) => cols.map((c) => plan.lineSheets[k]!.factColumns.indexOf(c))),
        uniform: new Set([...Object.keys(plan.plan.parameters), ...plan.partnerFields]),
        columnIndex: plan.lineSheets.map((def, k) => {
          const m = new Map<string, number>();
          hfColumns[k]!.forEach((c, i) => m.set(c, FIXED_COLUMNS + i));
          def.columns.forEach((c, i) => m.set(c.name, FIXED_COLUMNS + hfColumns[k]!.length + i));
          for (const j of joinColumns[k]!) m.set(j.name, m.size + FIXED_COLUMNS);
          return m;
        }),
        rowCounts: plan.lineSheets.map(() => 0),
      };
      plans.set(unit.planIndex, pb);
      compileTables(plan, unit.planIndex, sheets);
    }
    pb.units.push(u);
    const first = units[pb.units[0]!]!;
    for (const name of pb.uniform) if (unit.params.get(name) !== first.params.get(name)) pb.uniform.delete(name);
  });

  let maxRows = 1;
  for (const pb of plans.values()) {
    const { plan, planIndex } = pb;
    // Line sheets: the units' rows, contiguous, in unit order.
    const lineData: RawCell[][][] = plan.lineSheets.map(() => []);
    const scalarRows: RawCell[][] = [];
    pb.units.forEach((u, scalarRow) => {
      const unit = units[u]!;
      const unitLayout: UnitLayout = { scalarSheet: pb.scalarSheet, scalarRow, scalarColumn: pb.scalarColumn, lineSheets: [] };
      plan.lineSheets.forEach((def, k) => {
        const data = unit.sheets.find((s) => s.def === def);
        const n = data?.rows.length ?? 0;
        if (n === 0) {
          unitLayout.lineSheets.push(undefined);
          return;
        }
        const sheet = `L${planIndex}_${k}`;
        pb.lineSheetNames[k] = sheet;
        const start = lineData[k]!.length;
        const joins = pb.joinColumns[k]!;
        const facts = pb.workbookFacts[k]!;
        const width = FIXED_COLUMNS + facts.length + def.columns.length + joins.length;
        const cols = pb.columnIndex[k]!;
        for (let i = 0; i < n; i++) {
          const row: RawCell[] = new Array(width).fill(null);
          row[0] = scalarRow + 1;
          const r = data!.rows[i]!;
          for (let j = 0; j < facts.length; j++) row[FIXED_COLUMNS + j] = r[facts[j]!] ?? null;
          for (const join of joins) row[cols.get(join.name)!] = joinRow(pb.tableIndex.get(join.table)!, join.keys.map((p) => r[p] ?? null));
          lineData[k]!.push(row);
        }
        unitLayout.lineSheets.push({ sheet, start, rows: n, columnIndex: pb.columnIndex[k]! });
      });
      layout[u] = unitLayout;
      const row: RawCell[] = new Array(pb.scalarColumn.size).fill(null);
      for (const [name, value] of unit.params) row[pb.scalarColumn.get(name)!] = value;
      scalarRows.push(row);
    });
    plan.lineSheets.forEach((_, k) => {
      pb.rowCounts[k] = lineData[k]!.length;
      maxRows = Math.max(maxRows, lineData[k]!.length);
    });
    maxRows = Math.max(maxRows, scalarRows.length);

    // Scalar formulas: summary cells and hoisted aggregates, per unit.
    pb.units.forEach((u, scalarRow) => {
      const ctx: Ctx = { pb, unitLayout: layout[u]!, functions, scalarRow, sheetIndex: undefined };
      for (const cell of plan.summaryCells) {
        scalarRows[scalarRow]![pb.scalarColumn.get(cell.name)!] = `=${compileNode(cell.ast, ctx)}`;
      }
      for (const [node, name] of pb.hoists) {
        scalarRows[scalarRow]![pb.scalarColumn.get(name)!] = `=${compileNode(node, ctx, true)}`;
      }
    });
    if (scalarRows.length === 0) scalarRows.push([null]);
    if (scalarRows[0]!.length === 0) scalarRows[0]!.push(null);
    sheets[pb.scalarSheet] = scalarRows;

    // Line columns: one ARRAYFORMULA per column, in row 1 of the column.
    plan.lineSheets.forEach((def, k) => {
      const sheet = pb.lineSheetNames[k];
      if (!sheet) return;
      const rows = lineData[k]!;
      const n = rows.length;
      const ctx: Ctx = { pb, unitLayout: undefined, functions, scalarRow: -1, sheetIndex: k, readsUnitColumn: false };
      for (const col of def.columns) {
        const expr = compileNode(col.ast, ctx);
        // Columns with no row reference are broadcast over the rows; a column that is only a reference (=[@kWh])
        // spills wrongly in HyperFormula's first cell, so it goes through IF too.
        const wrapped = isRowLevel(col.ast) && col.ast.k !== 'row';
        if (!wrapped) ctx.readsUnitColumn = true;
        const body = wrapped ? expr : `IF(${colRange(undefined, 0, 0, n)}>0,${expr})`;
        rows[0]![pb.columnIndex[k]!.get(col.name)!] = `=ARRAYFORMULA(${body})`;
      }
      // Every value cell is a vertex of HyperFormula's dependency graph (built, then sorted, on every evaluation):
      // the unit column stays empty when no column reads it.
      if (!ctx.readsUnitColumn) for (const row of rows) row[0] = null;
      sheets[sheet] = rows;
    });
  }
  return { sheets, layout, maxRows, functions };
}

interface Ctx {
  pb: PlanBatch;
  /** The unit whose scalar cell is compiled (scalar context), or undefined in a line column. */
  unitLayout: UnitLayout | undefined;
  functions: Set<string>;
  scalarRow: number;
  /** The line sheet whose column is compiled (line context). */
  sheetIndex: number | undefined;
  /** Set when a line column's formula reads the unit column (A), which per-unit values are broadcast by. */
  readsUnitColumn?: boolean;
}

/** Prints a node as a HyperFormula formula, with our references turned into absolute addresses. */
function compileNode(root: Node, ctx: Ctx, isHoist = false): string {
  const { pb, functions } = ctx;
  const plan = pb.plan;
  const tableRange = (table: string, col: number, rows: number) => colRange(tableSheetName(pb.planIndex, table), col, 0, rows);
  const lineContext = ctx.sheetIndex !== undefined;
  const lineRows = lineContext ? pb.rowCounts[ctx.sheetIndex!]! : 0;
  const unitColumn = () => {
    ctx.readsUnitColumn = true;
    return colRange(undefined, 0, 0, lineRows);
  };
  /** A per-unit value read row by row in a line column. */
  const broadcast = (scalarCol: number) => `INDEX(${colRange(pb.scalarSheet, scalarCol, 0, pb.units.length)},${unitColumn()})`;

  const hook = (node: Node, render: (n: Node) => string): string | undefined => {
    if (lineContext) {
      const hoisted = pb.hoists.get(node);
      if (hoisted) return broadcast(pb.scalarColumn.get(hoisted)!);
    }
    switch (node.k) {
      case 'bool':
        return node.value ? 'TRUE()' : 'FALSE()';
      case 'row':
        return colRange(undefined, pb.columnIndex[ctx.sheetIndex!]!.get(node.name)!, 0, lineRows);
      case 'col': {
        const t = plan.plan.tables[node.table];
        if (t && t.kind === 'lookup') return tableRange(node.table, 1 + Object.keys(t.columns).indexOf(node.name), t.rows.length);
        // Scalar context (summary cell or hoisted aggregate): the unit's own contiguous rows.
        const k = plan.lineSheets.findIndex((s) => s.name === node.table);
        const at = ctx.unitLayout?.lineSheets[k];
        if (!at) return 'E!$A$1';
        return colRange(at.sheet, at.columnIndex.get(node.name)!, at.start, at.rows);
      }
      case 'name': {
        const col = pb.scalarColumn.get(node.name);
        if (col === undefined) return undefined;
        // a summary cell or hoisted aggregate reads its own unit's row of the scalar sheet, where it is itself
        if (!lineContext) return sameRowRef(col, ctx.scalarRow);
        return pb.uniform.has(node.name) ? cellRef(pb.scalarSheet, col, 0) : broadcast(col);
      }
      case 'call':
        return compileCall(node, render);
      default:
        return undefined;
    }
  };

  /** Whether a node renders as one value per row in a line column (a row reference or a broadcast per-unit value). */
  const variesByRow = (node: Node): boolean => {
    if (pb.hoists.has(node)) return true;
    switch (node.k) {
      case 'row':
        return true;
      case 'name':
        return pb.scalarColumn.has(node.name) && !pb.uniform.has(node.name);
      case 'call':
        return node.args.some(variesByRow);
      case 'unary':
      case 'percent':
        return variesByRow(node.arg);
      case 'binary':
        return variesByRow(node.left) || variesByRow(node.right);
      default:
        return false;
    }
  };

  const compileCall = (node: Extract<Node, { k: 'call' }>, render: (n: Node) => string): string | undefined => {
    const { fn, args } = node;
    if (fn === 'RATE') {
      const ref = args[0]!;
      if (ref.k !== 'col') return undefined;
      const t = plan.plan.tables[ref.table];
      if (!t || t.kind !== 'lookup') return undefined;
      const col = 1 + Object.keys(t.columns).indexOf(ref.name);
      const join = lineContext ? pb.joins[ctx.sheetIndex!]!.get(node) : undefined;
      if (join) {
        functions.add('NA');
        const at = colRange(undefined, pb.columnIndex[ctx.sheetIndex!]!.get(join.name)!, 0, lineRows);
        return `IF(${at}>0,INDEX(${tableRange(ref.table, col, t.rows.length)},${at}+(${at}=0)),NA())`;
      }
      functions.add('MATCH').add('LOWER');
      const key = args.slice(1).map((a) => `(${render(a)})`).join('&"|"&');
      const keyExpr = args.length === 2 ? `${key}&""` : key;
      return `INDEX(${tableRange(ref.table, col, t.rows.length)},MATCH(LOWER(${keyExpr}),${tableRange(ref.table, 0, t.rows.length)},0))`;
    }
    if (fn.startsWith('TIER.')) {
      const ref = args[0]!;
      const t = ref.k === 'name' ? plan.plan.tables[ref.name] : undefined;
      if (!t || t.kind !== 'tier' || ref.k !== 'name') return undefined;
      functions.add('MATCH');
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
    // SUM, AND, OR would fold the whole column into one value. A parameter that differs between the batch's partners
    // (or a hoisted per-partner aggregate) is broadcast as a column too, so it counts as a row's value
    // (`MIN(Cap, EeBonus)` with an override folded every partner's EeBonus: found by tests/compile.prop.test.ts).
    if (lineContext && !isHoist && spec?.aggregate && variesByRow(node)) {
      const parts = args.map((a) => `(${render(a)})`);
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
