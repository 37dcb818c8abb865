import { Decimal } from '../money.js';
import type { BinaryOp, Node } from './ast.js';
import { applyBinary, applyPercent, applyUnary, comparisonTest, type CompiledScope, type Evaluator } from './compile.js';
import { call, isDecimal, isError, toBool, type PlanTables, type Value } from './interpret.js';
import { MAX_SAFE, POW10, toScaled } from './decimalWords.js';
import { fromScaled, MAX_SCALE, scaledColumn } from './scaledNumber.js';

/**
 * The scaled-integer fast path of the compiled evaluation path. Arithmetic whose operands have a bounded number of
 * decimals (literals, parameters, RATE table values, line columns: their scale is read from the values once per column
 * and unit) runs on safe integers at a static scale instead of allocating a decimal.js Decimal per operation: +, −,
 * unary −, %, ×, comparisons, MIN/MAX and the branches of IF/IFERROR. A node's `k` is that scale, −1 when it only
 * ever gives a Value.
 *
 * Every operation checks that its result stays exact (magnitude ≤ 2^53 − 1, checked before a × too); when it does not,
 * or an operand is no exact number at its scale (a blank, text, an error, a value with more decimals), the node applies
 * the Decimal path's own operator (`applyBinary`…) to the operands it already evaluated, converted back to Decimals.
 * Operands are evaluated once, in the same order as on the Decimal path, so tier bands and table rows are recorded
 * identically; anything outside the subset (/, ^, other functions) is the Decimal closure of its whole subtree.
 */
export interface FastNode {
  /** A number is the node's value × 10^k; anything else is the Value the Decimal path gives. */
  ev: (s: CompiledScope) => number | Value;
  k: number;
}

export interface CompiledParts {
  byNode: Map<Node, Evaluator>;
  tables: PlanTables;
  rows: string[];
  names: string[];
}

/** An IF condition as the Decimal path reads it: a scaled number is true unless zero; an error stays the result. */
const truth = (x: number | Value): boolean | Value => (typeof x === 'number' ? x !== 0 : toBool(x));

const toV = (x: number | Value, k: number): Value => (typeof x === 'number' ? fromScaled(x, k) : x);

/** `x` at scale `from` rescaled to `to` (≥ from), or NaN when that leaves the safe integers. */
const up = (x: number, f: number): number => {
  const y = x * f;
  return Math.abs(y) <= MAX_SAFE ? y : Number.NaN;
};

/** What binding reads: the compiled formula, and the scales of its columns and names in this unit (−1: not fast). */
interface Ctx {
  parts: CompiledParts;
  rowScales: number[];
  nameScales: number[];
  /** Filled by a dry run at compile time: the columns and names read as numbers, and how many operations run fast. */
  used?: { rows: Set<number>; names: Set<number>; ops: number };
}

export function scaledPath(root: Node, parts: CompiledParts): { prepare(s: CompiledScope): Evaluator; fastRoot(s: CompiledScope): FastNode } {
  // Which columns and names the fast path reads as numbers: only those are scanned per unit (a text column compared
  // with a literal is not), and a formula with no fast operation (a bare RATE, a reference) skips the path entirely.
  const used = { rows: new Set<number>(), names: new Set<number>(), ops: 0 };
  bindValue(root, { parts, rowScales: parts.rows.map(() => 0), nameScales: parts.names.map(() => 0), used });
  const decimalRun = parts.byNode.get(root)!;
  // Bound trees by the scales of the formula's columns and names: units of one plan mostly share them.
  const bound = new Map<string, Evaluator>();
  const scales = (s: CompiledScope): Ctx => {
    const rowScales = parts.rows.map((_, i) => {
      if (!used.rows.has(i)) return -1;
      const col = scaledColumn(s.cols[i]!);
      (s.ints ??= [])[i] = col.ints;
      return col.scale;
    });
    const nameScales = parts.names.map((_, i) => {
      if (!used.names.has(i)) return -1;
      const v = s.names[i]!;
      const k = isDecimal(v) ? v.decimalPlaces() : -1;
      const n = k >= 0 && k <= MAX_SCALE ? toScaled(v as Decimal, k) : Number.NaN;
      (s.nameInts ??= [])[i] = n;
      return !Number.isNaN(n) ? k : -1;
    });
    return { parts, rowScales, nameScales };
  };
  const prepare = (s: CompiledScope): Evaluator => {
    if (used.ops === 0) return decimalRun;
    const ctx = scales(s);
    const key = `${ctx.rowScales.join(',')}|${ctx.nameScales.join(',')}`;
    let run = bound.get(key);
    if (!run) bound.set(key, (run = bindValue(root, ctx)));
    return run;
  };
  return { prepare, fastRoot: (s) => bindNode(root, scales(s)) };
}

/**
 * A node whose value is kept as a Value (the formula's result, an IF branch returned as it is): a reference or a RATE
 * gives its own Decimal (no integer round trip), arithmetic converts its integer result once.
 */
function bindValue(node: Node, ctx: Ctx): Evaluator {
  const decimal = ctx.parts.byNode.get(node)!;
  const numeric = (): Evaluator => {
    const f = bindNode(node, ctx);
    const { ev, k } = f;
    return k < 0 ? (ev as Evaluator) : (s) => toV(ev(s), k);
  };
  switch (node.k) {
    case 'binary':
    case 'unary':
    case 'percent':
      return numeric();
    case 'call': {
      if (node.fn === 'MIN' || node.fn === 'MAX') return numeric();
      if (node.fn === 'IF') {
        const c = bindNode(node.args[0]!, ctx);
        const then = bindValue(node.args[1]!, ctx);
        const otherwise = node.args[2] ? bindValue(node.args[2], ctx) : undefined;
        return (s) => {
          const cond = truth(c.ev(s));
          if (typeof cond !== 'boolean') return cond;
          return cond ? then(s) : otherwise ? otherwise(s) : false;
        };
      }
      if (node.fn === 'IFERROR') {
        const value = bindValue(node.args[0]!, ctx);
        const fallback = bindValue(node.args[1]!, ctx);
        return (s) => {
          const x = value(s);
          return isError(x) ? fallback(s) : x;
        };
      }
      return decimal;
    }
    default:
      return decimal;
  }
}

function bindNode(node: Node, ctx: Ctx): FastNode {
  const { parts, rowScales, nameScales } = ctx;
  const sub = (n: Node) => bindNode(n, ctx);
  const decimalOnly = (): FastNode => ({ ev: parts.byNode.get(node)!, k: -1 });
  switch (node.k) {
    case 'num': {
      const d = new Decimal(node.raw);
      const k = d.decimalPlaces();
      const n = k <= MAX_SCALE ? toScaled(d, k) : Number.NaN;
      return !Number.isNaN(n) ? { ev: () => n, k } : decimalOnly();
    }
    case 'row': {
      const i = parts.rows.indexOf(node.name);
      ctx.used?.rows.add(i);
      const k = rowScales[i]!;
      if (k < 0) return decimalOnly();
      return {
        ev: (s) => {
          const n = s.ints![i]![s.r]!;
          return !Number.isNaN(n) ? n : s.cols[i]![s.r]!;
        },
        k,
      };
    }
    case 'name': {
      const i = parts.names.indexOf(node.name);
      ctx.used?.names.add(i);
      const k = nameScales[i]!;
      if (k < 0) return decimalOnly();
      return {
        ev: (s) => {
          const n = s.nameInts![i]!;
          return !Number.isNaN(n) ? n : s.names[i]!;
        },
        k,
      };
    }
    case 'unary': {
      if (ctx.used) ctx.used.ops++;
      const a = sub(node.arg);
      const negate = node.op === '-';
      return {
        ev: (s) => {
          const x = a.ev(s);
          return typeof x === 'number' ? (negate ? -x : x) : applyUnary(negate, x);
        },
        k: a.k,
      };
    }
    case 'percent': {
      // x% is x / 100: the same integer two places further right.
      if (ctx.used) ctx.used.ops++;
      const a = sub(node.arg);
      if (a.k >= 0 && a.k + 2 <= MAX_SCALE) {
        return {
          ev: (s) => {
            const x = a.ev(s);
            return typeof x === 'number' ? x : applyPercent(x);
          },
          k: a.k + 2,
        };
      }
      return { ev: (s) => applyPercent(toV(a.ev(s), a.k)), k: -1 };
    }
    case 'binary': {
      const fast = bindBinary(node.op, sub(node.left), sub(node.right));
      if (ctx.used && node.op !== '/' && node.op !== '^' && node.op !== '&') ctx.used.ops++;
      return fast;
    }
    case 'call': {
      if (ctx.used && (node.fn === 'MIN' || node.fn === 'MAX')) ctx.used.ops++;
      return bindCall(node, parts, sub) ?? decimalOnly();
    }
    default:
      return decimalOnly();
  }
}

function bindBinary(op: BinaryOp, l: FastNode, r: FastNode): FastNode {
  const apply = applyBinary(op);
  const mixed: FastNode = {
    ev: (s) => {
      const a = l.ev(s);
      const b = r.ev(s);
      return apply(toV(a, l.k), toV(b, r.k));
    },
    k: -1,
  };
  if (l.k < 0 || r.k < 0) return mixed;
  if (op === '*') {
    const k = l.k + r.k;
    if (k > MAX_SCALE) return mixed;
    return {
      ev: (s) => {
        const a = l.ev(s);
        const b = r.ev(s);
        if (typeof a === 'number' && typeof b === 'number' && Math.abs(a) <= MAX_SAFE / Math.abs(b)) {
          // The bound is checked before multiplying; the division above rounds, so the product is checked too (a
          // product of exact integers beyond 2^53 − 1 never rounds back below it).
          const c = a * b;
          if (Math.abs(c) <= MAX_SAFE) return c;
        }
        return apply(toV(a, l.k), toV(b, r.k));
      },
      k,
    };
  }
  const k = Math.max(l.k, r.k);
  const fl = POW10[k - l.k]!;
  const fr = POW10[k - r.k]!;
  if (op === '+' || op === '-') {
    const minus = op === '-';
    return {
      ev: (s) => {
        const a = l.ev(s);
        const b = r.ev(s);
        if (typeof a === 'number' && typeof b === 'number') {
          const x = up(a, fl);
          const y = up(b, fr);
          // NaN (a rescale that overflowed) fails the test below, as does a sum beyond 2^53 − 1.
          const c = minus ? x - y : x + y;
          if (Math.abs(c) <= MAX_SAFE) return c;
        }
        return apply(toV(a, l.k), toV(b, r.k));
      },
      k,
    };
  }
  if (op === '=' || op === '<>' || op === '<' || op === '>' || op === '<=' || op === '>=') {
    const test = comparisonTest(op);
    return {
      ev: (s) => {
        const a = l.ev(s);
        const b = r.ev(s);
        if (typeof a === 'number' && typeof b === 'number') {
          const x = up(a, fl);
          const y = up(b, fr);
          if (!Number.isNaN(x) && !Number.isNaN(y)) return test(x < y ? -1 : x > y ? 1 : 0);
        }
        return apply(toV(a, l.k), toV(b, r.k));
      },
      k: -1,
    };
  }
  return mixed;
}

/** A branch's result rescaled to the scale `k` of the node that returns it (or as its Decimal, when it would overflow). */
function atScale(n: FastNode, k: number): (s: CompiledScope) => number | Value {
  if (n.k < 0 || n.k === k) return n.ev;
  const f = POW10[k - n.k]!;
  const from = n.k;
  return (s) => {
    const x = n.ev(s);
    if (typeof x !== 'number') return x;
    const y = up(x, f);
    return !Number.isNaN(y) ? y : fromScaled(x, from);
  };
}

/** The largest scale among the nodes that can give numbers, −1 when none can. */
const widest = (nodes: FastNode[]): number => nodes.reduce((k, n) => Math.max(k, n.k), -1);

function bindCall(node: Extract<Node, { k: 'call' }>, parts: CompiledParts, sub: (n: Node) => FastNode): FastNode | undefined {
  switch (node.fn) {
    case 'IF': {
      const [c, t, e] = node.args.map(sub) as [FastNode, FastNode, FastNode | undefined];
      const k = widest(e ? [t, e] : [t]);
      const then = atScale(t, k);
      const otherwise = e ? atScale(e, k) : undefined;
      return {
        ev: (s) => {
          const cond = truth(c.ev(s));
          if (typeof cond !== 'boolean') return cond;
          return cond ? then(s) : otherwise ? otherwise(s) : false;
        },
        k,
      };
    }
    case 'IFERROR': {
      const [v, f] = node.args.map(sub) as [FastNode, FastNode];
      const k = widest([v, f]);
      const value = atScale(v, k);
      const fallback = atScale(f, k);
      return {
        ev: (s) => {
          const x = value(s);
          return typeof x !== 'number' && isError(x) ? fallback(s) : x;
        },
        k,
      };
    }
    case 'MIN':
    case 'MAX':
      // Whole columns keep the Decimal path (they are ranges, not scalars).
      return node.args.some((a) => a.k === 'col') ? undefined : bindMinMax(node, parts, node.args.map(sub));
    case 'RATE':
      return bindRate(node, parts);
    default:
      return undefined;
  }
}

function bindMinMax(node: Extract<Node, { k: 'call' }>, parts: CompiledParts, args: FastNode[]): FastNode {
  const k = args.every((a) => a.k >= 0) ? widest(args) : -1;
  const factors = args.map((a) => (k >= 0 ? POW10[k - a.k]! : 1));
  const min = node.fn === 'MIN';
  return {
    ev: (s) => {
      const xs = args.map((a) => a.ev(s));
      if (k >= 0) {
        let m = Number.NaN;
        let exact = true;
        for (let i = 0; i < xs.length && exact; i++) {
          const x = xs[i]!;
          const y = typeof x === 'number' ? up(x, factors[i]!) : Number.NaN;
          if (Number.isNaN(y)) exact = false;
          // As the interpreter's reduce: the first of equal values is kept.
          else if (i === 0 || (min ? y < m : y > m)) m = y;
        }
        if (exact) return m;
      }
      const values = xs.map((x, i) => toV(x, args[i]!.k));
      return call(node, s, parts.tables, (n) => values[node.args.indexOf(n)]!);
    },
    k,
  };
}

/** RATE gives one of its table column's cells: their scale is the column's, their integers computed once. */
function bindRate(node: Extract<Node, { k: 'call' }>, parts: CompiledParts): FastNode | undefined {
  const ref = node.args[0]!;
  const table = ref.k === 'col' ? parts.tables.lookups.get(ref.table) : undefined;
  if (!table || ref.k !== 'col') return undefined;
  const cells = table.values.map((row) => row[ref.name] ?? null);
  const k = cells.reduce<number>((m, v) => (isDecimal(v) ? Math.max(m, v.decimalPlaces()) : m), 0);
  if (k > MAX_SCALE) return undefined;
  const ints = new Map<Value, number>();
  for (const v of cells) if (isDecimal(v)) ints.set(v, toScaled(v, k));
  const rate = parts.byNode.get(node)!;
  return {
    ev: (s) => {
      const v = rate(s);
      const n = ints.get(v);
      return n !== undefined && !Number.isNaN(n) ? n : v;
    },
    k,
  };
}
