/**
 * Writes a payout's trace values into its trace group (finalise.ts). A payout on a sheet has one line per row, so its
 * traces are written a column at a time (`writeTraceColumns`): a shown cell's values are its column's JSON, an input's
 * its own column's, computed once per unit and shared by every group that shows them. That took a run of plan (a) at
 * 200,000 lines from ~2,000 to ~1,800 ms against writing some ten values per line. A summary payout's one line is
 * written by `traceWriter`, which resolves once per payout everything that does not depend on the line (which column
 * holds a cell's values, its details, an input's column, whether a fact is a date, a parameter's JSON).
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
  /** The JSON of a column's values, each filled in when first shown (`jsonAt`). */
  jsonOf(column: Value[]): Json[];
}

/**
 * A unit's cache of its columns' JSON: each value's JSON is computed once per unit, however many lines' traces show
 * it (a column feeding a summary payout is shown whole on that line, and its values on their own lines).
 */
export function jsonColumns(): (column: Value[]) => Json[] {
  const cache = new Map<Value[], Json[]>();
  return (column) => {
    let json = cache.get(column);
    if (!json) cache.set(column, (json = new Array<Json>(column.length)));
    return json;
  };
}

/** `column[r]`'s JSON, from `json` (the column's `jsonOf`) or computed into it. */
function jsonAt(json: Json[], column: Value[], r: number): Json {
  let j = json[r];
  if (j === undefined) json[r] = j = toJson(column[r] ?? null);
  return j;
}

/** A cell a payout's traces show, and its inputs (`computed`: the line cell a row reference names, if any). */
export interface ShownCell {
  cell: CellDef;
  perRow: boolean;
  refs: Array<{ n: Node; computed: CellDef | undefined }>;
}

type LineWriter = (b: TraceGroupBuilder, i: number, row: number | null) => void;
type InputWriter = (b: TraceGroupBuilder, i: number, c: number, j: number, r: number | null) => void;

/** Writes line `i`'s trace values (row `row` of sheet `k`, or the unit's one line of a summary payout). */
export function traceWriter(u: UnitValues, shown: readonly ShownCell[], k: number | undefined, summaryPayout: boolean): LineWriter {
  const cells = shown.map((s, c) => cellWriter(u, s, c, k, summaryPayout));
  return (b, i, row) => {
    for (let c = 0; c < cells.length; c++) cells[c]!(b, i, row);
  };
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

function cellWriter(u: UnitValues, { cell, perRow, refs }: ShownCell, c: number, k: number | undefined, summaryPayout: boolean): LineWriter {
  const inputs = refs.map(({ n, computed }) => inputWriter(u, n, computed, k, summaryPayout));
  const det = u.details.get(cell.id);
  const isGate = cell.def.role === 'gate';
  // A summary cell (or a row that is not the line's own) is the same on every line: its value is read once.
  const fixed = cell.kind === 'cell' ? (u.cells.get(cell.name) ?? null) : null;
  const fixedJson = toJson(fixed);
  const fixedDetails = det?.[cell.kind === 'cell' ? 0 : -1];
  let column: Value[] | undefined;
  let json: Json[] = [];
  return (b, i, row) => {
    const r = perRow ? row : null;
    const own = cell.kind === 'column' && r !== null;
    if (own && !column) json = u.jsonOf((column = u.columns[u.sheetIndex.get(cell.sheet)!]!.get(cell.name)!));
    const value = own ? (column![r] ?? null) : fixed;
    b.cell(i, c, own ? jsonAt(json, column!, r) : fixedJson, extraOf(value, own ? det?.[r] : fixedDetails, isGate));
    for (let j = 0; j < inputs.length; j++) inputs[j]!(b, i, c, j, r);
  };
}

function inputWriter(u: UnitValues, n: Node, computed: CellDef | undefined, k: number | undefined, withColumns: boolean): InputWriter {
  if (n.k === 'row') return computed ? computedInput(u, computed) : factInput(u, n.name, k);
  if (n.k === 'col') {
    const sheet = u.sheetIndex.get(n.table);
    if (!withColumns || sheet === undefined) return (b, i, c, j) => b.input(i, c, j, null);
    // A summary payout has one line: its input shows the whole column.
    return (b, i, c, j) => {
      const column = u.columns[sheet]!.get(n.name) ?? u.factColumn(sheet, n.name);
      const json = u.jsonOf(column);
      b.input(i, c, j, null, column.map((_, r) => jsonAt(json, column, r)));
    };
  }
  const json = namedJson(u, (n as { name: string }).name);
  return (b, i, c, j) => b.input(i, c, j, json);
}

/** A row reference to a computed column (or cell) of the line's sheet. */
function computedInput(u: UnitValues, computed: CellDef): InputWriter {
  if (computed.kind !== 'column') {
    const json = toJson(u.cells.get(computed.name) ?? null);
    return (b, i, c, j, r) => b.input(i, c, j, r === null ? null : json);
  }
  let column: Value[] | undefined;
  let json: Json[] = [];
  return (b, i, c, j, r) => {
    if (r === null) return b.input(i, c, j, null);
    if (!column) json = u.jsonOf((column = u.columns[u.sheetIndex.get(computed.sheet)!]!.get(computed.name)!));
    b.input(i, c, j, jsonAt(json, column, r));
  };
}

/** A row reference to a fact of the line's record: dates are shown as dates. The record is the line's own source. */
function factInput(u: UnitValues, name: string, k: number | undefined): InputWriter {
  if (k === undefined) return (b, i, c, j) => b.input(i, c, j, null);
  const isDate = u.lineSheets[k]?.table?.columns[name]?.type === 'date';
  let column: Value[] | undefined;
  let json: Json[] = [];
  return (b, i, c, j, r) => {
    if (r === null) return b.input(i, c, j, null);
    if (!column) json = u.jsonOf((column = u.factColumn(k, name)));
    const raw = column[r]!;
    b.input(i, c, j, isDate && isDecimal(raw) ? serialToDate(raw.toNumber()) : jsonAt(json, column, r));
  };
}

/** The JSON of every value of `column` (its first `n`), from the unit's cache and filled into it. */
function wholeJson(u: UnitValues, column: Value[], n: number): Json[] {
  const json = u.jsonOf(column);
  for (let r = 0; r < n; r++) if (json[r] === undefined) json[r] = toJson(column[r] ?? null);
  return json;
}

/**
 * Writes the trace values of every line of a payout on sheet `k` at once, a column at a time: line i is row i, so a
 * shown cell's values are its column's JSON and an input's are its own column's (the unit's cached JSON, shared, not
 * copied). What `traceWriter` writes line by line for these lines, with a tenth of the calls: a run writes some ten
 * values per line.
 */
export function writeTraceColumns(u: UnitValues, shown: readonly ShownCell[], k: number, b: TraceGroupBuilder): void {
  const n = b.n;
  shown.forEach(({ cell, perRow, refs }, c) => {
    const det = u.details.get(cell.id);
    const isGate = cell.def.role === 'gate';
    const own = cell.kind === 'column' && perRow ? u.columns[u.sheetIndex.get(cell.sheet)!]!.get(cell.name)! : undefined;
    const fixed = cell.kind === 'cell' ? (u.cells.get(cell.name) ?? null) : null;
    const fixedDetails = det?.[cell.kind === 'cell' ? 0 : -1];
    b.cellValues(c, own ? wholeJson(u, own, n) : new Array<Json>(n).fill(toJson(fixed)));
    for (let r = 0; r < n; r++) {
      const extra = extraOf(own ? (own[r] ?? null) : fixed, own ? det?.[r] : fixedDetails, isGate);
      if (extra) b.cellExtra(r, c, extra);
    }
    refs.forEach(({ n: node, computed }, j) => b.inputValues(c, j, inputColumn(u, node, computed, perRow ? k : undefined, n)));
  });
}

/**
 * Every line's value of one input of a cell, as `inputWriter` writes them: `k` is the sheet whose row i is line i,
 * undefined for a cell that is not one of the line's row (its row references show null).
 */
function inputColumn(u: UnitValues, node: Node, computed: CellDef | undefined, k: number | undefined, n: number): Json[] {
  if (node.k === 'row' && k === undefined) return new Array<Json>(n).fill(null);
  if (node.k === 'row' && computed?.kind === 'column') return wholeJson(u, u.columns[u.sheetIndex.get(computed.sheet)!]!.get(computed.name)!, n);
  if (node.k === 'row' && computed) return new Array<Json>(n).fill(toJson(u.cells.get(computed.name) ?? null));
  if (node.k === 'row') {
    const column = u.factColumn(k!, node.name);
    if (u.lineSheets[k!]?.table?.columns[node.name]?.type !== 'date') return wholeJson(u, column, n);
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
