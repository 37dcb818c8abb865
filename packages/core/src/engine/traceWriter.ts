/**
 * Writes a payout's trace values into its trace group, line by line (finalise.ts). Everything a line's trace reads
 * that does not depend on the line — which column holds a cell's values, its details, an input's column, whether a
 * fact is a date, a parameter's or summary cell's JSON — is resolved once per payout here, so a line costs only its
 * own reads (a run writes some ten values per line, and looking each up by name was a fifth of a run).
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
    const d = own ? det?.[r] : fixedDetails;
    const error = isError(value) ? value.message : undefined;
    const gate = isGate && !isError(value) ? (value === true || (isDecimal(value) && !value.isZero()) ? 'passed' : 'failed') : undefined;
    b.cell(i, c, own ? jsonAt(json, column!, r) : fixedJson, d || error !== undefined || gate ? { error, gate, bands: d?.bands, lookups: d?.lookups } : undefined);
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
  const name = (n as { name: string }).name;
  const json = toJson(u.cells.has(name) ? u.cells.get(name)! : (u.params.get(name) ?? null));
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
