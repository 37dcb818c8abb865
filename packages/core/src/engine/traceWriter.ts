/**
 * Writes a payout's trace values into its trace group (finalise.ts), a column at a time (`writeTraceColumns`). Line i
 * of a payout on a sheet is row i, so a shown cell's values are its column's JSON and an input's its own column's,
 * computed once per unit and shared by every group that shows them: a run of plan (a) at 200,000 lines went from
 * ~2,000 to ~1,800 ms against writing some ten values per line. A summary payout is the same with one line.
 */
import type { Node } from '../formula/ast.js';
import { isDecimal, isError, serialToDate, toJson, type Value } from '../formula/interpret.js';
import type { CellDef, LineSheetDef } from '../plan/parsePlan.js';
import type { TraceBand, TraceLookup } from '../schema/trace.js';
import type { TraceGroupBuilder } from './traceColumns.js';

type Json = ReturnType<typeof toJson>;

export interface Details {
  bands?: TraceBand[];
  lookups?: TraceLookup[];
}

/** A unit's exact values, as finalise.ts computed them, and the unit-wide JSON cache of its columns. */
export interface UnitValues {
  cells: Map<string, Value>;
  columns: Array<Map<string, Value[]>>;
  details: Map<string, Array<Details | undefined>>;
  sheetIndex: Map<string, number>;
  lineSheets: readonly LineSheetDef[];
  params: Map<string, Value>;
  factColumn(k: number, name: string): Value[];
  /** The JSON of a column's values, made once per unit (`jsonColumns`) and shared, never changed. */
  jsonOf(column: Value[]): Json[];
}

/**
 * A unit's cache of its columns' JSON: a column's JSON is made whole, once per unit, however many trace groups show
 * it (a shown cell's values, another cell's input, a summary payout's whole-column input).
 */
export function jsonColumns(): (column: Value[]) => Json[] {
  const cache = new Map<Value[], Json[]>();
  return (column) => {
    let json = cache.get(column);
    if (!json) {
      json = new Array<Json>(column.length);
      for (let r = 0; r < column.length; r++) json[r] = toJson(column[r] ?? null);
      cache.set(column, json);
    }
    return json;
  };
}

/** A cell a payout's traces show, and its inputs (`computed`: the line cell a row reference names, if any). */
export interface ShownCell {
  cell: CellDef;
  perRow: boolean;
  refs: Array<{ n: Node; computed: CellDef | undefined }>;
}

/** Whether a gate cell's value lets the line through (an error is neither: the trace shows the error). */
function gateOf(isGate: boolean, value: Value): 'passed' | 'failed' | undefined {
  if (!isGate || isError(value)) return undefined;
  return value === true || (isDecimal(value) && !value.isZero()) ? 'passed' : 'failed';
}

/** A cell's optional trace values on a line (its error, gate, bands, lookups), or undefined when it has none. */
function extraOf(value: Value, d: Details | undefined, isGate: boolean) {
  const error = isError(value) ? value.message : undefined;
  const gate = gateOf(isGate, value);
  return d || error !== undefined || gate ? { error, gate, bands: d?.bands, lookups: d?.lookups } : undefined;
}

/** The JSON of a name in a formula: a summary cell's value, else a parameter's (null for neither). */
function namedJson(u: UnitValues, name: string): Json {
  return toJson(u.cells.has(name) ? u.cells.get(name)! : (u.params.get(name) ?? null));
}

/**
 * Writes the trace values of every line of a payout at once, a column at a time: `k` is the payout's sheet (line i
 * is its row i), undefined for a summary payout (one line). Values are the unit's cached JSON, shared, not copied.
 */
export function writeTraceColumns(u: UnitValues, shown: readonly ShownCell[], k: number | undefined, b: TraceGroupBuilder): void {
  const n = b.n;
  shown.forEach(({ cell, perRow, refs }, c) => {
    const det = u.details.get(cell.id);
    const isGate = cell.def.role === 'gate';
    const own = cell.kind === 'column' && perRow && k !== undefined ? u.columns[u.sheetIndex.get(cell.sheet)!]!.get(cell.name)! : undefined;
    const fixed = cell.kind === 'cell' ? (u.cells.get(cell.name) ?? null) : null;
    const fixedDetails = det?.[cell.kind === 'cell' ? 0 : -1];
    b.cellValues(c, own ? u.jsonOf(own) : new Array<Json>(n).fill(toJson(fixed)));
    for (let r = 0; r < n; r++) {
      const extra = extraOf(own ? (own[r] ?? null) : fixed, own ? det?.[r] : fixedDetails, isGate);
      if (extra) b.cellExtra(r, c, extra);
    }
    refs.forEach(({ n: node, computed }, j) => {
      b.inputValues(c, j, inputColumn(u, node, computed, perRow ? k : undefined, n));
      // A summary payout's one line shows the whole of each line sheet's column its cells aggregate.
      if (node.k !== 'col' || k !== undefined) return;
      const sheet = u.sheetIndex.get(node.table);
      if (sheet === undefined) return;
      const column = u.columns[sheet]!.get(node.name) ?? u.factColumn(sheet, node.name);
      b.inputWhole(0, c, j, u.jsonOf(column));
    });
  });
}

/**
 * Every line's value of one input of a cell: `k` is the sheet whose row i is line i, undefined for a cell that is
 * not one of the line's row (its row references show null). A date fact is shown as a date.
 */
function inputColumn(u: UnitValues, node: Node, computed: CellDef | undefined, k: number | undefined, n: number): Json[] {
  if (node.k === 'row' && k === undefined) return new Array<Json>(n).fill(null);
  if (node.k === 'row' && computed?.kind === 'column') return u.jsonOf(u.columns[u.sheetIndex.get(computed.sheet)!]!.get(computed.name)!);
  if (node.k === 'row' && computed) return new Array<Json>(n).fill(toJson(u.cells.get(computed.name) ?? null));
  if (node.k === 'row') {
    const column = u.factColumn(k!, node.name);
    if (u.lineSheets[k!]?.table?.columns[node.name]?.type !== 'date') return u.jsonOf(column);
    const out = new Array<Json>(n);
    for (let r = 0; r < n; r++) {
      const raw = column[r]!;
      out[r] = isDecimal(raw) ? serialToDate(raw.toNumber()) : toJson(raw ?? null);
    }
    return out;
  }
  if (node.k === 'col') return new Array<Json>(n).fill(null);
  return new Array<Json>(n).fill(namedJson(u, (node as { name: string }).name));
}
