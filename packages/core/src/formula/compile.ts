import { Decimal } from '../money.js';
import { lookupKey } from '../plan/lookupKey.js';
import type { BinaryOp, Node } from './ast.js';
import { scaledPath, type FastNode } from './scaled.js';
import type { TraceLookup } from '../schema/trace.js';
import {
  belowFirstBand,
  call,
  compare,
  err,
  isDecimal,
  isError,
  isRange,
  needsTierTable,
  noRowMatches,
  power,
  rateNeedsColumn,
  toBool,
  toJson,
  toNumber,
  toText,
  unknownTable,
  WHOLE_COLUMN,
  WHOLE_COLUMN_IT,
  type PlanTables,
  type Scope,
  type Value,
} from './interpret.js';

type Json = ReturnType<typeof toJson>;

/**
 * The compiled evaluation path: a validated formula tree turned once per plan into nested JavaScript closures (no
 * `eval`, no code generated from user text), evaluated over columns. It computes exactly what `interpret` computes —
 * the same values, errors, messages, tier bands and table rows, in the same order — and `interpret` stays the
 * reference: tests/compile.prop.test.ts holds the two (and HyperFormula) equal on random plans and data.
 *
 * What the compiler does once instead of once per cell: row references become column slots (`cols[slot][r]`),
 * names become slots filled once per column (`names[slot]`), literals and lookup-table columns become constants,
 * RATE and TIER find their table once, and the commonest aggregates over one column (COUNT, SUM) loop over the array.
 */
export interface CompiledScope extends Scope {
  /** The row being evaluated (0 for a summary cell). */
  r: number;
  /** One array per entry of `CompiledFormula.rows`: the values of that column of the line sheet, by row. */
  cols: Value[][];
  /** One value per entry of `CompiledFormula.names`: parameters and summary cells, read once per column. */
  names: Value[];
  /** Set by `CompiledFormula.prepare`: each row column as scaled integers (NaN where a row has none), see scaled.ts. */
  ints?: Float64Array[];
  /** Set by `CompiledFormula.prepare`: each name's value as a scaled integer, or NaN. */
  nameInts?: number[];
}

export type Evaluator = (s: CompiledScope) => Value;

export interface CompiledFormula {
  run: Evaluator;
  /** `[@name]` references, in slot order. */
  rows: string[];
  /** Bare names (parameters, summary cells), in slot order; table names are resolved at compile time. */
  names: string[];
  /**
   * The scaled-integer fast path for a scope whose `cols` and `names` are set (once per cell and unit): fills the
   * scope's integer caches and returns an evaluator that gives exactly what `run` gives (see scaled.ts).
   */
  prepare(s: CompiledScope): Evaluator;
  /** The fast path's root for a prepared scope, unconverted (a number is a scaled integer at `scale`): for tests. */
  fastRoot(s: CompiledScope): FastNode;
}

const COMPARISONS = new Set(['=', '<>', '<', '>', '<=', '>=']);

export function compileFormula(root: Node, tables: PlanTables): CompiledFormula {
  const rows: string[] = [];
  const names: string[] = [];
  const slot = (list: string[], name: string): number => {
    const i = list.indexOf(name);
    return i >= 0 ? i : list.push(name) - 1;
  };

  // Every node's Decimal evaluator, for the scaled-integer path to fall back to.
  const byNode = new Map<Node, Evaluator>();
  const compile = (node: Node): Evaluator => {
    const ev = compileNode(node);
    byNode.set(node, ev);
    return ev;
  };
  const compileNode = (node: Node): Evaluator => {
    switch (node.k) {
      case 'num': {
        const d = new Decimal(node.raw);
        return () => d;
      }
      case 'str':
      case 'bool': {
        const v = node.value;
        return () => v;
      }
      case 'row': {
        const i = slot(rows, node.name);
        return (s) => s.cols[i]![s.r]!;
      }
      case 'col': {
        const lookup = tables.lookups.get(node.table);
        if (lookup) {
          const range = { range: lookup.values.map((r) => r[node.name] ?? null) };
          return () => range;
        }
        const { table, name } = node;
        return (s) => s.column(table, name);
      }
      case 'name': {
        const i = slot(names, node.name);
        return (s) => s.names[i]!;
      }
      case 'unary': {
        const arg = compile(node.arg);
        const negate = node.op === '-';
        return (s) => applyUnary(negate, arg(s));
      }
      case 'percent': {
        const arg = compile(node.arg);
        return (s) => applyPercent(arg(s));
      }
      case 'binary':
        return binary(node.op, compile(node.left), compile(node.right));
      case 'call':
        return compileCall(node, compile, tables);
    }
  };
  const run = compile(root);
  const scaled = scaledPath(root, { byNode, tables, rows, names });
  return { run, rows, names, prepare: scaled.prepare, fastRoot: scaled.fastRoot };
}

function binary(op: BinaryOp, left: Evaluator, right: Evaluator): Evaluator {
  const apply = applyBinary(op);
  return (s) => apply(left(s), right(s));
}

/**
 * An operator on its two evaluated operands (both are evaluated first, left then right, whatever they hold). The
 * scaled-integer path falls back to the same function, so both paths give the same values and errors.
 */
export function applyBinary(op: BinaryOp): (l: Value, r: Value) => Value {
  if (op === '&') {
    return (l, r) => {
      if (isError(l)) return l;
      if (isError(r)) return r;
      const a = toText(l);
      const b = toText(r);
      return isError(a) ? a : isError(b) ? b : a + b;
    };
  }
  if (COMPARISONS.has(op)) {
    const test = comparisonTest(op);
    return (l, r) => {
      if (isError(l)) return l;
      if (isError(r)) return r;
      if (isRange(l) || isRange(r)) return err('#VALUE!', WHOLE_COLUMN, WHOLE_COLUMN_IT);
      return test(compare(l, r));
    };
  }
  const arith: (a: Decimal, b: Decimal) => Value =
    op === '+' ? (a, b) => a.plus(b) : op === '-' ? (a, b) => a.minus(b) : op === '*' ? (a, b) => a.times(b) : op === '/' ? (a, b) => (b.isZero() ? err('#DIV/0!', 'division by zero', 'divisione per zero') : a.div(b)) : power;
  return (l, r) => {
    if (isError(l)) return l;
    if (isError(r)) return r;
    const a = toNumber(l);
    const b = toNumber(r);
    if (isError(a)) return a;
    if (isError(b)) return b;
    return arith(a, b);
  };
}

/** What a comparison operator makes of `compare`'s sign. */
export function comparisonTest(op: BinaryOp): (c: number) => boolean {
  return op === '=' ? (c) => c === 0 : op === '<>' ? (c) => c !== 0 : op === '<' ? (c) => c < 0 : op === '>' ? (c) => c > 0 : op === '<=' ? (c) => c <= 0 : (c) => c >= 0;
}

/** Unary minus / plus on an evaluated operand. */
export function applyUnary(negate: boolean, value: Value): Value {
  const v = toNumber(value);
  return isError(v) ? v : negate ? v.neg() : v;
}

/** `x%` on an evaluated operand. */
export function applyPercent(value: Value): Value {
  const v = toNumber(value);
  return isError(v) ? v : v.div(100);
}

/** Functions evaluated often enough to be worth their own closure; every other one goes through `call`. */
function compileCall(node: Extract<Node, { k: 'call' }>, compile: (n: Node) => Evaluator, tables: PlanTables): Evaluator {
  const { fn } = node;
  const args = node.args.map(compile);
  switch (fn) {
    case 'IF': {
      const [cond, then, otherwise] = args;
      return (s) => {
        const c = toBool(cond!(s));
        if (isError(c)) return c;
        return c ? then!(s) : otherwise ? otherwise(s) : false;
      };
    }
    case 'IFERROR': {
      const [value, fallback] = args;
      return (s) => {
        const v = value!(s);
        return isError(v) ? fallback!(s) : v;
      };
    }
    case 'COUNT':
    case 'SUM':
      if (args.length === 1 && node.args[0]!.k === 'col') return aggregateColumn(fn, args[0]!, generic(node, args, tables));
      break;
    case 'RATE':
      return compileRate(node, args, tables);
    case 'TIER.AMOUNT':
    case 'TIER.RATE':
    case 'TIER.BAND':
      return compileTier(node, args, tables);
    default:
      break;
  }
  return generic(node, args, tables);
}

/** The rest computes through the interpreter's own function table, on the compiled arguments. */
function generic(node: Extract<Node, { k: 'call' }>, args: Evaluator[], tables: PlanTables): Evaluator {
  const byNode = new Map(node.args.map((a, i) => [a, args[i]!]));
  return (s) => call(node, s, tables, (n) => byNode.get(n)!(s));
}

/** COUNT / SUM of one whole column, in one pass: in a range only numbers count, an error in it is the result. */
function aggregateColumn(fn: 'COUNT' | 'SUM', column: Evaluator, otherwise: Evaluator): Evaluator {
  if (fn === 'COUNT') {
    return (s) => {
      const v = column(s);
      if (!isRange(v)) return otherwise(s);
      let count = 0;
      for (const x of v.range) if (isDecimal(x)) count++;
      return new Decimal(count);
    };
  }
  return (s) => {
    const v = column(s);
    if (!isRange(v)) return otherwise(s);
    let sum = new Decimal(0);
    for (const x of v.range) {
      if (isError(x)) return x;
      if (isDecimal(x)) sum = sum.plus(x);
    }
    return sum;
  };
}

function compileRate(node: Extract<Node, { k: 'call' }>, args: Evaluator[], tables: PlanTables): Evaluator {
  const ref = node.args[0]!;
  if (ref.k !== 'col') return rateNeedsColumn;
  const t = tables.lookups.get(ref.table);
  if (!t) return () => unknownTable(ref.table);
  const keyArgs = args.slice(1);
  const { table, name: column } = ref;
  // The table's cells are constants: their trace JSON is computed once per plan, not once per row.
  const valueJson = t.values.map((row) => toJson(row[column] ?? null));
  // One trace lookup per table key, handed to every row that makes it with the same keys: a trace group writes each
  // distinct lookup once and finds it by identity (engine/traceColumns.ts). Readers get copies, never these.
  const made = new Map<string, TraceLookup>();
  const lookupOf = (key: string, keys: readonly Value[], rowIndex: number): TraceLookup => {
    const known = made.get(key);
    if (known && sameKeys(known.keys, keys)) return known;
    const lookup = { column, keys: keys.map(toJson), row: rowIndex, table, value: valueJson[rowIndex]! };
    if (!known) made.set(key, lookup);
    return lookup;
  };
  const n = keyArgs.length;
  /** The row (or none) and trace lookup of keys, from their normalised key: the long way, once per distinct keys. */
  const find = (keys: readonly Value[]): Found => {
    const key = lookupKey(keys.map((k) => (isDecimal(k) ? k.toString() : k)));
    const rowIndex = t.index.get(key);
    return rowIndex === undefined ? { rowIndex } : { rowIndex, lookup: lookupOf(key, keys, rowIndex) };
  };
  const memo = new KeysMemo<Found>(n);
  return (s) => {
    const keys: Value[] = new Array(n);
    for (let i = 0; i < n; i++) keys[i] = keyArgs[i]!(s);
    for (let i = 0; i < n; i++) if (isError(keys[i]!)) return keys[i]!;
    const { rowIndex, lookup } = memo.get(keys, find);
    if (rowIndex === undefined) {
      const keyJson = keys.map(toJson);
      const value = noRowMatches(table, keyJson);
      s.onLookup?.({ column, keys: keyJson, row: null, table, value: toJson(value) });
      return value;
    }
    s.onLookup?.(lookup!);
    return t.values[rowIndex]![column] ?? null;
  };
}

/** Where a RATE's keys lead: a row of its table and the trace lookup that shows it, or no row. */
type Found = { rowIndex: number; lookup: TraceLookup } | { rowIndex: undefined; lookup?: undefined };

/**
 * What `make` gives for a list of `n` keys, remembered by the keys' own values when they are all text, booleans or
 * blanks (a decimal is a new object on every row): RATE then builds and looks up its normalised key once per
 * distinct keys rather than once per row (building "luce_casa|lazio" and hashing it was most of a RATE). The facts'
 * own strings are looked up as they are, their hashes kept by V8. At most `LIMIT` lists are kept: a compiled plan
 * lives across runs, and keys as many as the records (a lookup by contract id) must not grow it for good.
 */
class KeysMemo<T> {
  private static readonly LIMIT = 10_000;
  private root = new Map<unknown, unknown>();
  private size = 0;
  constructor(private readonly n: number) {}

  /** `make(keys)`, remembered; `make` must not give undefined. */
  get(keys: readonly Value[], make: (keys: readonly Value[]) => T): T {
    for (const k of keys) if (k !== null && typeof k !== 'string' && typeof k !== 'boolean') return make(keys);
    let level = this.root;
    for (let i = 0; i < this.n - 1; i++) {
      let next = level.get(keys[i]) as Map<unknown, unknown> | undefined;
      if (!next) level.set(keys[i], (next = new Map()));
      level = next;
    }
    const last = keys[this.n - 1];
    const known = level.get(last) as T | undefined;
    if (known !== undefined) return known;
    if (this.size === KeysMemo.LIMIT) {
      this.root = new Map();
      this.size = 0;
      return this.get(keys, make);
    }
    const value = make(keys);
    level.set(last, value);
    this.size++;
    return value;
  }
}

/** Keys written the same (a key matches its row whatever its case: each spelling keeps its own lookup). */
function sameKeys(a: readonly Json[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], toJson(b[i]!))) return false;
  return true;
}

function compileTier(node: Extract<Node, { k: 'call' }>, args: Evaluator[], tables: PlanTables): Evaluator {
  const fn = node.fn;
  const ref = node.args[0]!;
  const t = ref.k === 'name' ? tables.tiers.get(ref.name) : undefined;
  if (!t || ref.k !== 'name') return () => needsTierTable(fn);
  const quantity = args[1]!;
  const tableName = ref.name;
  const from = t.from.map((d) => d.toString());
  const rates = t.rate.map((d) => d.toString());
  const bands = t.from.map((_, i) => new Decimal(i + 1));
  return (s) => {
    const q = toNumber(quantity(s));
    if (isError(q)) return q;
    let i = -1;
    for (let j = 0; j < t.from.length; j++) if (t.from[j]!.lte(q)) i = j;
    if (i < 0) return belowFirstBand(q.toString(), tableName, from[0]!);
    const rate = t.rate[i]!;
    s.onBand?.({ from: from[i]!, index: i + 1, mode: t.table.mode, quantity: q.toString(), rate: rates[i]!, table: tableName, to: from[i + 1] ?? null });
    if (fn === 'TIER.RATE') return rate;
    if (fn === 'TIER.BAND') return bands[i]!;
    return t.table.mode === 'retroactive' ? q.times(rate) : t.base[i]!.plus(q.minus(t.from[i]!).times(rate));
  };
}
