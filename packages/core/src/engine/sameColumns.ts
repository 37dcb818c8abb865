/**
 * Columns a trace group would write twice (issue 15 §3, the statement's canonical JSON). Two cells reading the same
 * fact show the same column of values as their inputs, and a cell's values come back as the next cell's input (plan
 * (a)'s `Units`, `Rate` and `Fixed` in `Commission`): at 200,000 lines those repeats were 15.3 of a partner's 112 KB.
 * In the JSON a repeated column is written `{ same: [c] }` (cell c's `value`) or `{ same: [c, k] }` (input k of cell
 * c), naming the first column of the group, in the order cell by cell, each cell's inputs before its value, that
 * holds the same values. A group in memory always holds the columns themselves: `withSameColumns` makes the group
 * as written, `resolveSameColumns` the group as read.
 *
 * The form follows from the values alone (as JSON writes them), so a group gives the same bytes whether the engine
 * made it, it was read back or it was built from traces. Columns are compared by value, not by identity: even the
 * engine's repeats sit in separate arrays (a cell's values and the next cell's input of them are two JSON columns).
 * Only groups of `MIN_SAME` lines or more use the form, and only for columns written as arrays.
 */
import type { CellColumns, Column, InputColumns, TraceGroup } from './traceColumns.js';

type Json = string | number | boolean | null;

/** Where a column of the group is: `[c]` cell c's value, `[c, k]` input k of cell c. */
export type ColumnAt = [number] | [number, number];

/** A column written where it repeats one before it. */
export interface SameColumn {
  same: ColumnAt;
}

/** A value column as the canonical JSON writes it. */
export type ValueColumn = Column<Json> | SameColumn;

/** A trace group as the canonical JSON holds it: a cell's or input's values may be `{ same }`. */
export type TraceGroupJson = Omit<TraceGroup, 'cells'> & {
  cells: Array<Omit<CellColumns, 'inputs' | 'value'> & { inputs: Array<Omit<InputColumns, 'value'> & { value: ValueColumn }>; value: ValueColumn }>;
};

/** Groups of fewer lines write every column in full: a reference would save little and could be the longer text. */
export const MIN_SAME = 8;

export function isSame(column: unknown): column is SameColumn {
  return typeof column === 'object' && column !== null && !Array.isArray(column) && 'same' in column;
}

/** A value as JSON writes it, for comparing: undefined and non-finite numbers are written null. */
const asJson = (v: unknown): unknown => (v === undefined || (typeof v === 'number' && !Number.isFinite(v)) ? null : v);

/** Whether two columns write the same JSON (their values are primitives; anything else is compared by identity). */
function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && asJson(a[i]) !== asJson(b[i])) return false;
  return true;
}

/** The columns of a group in the order references may point back: cell by cell, each cell's inputs before its value. */
function eachColumn<C>(cells: ReadonlyArray<{ inputs: ReadonlyArray<{ value: C }>; value: C }>, visit: (column: C, at: ColumnAt) => void): void {
  cells.forEach((cell, c) => {
    cell.inputs.forEach((input, k) => visit(input.value, [c, k]));
    visit(cell.value, [c]);
  });
}

/** The group as its canonical JSON writes it: itself when nothing repeats, else a copy with each repeat a `{ same }`. */
export function withSameColumns(group: TraceGroup): TraceGroupJson {
  if (group.n < MIN_SAME) return group;
  const written: Array<{ at: ColumnAt; values: readonly unknown[] }> = [];
  const refs = new Map<string, ColumnAt>();
  eachColumn(group.cells, (column, at) => {
    if (!Array.isArray(column)) return;
    const first = written.find((w) => sameValues(w.values, column));
    if (first) refs.set(at.join(), first.at);
    else written.push({ at, values: column });
  });
  if (refs.size === 0) return group;
  const ref = (at: ColumnAt, column: Column<Json>): ValueColumn => {
    const to = refs.get(at.join());
    return to ? { same: to } : column;
  };
  // Spreading keeps each object's keys in their order (`value` stays where it was), so the JSON stays canonical.
  const cells = group.cells.map((cell, c) => ({
    ...cell,
    inputs: cell.inputs.map((input, k) => ({ ...input, value: ref([c, k], input.value) })),
    value: ref([c], cell.value),
  }));
  return { ...group, cells };
}

/**
 * Where a group's `{ same }` columns point at nothing written before them in full (a reference to a later column, to
 * another reference, or outside the group): the paths and messages for the schema (`schema/traceGroup.ts`).
 */
export function badSameColumns(group: { cells: ReadonlyArray<{ inputs: ReadonlyArray<{ value: unknown }>; value: unknown }> }): Array<{ path: Array<string | number>; message: string }> {
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  const full = new Set<string>();
  eachColumn(group.cells, (column, at) => {
    const path = at.length === 1 ? ['cells', at[0], 'value'] : ['cells', at[0], 'inputs', at[1], 'value'];
    if (!isSame(column)) {
      if (Array.isArray(column)) full.add(at.join());
      return;
    }
    if (!full.has(column.same.join())) out.push({ path, message: `expected { same } to name a column written in full before it, got ${JSON.stringify(column.same)}` });
  });
  return out;
}

/** The group as read: each `{ same }` replaced by the column it names (checked first: `badSameColumns`). */
export function resolveSameColumns(group: TraceGroupJson): TraceGroup {
  const full = new Map<string, Column<Json>>();
  const resolve = (column: ValueColumn, at: ColumnAt): Column<Json> => {
    if (!isSame(column)) {
      if (Array.isArray(column)) full.set(at.join(), column);
      return column;
    }
    const target = full.get(column.same.join());
    if (!target) throw new Error(`{ same: ${JSON.stringify(column.same)} } names no column written before it`);
    return target;
  };
  group.cells.forEach((cell, c) => {
    cell.inputs.forEach((input, k) => (input.value = resolve(input.value, [c, k])));
    cell.value = resolve(cell.value, [c]);
  });
  return group as TraceGroup;
}
