import { Decimal } from '../money.js';
import type { LookupTable, Plan, TierTable } from '../schema/plan.js';
import type { TraceBand, TraceLookup } from '../schema/trace.js';
import type { Node } from './ast.js';
import { plainNumber } from './decimalWords.js';
import { FUNCTIONS } from './functions.js';
import { lookupKey } from '../plan/lookupKey.js';

/**
 * The exact-decimal interpreter of the formula subset. HyperFormula is the spreadsheet engine of record; this
 * interpreter gives each payout its exact decimal value (no binary floating point), the tier bands and table rows a
 * formula used (for the trace), and evaluates line-sheet filters before rows reach the workbook.
 */
/**
 * A formula's error as a value: the spreadsheet code (`#N/A`), what went wrong in English (`message`, what traces
 * show), and in Italian (`it`, for the line issues a run reports in both languages; never written to a trace or a
 * statement's values). `it` is absent only on error values made elsewhere (HyperFormula's, a test's).
 */
export type ErrorValue = { error: string; message: string; it?: string };
export type Range = { range: Value[] };
export type Value = Decimal | string | boolean | null | ErrorValue | Range;

export const isError = (v: Value): v is ErrorValue => typeof v === 'object' && v !== null && 'error' in v;
export const isRange = (v: Value): v is Range => typeof v === 'object' && v !== null && 'range' in v;
export const isDecimal = (v: Value): v is Decimal => v instanceof Decimal;

/**
 * An error value: its code, its English text and its Italian text (called only when a formula fails). Every call in
 * core gives the Italian (tests/lineIssuesInItalian.test.ts reads them all); it is optional for callers outside.
 */
export const err = (error: string, message: string, it?: string): ErrorValue => (it === undefined ? { error, message } : { error, message, it });

/**
 * a^b as a spreadsheet gives it. decimal.js answers a negative base to a fractional power with NaN and zero to a
 * negative power with Infinity, which no amount can be (a NaN reached the rounding and threw, stopping the whole run);
 * HyperFormula and Excel answer #NUM! and #DIV/0!, a line issue like any other formula error.
 */
export function power(a: Decimal, b: Decimal): Value {
  if (a.isZero() && b.isNeg()) return err('#DIV/0!', 'zero to a negative power', 'zero elevato a una potenza negativa');
  const p = a.pow(b);
  if (p.isFinite()) return p;
  return a.isNeg()
    ? err('#NUM!', 'a negative number to a fractional power', 'un numero negativo elevato a una potenza non intera')
    : err('#NUM!', 'a power too large to compute', 'una potenza troppo grande da calcolare');
}

/** An error value's Italian text (its English one for an error value made without). */
export const errorTextIt = (e: ErrorValue): string => e.it ?? e.message;

/** The Italian name of a function, for the Italian texts of its errors (Italian users write formulas with it). */
const italianName = (fn: string): string => (Object.hasOwn(FUNCTIONS, fn) ? FUNCTIONS[fn]!.it : undefined) ?? fn;

/** The texts of a whole column met where one value is expected (the compiled path makes the same error). */
export const WHOLE_COLUMN = 'a whole column where a single value is expected';
export const WHOLE_COLUMN_IT = 'una colonna intera dove serve un valore singolo';

/** RATE given something else than a table column (the compiled path makes the same error). */
export const rateNeedsColumn = (): ErrorValue => err('#VALUE!', 'RATE needs a table column', 'TARIFFA richiede una colonna di una tabella');

/** RATE naming a table the plan has not (the compiled path makes the same error). */
export const unknownTable = (table: string): ErrorValue => err('#REF!', `unknown table ${table}`, `tabella sconosciuta ${table}`);

/** No row of a lookup table has a RATE's keys (`keys`: as the trace shows them). */
export function noRowMatches(table: string, keys: ReadonlyArray<ReturnType<typeof toJson>>): ErrorValue {
  const shown = keys.map((k) => JSON.stringify(k)).join(' × ');
  return err('#N/A', `no row of ${table} matches ${shown}`, `nessuna riga di ${table} corrisponde a ${shown}`);
}

/** TIER.* given something else than a tier table. */
export const needsTierTable = (fn: string): ErrorValue => err('#VALUE!', `${fn} needs a tier table`, `${italianName(fn)} richiede una tabella a scaglioni`);

/** A quantity below the first band of a tier table (`from`: where that band starts). */
export const belowFirstBand = (quantity: string, table: string, from: string): ErrorValue =>
  err('#N/A', `${quantity} is below the first band of ${table} (from ${from})`, `${quantity} è sotto il primo scaglione di ${table} (che parte da ${from})`);

/** Where the interpreter reads references from. */
export interface Scope {
  row(name: string): Value;
  column(sheet: string, name: string): Range;
  name(name: string): Value;
  /** Records the tier bands and table rows used, for the trace. */
  onBand?(band: TraceBand): void;
  onLookup?(lookup: TraceLookup): void;
}

/** Prepared lookup indexes of a plan's tables, built once per plan. */
export interface PlanTables {
  lookups: Map<string, { table: LookupTable; index: Map<string, number>; values: Array<Record<string, Value>> }>;
  tiers: Map<string, { table: TierTable; from: Decimal[]; rate: Decimal[]; base: Decimal[] }>;
}

export function prepareTables(plan: Plan): PlanTables {
  const lookups: PlanTables['lookups'] = new Map();
  const tiers: PlanTables['tiers'] = new Map();
  for (const [name, t] of Object.entries(plan.tables)) {
    if (t.kind === 'lookup') {
      const index = new Map<string, number>();
      t.rows.forEach((row, i) => index.set(lookupKey(t.keys.map((k) => row[k] ?? null)), i));
      // Table cells are JSON (numbers often as decimal strings): type them once by their declared column type.
      const values = t.rows.map((row) =>
        Object.fromEntries(
          Object.entries(t.columns).map(([c, spec]) => {
            const v = row[c];
            const numeric = spec.type !== 'text' && spec.type !== 'boolean';
            return [c, numeric && (typeof v === 'string' || typeof v === 'number') && v !== '' ? new Decimal(String(v)) : toValue(v)];
          }),
        ),
      );
      lookups.set(name, { table: t, index, values });
    } else {
      const from = t.bands.map((b) => new Decimal(b.from));
      const rate = t.bands.map((b) => new Decimal(b.rate));
      // base[i]: what the bands below i pay in full (marginal tiers).
      const base: Decimal[] = [new Decimal(0)];
      for (let i = 1; i < from.length; i++) base.push(base[i - 1]!.plus(from[i]!.minus(from[i - 1]!).times(rate[i - 1]!)));
      tiers.set(name, { table: t, from, rate, base });
    }
  }
  return { lookups, tiers };
}

/** Converts a raw JSON / engine value to an interpreter value. */
export function toValue(v: unknown): Value {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? new Decimal(String(v)) : err('#NUM!', 'not a finite number', 'non è un numero finito');
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Decimal) return v;
  return String(v);
}

/** A value as JSON for the trace: numbers as JS numbers when exact, else decimal strings. */
export function toJson(v: Value): string | number | boolean | null {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (isError(v)) return v.error;
  if (isRange(v)) return null;
  // One decimal string (toNumber and each toString build their own); -0 stays -0, as toNumber() gives it.
  if (v.isZero()) return v.isNeg() ? -0 : 0;
  const plain = plainNumber(v);
  if (plain !== undefined) return plain;
  const text = v.toString();
  const n = Number(text);
  return String(n) === text ? n : text;
}

export function toNumber(v: Value): Decimal | ErrorValue {
  if (v === null) return new Decimal(0);
  if (isDecimal(v)) return v;
  if (typeof v === 'boolean') return new Decimal(v ? 1 : 0);
  if (isError(v)) return v;
  if (isRange(v)) return err('#VALUE!', WHOLE_COLUMN, WHOLE_COLUMN_IT);
  const s = v.trim();
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return new Decimal(s);
  return err('#VALUE!', `"${v}" is not a number`, `"${v}" non è un numero`);
}

export function toBool(v: Value): boolean | ErrorValue {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (isDecimal(v)) return !v.isZero();
  if (isError(v)) return v;
  if (isRange(v)) return err('#VALUE!', 'a whole column where a condition is expected', 'una colonna intera dove serve una condizione');
  const u = v.toUpperCase();
  if (u === 'TRUE') return true;
  if (u === 'FALSE') return false;
  return err('#VALUE!', `"${v}" is not TRUE or FALSE`, `"${v}" non è VERO o FALSO`);
}

export function toText(v: Value): string | ErrorValue {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (isError(v)) return v;
  if (isRange(v)) return err('#VALUE!', WHOLE_COLUMN, WHOLE_COLUMN_IT);
  return v.toString();
}

function typeRank(v: Value): number {
  if (isDecimal(v)) return 0;
  if (typeof v === 'string') return 1;
  return 2;
}

/** Excel comparison: numbers < text < booleans; text case-insensitive; blank is 0 or "" as the other side needs. */
export function compare(a: Value, b: Value): number {
  if (a === null) a = b !== null && typeof b === 'string' ? '' : b !== null && typeof b === 'boolean' ? false : new Decimal(0);
  if (b === null) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : new Decimal(0);
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (isDecimal(a) && isDecimal(b)) return a.comparedTo(b);
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return Number(a) - Number(b);
}

const EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

/** Excel date serial (1899-12-30 epoch) of an ISO date. */
export function dateToSerial(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - EPOCH) / DAY);
}

/** ISO date of an Excel date serial. */
export function serialToDate(serial: number): string {
  return new Date(EPOCH + Math.floor(serial) * DAY).toISOString().slice(0, 10);
}

/** Parses an Excel criterion (">10", "<>x", "activated", 5) into a predicate. */
export function criterion(c: Value): (v: Value) => boolean {
  if (isDecimal(c) || typeof c === 'boolean' || c === null) return (v) => v !== null && compare(v, c) === 0;
  if (isError(c) || isRange(c)) return () => false;
  const m = /^(<=|>=|<>|=|<|>)?(.*)$/s.exec(c)!;
  const op = m[1] ?? '=';
  const raw = m[2]!;
  const operand: Value = /^-?\d+(\.\d+)?$/.test(raw.trim()) ? new Decimal(raw.trim()) : raw.toUpperCase() === 'TRUE' ? true : raw.toUpperCase() === 'FALSE' ? false : raw;
  const wildcard = typeof operand === 'string' && /[*?]/.test(operand);
  const re = wildcard ? new RegExp(`^${operand.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'is') : undefined;
  return (v) => {
    if (op === '=' && raw === '') return v === null || v === '';
    if (op === '<>' && raw === '') return v !== null && v !== '';
    if (v === null) return op === '<>';
    if (re) {
      const hit = typeof v === 'string' && re.test(v);
      return op === '<>' ? !hit : op === '=' ? hit : false;
    }
    if (typeRank(v) !== typeRank(operand)) return op === '<>';
    const c2 = compare(v, operand);
    switch (op) {
      case '=': return c2 === 0;
      case '<>': return c2 !== 0;
      case '<': return c2 < 0;
      case '>': return c2 > 0;
      case '<=': return c2 <= 0;
      default: return c2 >= 0;
    }
  };
}

/** Flattens arguments for aggregates: direct scalars count as given; in ranges only numbers (or booleans for AND/OR). */
function* flatten(values: Value[]): Generator<{ v: Value; direct: boolean }> {
  for (const v of values) {
    if (isRange(v)) for (const x of v.range) yield { v: x, direct: false };
    else yield { v, direct: true };
  }
}

function numbersOf(values: Value[]): Decimal[] | ErrorValue {
  const out: Decimal[] = [];
  for (const { v, direct } of flatten(values)) {
    if (isError(v)) return v;
    if (isDecimal(v)) out.push(v);
    else if (direct) {
      const n = toNumber(v);
      if (isError(n)) return n;
      out.push(n);
    }
  }
  return out;
}

const ROUNDING = { ROUND: Decimal.ROUND_HALF_UP, ROUNDUP: Decimal.ROUND_UP, ROUNDDOWN: Decimal.ROUND_DOWN } as const;

function roundTo(x: Decimal, digits: number, mode: (typeof ROUNDING)[keyof typeof ROUNDING]): Decimal {
  if (digits >= 0) return x.toDecimalPlaces(digits, mode);
  const f = new Decimal(10).pow(-digits);
  return x.div(f).toDecimalPlaces(0, mode).times(f);
}

const literals = new WeakMap<Node, Decimal>();

/** Evaluates a formula tree exactly. Errors are values (like a spreadsheet), never exceptions. */
export function interpret(node: Node, scope: Scope, tables: PlanTables): Value {
  switch (node.k) {
    case 'num': {
      let d = literals.get(node);
      if (!d) literals.set(node, (d = new Decimal(node.raw)));
      return d;
    }
    case 'str':
      return node.value;
    case 'bool':
      return node.value;
    case 'row':
      return scope.row(node.name);
    case 'col': {
      const lookup = tables.lookups.get(node.table);
      if (lookup) return { range: lookup.values.map((r) => r[node.name] ?? null) };
      return scope.column(node.table, node.name);
    }
    case 'name':
      return scope.name(node.name);
    case 'unary': {
      const v = toNumber(interpret(node.arg, scope, tables));
      return isError(v) ? v : node.op === '-' ? v.neg() : v;
    }
    case 'percent': {
      const v = toNumber(interpret(node.arg, scope, tables));
      return isError(v) ? v : v.div(100);
    }
    case 'binary': {
      const l = interpret(node.left, scope, tables);
      const r = interpret(node.right, scope, tables);
      if (isError(l)) return l;
      if (isError(r)) return r;
      if (node.op === '&') {
        const a = toText(l);
        const b = toText(r);
        return isError(a) ? a : isError(b) ? b : a + b;
      }
      if (['=', '<>', '<', '>', '<=', '>='].includes(node.op)) {
        if (isRange(l) || isRange(r)) return err('#VALUE!', WHOLE_COLUMN, WHOLE_COLUMN_IT);
        const c = compare(l, r);
        switch (node.op) {
          case '=': return c === 0;
          case '<>': return c !== 0;
          case '<': return c < 0;
          case '>': return c > 0;
          case '<=': return c <= 0;
          default: return c >= 0;
        }
      }
      const a = toNumber(l);
      const b = toNumber(r);
      if (isError(a)) return a;
      if (isError(b)) return b;
      switch (node.op) {
        case '+': return a.plus(b);
        case '-': return a.minus(b);
        case '*': return a.times(b);
        case '/': return b.isZero() ? err('#DIV/0!', 'division by zero', 'divisione per zero') : a.div(b);
        default: return power(a, b);
      }
    }
    case 'call':
      return call(node, scope, tables, (n: Node): Value => interpret(n, scope, tables));
  }
}

export function call(node: Extract<Node, { k: 'call' }>, scope: Scope, tables: PlanTables, ev: (n: Node) => Value): Value {
  const { fn, args } = node;
  switch (fn) {
    case 'IF': {
      const c = toBool(ev(args[0]!));
      if (isError(c)) return c;
      return c ? ev(args[1]!) : args[2] ? ev(args[2]) : false;
    }
    case 'IFERROR': {
      const v = ev(args[0]!);
      return isError(v) ? ev(args[1]!) : v;
    }
    case 'NOT': {
      const c = toBool(ev(args[0]!));
      return isError(c) ? c : !c;
    }
    case 'ISBLANK':
      // Blank is "no value" (an empty cell, a missing optional field): "" and 0 are values, as in spreadsheets.
      return ev(args[0]!) === null;
    case 'AND':
    case 'OR': {
      let acc = fn === 'AND';
      for (const { v } of flatten(args.map(ev))) {
        if (isError(v)) return v;
        if (v === null || typeof v === 'string') continue;
        const b = toBool(v);
        if (isError(b)) return b;
        acc = fn === 'AND' ? acc && b : acc || b;
      }
      return acc;
    }
    case 'SUM':
    case 'MIN':
    case 'MAX':
    case 'AVERAGE': {
      const nums = numbersOf(args.map(ev));
      if (!Array.isArray(nums)) return nums;
      if (fn === 'SUM') return nums.reduce((s, x) => s.plus(x), new Decimal(0));
      if (nums.length === 0) return fn === 'AVERAGE' ? err('#DIV/0!', 'AVERAGE of no numbers', 'MEDIA senza alcun numero') : new Decimal(0);
      if (fn === 'AVERAGE') return nums.reduce((s, x) => s.plus(x), new Decimal(0)).div(nums.length);
      return nums.reduce((m, x) => (fn === 'MIN' ? (x.lt(m) ? x : m) : x.gt(m) ? x : m));
    }
    case 'COUNT':
    case 'COUNTA': {
      let count = 0;
      for (const { v, direct } of flatten(args.map(ev))) {
        if (fn === 'COUNTA') {
          if (v !== null) count++;
        } else if (isDecimal(v) || (direct && !isError(v) && !isError(toNumber(v)) && v !== null && typeof v !== 'boolean')) count++;
      }
      return new Decimal(count);
    }
    case 'COUNTIF':
    case 'COUNTIFS':
    case 'SUMIF':
    case 'SUMIFS':
    case 'AVERAGEIF':
      return conditionalAggregate(fn, args.map(ev));
    case 'ROUND':
    case 'ROUNDUP':
    case 'ROUNDDOWN': {
      const x = toNumber(ev(args[0]!));
      const d = toNumber(ev(args[1]!));
      if (isError(x)) return x;
      if (isError(d)) return d;
      return roundTo(x, d.trunc().toNumber(), ROUNDING[fn]);
    }
    case 'ABS':
    case 'INT': {
      const x = toNumber(ev(args[0]!));
      if (isError(x)) return x;
      return fn === 'ABS' ? x.abs() : x.floor();
    }
    case 'MOD': {
      const a = toNumber(ev(args[0]!));
      const b = toNumber(ev(args[1]!));
      if (isError(a)) return a;
      if (isError(b)) return b;
      if (b.isZero()) return err('#DIV/0!', 'MOD by zero', 'RESTO con divisore zero');
      return a.minus(b.times(a.div(b).floor()));
    }
    case 'DATE': {
      const [y, m, d] = args.map((a) => toNumber(ev(a)));
      for (const x of [y, m, d]) if (isError(x!)) return x as ErrorValue;
      const ms = Date.UTC((y as Decimal).toNumber(), (m as Decimal).toNumber() - 1, (d as Decimal).toNumber());
      return new Decimal(Math.round((ms - EPOCH) / DAY));
    }
    case 'YEAR':
    case 'MONTH':
    case 'DAY': {
      const x = toNumber(ev(args[0]!));
      if (isError(x)) return x;
      const iso = serialToDate(x.toNumber());
      const part = fn === 'YEAR' ? iso.slice(0, 4) : fn === 'MONTH' ? iso.slice(5, 7) : iso.slice(8, 10);
      return new Decimal(Number(part));
    }
    case 'DAYS': {
      const a = toNumber(ev(args[0]!));
      const b = toNumber(ev(args[1]!));
      if (isError(a)) return a;
      if (isError(b)) return b;
      return a.floor().minus(b.floor());
    }
    case 'RATE':
      return rateLookup(args, scope, tables, ev);
    case 'TIER.AMOUNT':
    case 'TIER.RATE':
    case 'TIER.BAND':
      return tierValue(fn, args, scope, tables, ev);
    default:
      return err('#NAME?', `unknown function ${fn}`, `funzione sconosciuta ${italianName(fn)}`);
  }
}

/** COUNTIF(S), SUMIF(S) and AVERAGEIF over their evaluated arguments: (range, criterion) pairs, and a range to sum. */
function conditionalAggregate(fn: 'COUNTIF' | 'COUNTIFS' | 'SUMIF' | 'SUMIFS' | 'AVERAGEIF', values: Value[]): Value {
  let pairs: Array<[Value, Value]>;
  let sumRange: Value | undefined;
  if (fn === 'SUMIFS') {
    sumRange = values[0];
    pairs = [];
    for (let i = 1; i + 1 < values.length; i += 2) pairs.push([values[i]!, values[i + 1]!]);
  } else if (fn === 'COUNTIFS') {
    pairs = [];
    for (let i = 0; i + 1 < values.length; i += 2) pairs.push([values[i]!, values[i + 1]!]);
  } else {
    pairs = [[values[0]!, values[1]!]];
    sumRange = values[2] ?? values[0];
  }
  const ranges = pairs.map(([r]) => (isRange(r) ? r.range : [r]));
  for (const [, c] of pairs) if (isError(c)) return c;
  const tests = pairs.map(([, c]) => criterion(c));
  const length = ranges[0]!.length;
  const target = sumRange === undefined ? undefined : isRange(sumRange) ? sumRange.range : [sumRange];
  let count = 0;
  let sum = new Decimal(0);
  for (let i = 0; i < length; i++) {
    if (!tests.every((t, j) => t(ranges[j]![i] ?? null))) continue;
    const v = target?.[i] ?? null;
    if (fn === 'COUNTIF' || fn === 'COUNTIFS') count++;
    else if (isDecimal(v)) {
      sum = sum.plus(v);
      count++;
    } else if (isError(v)) return v;
  }
  if (fn === 'COUNTIF' || fn === 'COUNTIFS') return new Decimal(count);
  if (fn === 'AVERAGEIF') return count === 0 ? err('#DIV/0!', 'AVERAGEIF matched no numbers', 'MEDIA.SE non ha trovato alcun numero') : sum.div(count);
  return sum;
}

/** RATE(Table[Column], key, …): the column's value in the row of the lookup table whose keys match, reported to the trace. */
function rateLookup(args: Node[], scope: Scope, tables: PlanTables, ev: (n: Node) => Value): Value {
  const ref = args[0]!;
  if (ref.k !== 'col') return rateNeedsColumn();
  const t = tables.lookups.get(ref.table);
  if (!t) return unknownTable(ref.table);
  const keys = args.slice(1).map(ev);
  for (const k of keys) if (isError(k)) return k;
  const keyJson = keys.map((k) => toJson(k));
  const rowIndex = t.index.get(lookupKey(keys.map((k) => (isDecimal(k) ? k.toString() : k))));
  const value = rowIndex === undefined ? noRowMatches(ref.table, keyJson) : (t.values[rowIndex]![ref.name] ?? null);
  scope.onLookup?.({ column: ref.name, keys: keyJson, row: rowIndex ?? null, table: ref.table, value: toJson(value) });
  return value;
}

/** TIER.AMOUNT, TIER.RATE and TIER.BAND of a quantity in a tier table, the band reported to the trace. */
function tierValue(fn: 'TIER.AMOUNT' | 'TIER.RATE' | 'TIER.BAND', args: Node[], scope: Scope, tables: PlanTables, ev: (n: Node) => Value): Value {
  const ref = args[0]!;
  const t = ref.k === 'name' ? tables.tiers.get(ref.name) : undefined;
  if (!t || ref.k !== 'name') return needsTierTable(fn);
  const q = toNumber(ev(args[1]!));
  if (isError(q)) return q;
  let i = -1;
  for (let j = 0; j < t.from.length; j++) if (t.from[j]!.lte(q)) i = j;
  if (i < 0) return belowFirstBand(q.toString(), ref.name, t.from[0]!.toString());
  const rate = t.rate[i]!;
  scope.onBand?.({
    from: t.from[i]!.toString(),
    index: i + 1,
    mode: t.table.mode,
    quantity: q.toString(),
    rate: rate.toString(),
    table: ref.name,
    to: t.from[i + 1]?.toString() ?? null,
  });
  if (fn === 'TIER.RATE') return rate;
  if (fn === 'TIER.BAND') return new Decimal(i + 1);
  return t.table.mode === 'retroactive' ? q.times(rate) : t.base[i]!.plus(q.minus(t.from[i]!).times(rate));
}
