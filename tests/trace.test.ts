/**
 * Issue 2 §4: every line's amount of the whole sample period is re-derived from its trace alone, by code written
 * here and sharing nothing with core's parser or interpreter: a small tokenizer, parser and evaluator for the
 * formula subset the sample plans use, decimal.js for arithmetic, and only what the trace records
 * (`cells[i].inputs` for facts and parameters, earlier trace cells for referenced cells, `cells[i].lookups` for RATE,
 * `cells[i].bands` plus the plan's tier table for TIER.*, `rounding` for the final rounding).
 *
 * A value the trace does not carry is never taken from elsewhere: it is listed as a missing trace field and the
 * test fails, naming the plan, cell and input (see `missing` below).
 */
import { createRequire } from 'node:module';
import { evaluate, explain, type Decimal as CoreDecimal, type FactSchemaInput, type PlanInput, type RunResult, type StatementLine, type TraceCell } from '@provvigo/core';
import { generateSample, loadFactSchema, loadPlans, type Sample } from '@provvigo/example-utility';
import { beforeAll, describe, expect, it } from 'vitest';

// decimal.js itself (not core's clone, not core's money helpers), resolved through core's own dependency.
const coreRequire = createRequire(createRequire(import.meta.url).resolve('@provvigo/core/package.json'));
const D = (coreRequire('decimal.js') as { clone(config: object): typeof CoreDecimal }).clone({ precision: 40, rounding: 4 });
type Dec = InstanceType<typeof D>;

// The sample's default network (320 partners) over one realistic month; 10,000 commissionable records give ~16,000
// statement lines of all eight payouts (contract commissions, bonuses, quality, SLA and volume adjustments).
const SAMPLE = { seed: 2026, partners: 320, lines: 10_000, period: '2026-10' } as const;

// ---------------------------------------------------------------------------------------------------------------
// An independent formula reader: tokenizer + precedence-climbing parser for the canonical (English) syntax.
// ---------------------------------------------------------------------------------------------------------------

type Ast =
  | { t: 'num'; text: string }
  | { t: 'str'; value: string }
  | { t: 'bool'; value: boolean }
  | { t: 'row'; name: string }
  | { t: 'range'; sheet: string; name: string }
  | { t: 'name'; name: string }
  | { t: 'call'; fn: string; args: Ast[] }
  | { t: 'neg'; arg: Ast }
  | { t: 'pct'; arg: Ast }
  | { t: 'op'; op: string; l: Ast; r: Ast };

type Token = { k: 'num' | 'str' | 'row' | 'range' | 'id' | 'op' | '(' | ')' | ',' | 'end'; v: string; w?: string };

function tokens(src: string): Token[] {
  const out: Token[] = [];
  const re =
    /\s+|(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|"((?:[^"]|"")*)"|\[@\[?([A-Za-z_]\w*)\]?\]|([A-Za-z_][\w.]*)\[([A-Za-z_]\w*)\]|([A-Za-z_][\w.]*)|(<=|>=|<>|[-+*/^&=<>%])|([(),])/y;
  let i = src.startsWith('=') ? 1 : 0;
  while (i < src.length) {
    re.lastIndex = i;
    const m = re.exec(src);
    if (!m) throw new Error(`cannot read ${JSON.stringify(src)} at ${i}`);
    i = re.lastIndex;
    if (m[1] !== undefined) out.push({ k: 'num', v: m[1] });
    else if (m[2] !== undefined) out.push({ k: 'str', v: m[2].replace(/""/g, '"') });
    else if (m[3] !== undefined) out.push({ k: 'row', v: m[3] });
    else if (m[4] !== undefined) out.push({ k: 'range', v: m[4], w: m[5]! });
    else if (m[6] !== undefined) out.push({ k: 'id', v: m[6] });
    else if (m[7] !== undefined) out.push({ k: 'op', v: m[7] });
    else if (m[8] !== undefined) out.push({ k: m[8] as '(' | ')' | ',', v: m[8] });
  }
  out.push({ k: 'end', v: '' });
  return out;
}

const LEVELS = [['=', '<>', '<', '>', '<=', '>='], ['&'], ['+', '-'], ['*', '/'], ['^']];

function parse(formula: string): Ast {
  const ts = tokens(formula);
  let p = 0;
  const take = (k: Token['k']): Token => {
    const t = ts[p++]!;
    if (t.k !== k) throw new Error(`expected ${k} in ${formula}, found ${t.k} ${t.v}`);
    return t;
  };
  const level = (n: number): Ast => {
    if (n === LEVELS.length) return unary();
    let l = level(n + 1);
    while (ts[p]!.k === 'op' && LEVELS[n]!.includes(ts[p]!.v)) {
      const op = ts[p++]!.v;
      l = { t: 'op', op, l, r: level(n + 1) };
    }
    return l;
  };
  const unary = (): Ast => {
    const t = ts[p]!;
    if (t.k === 'op' && (t.v === '-' || t.v === '+')) {
      p++;
      const arg = unary();
      return t.v === '-' ? { t: 'neg', arg } : arg;
    }
    let a = primary();
    while (ts[p]!.k === 'op' && ts[p]!.v === '%') {
      p++;
      a = { t: 'pct', arg: a };
    }
    return a;
  };
  const primary = (): Ast => {
    const t = ts[p++]!;
    switch (t.k) {
      case 'num':
        return { t: 'num', text: t.v };
      case 'str':
        return { t: 'str', value: t.v };
      case 'row':
        return { t: 'row', name: t.v };
      case 'range':
        return { t: 'range', sheet: t.v, name: t.w! };
      case '(': {
        const e = level(0);
        take(')');
        return e;
      }
      case 'id': {
        if (ts[p]!.k === '(') {
          p++;
          const args: Ast[] = [];
          if (ts[p]!.k !== ')') {
            args.push(level(0));
            while (ts[p]!.k === ',') {
              p++;
              args.push(level(0));
            }
          }
          take(')');
          return { t: 'call', fn: t.v.toUpperCase(), args };
        }
        const u = t.v.toUpperCase();
        if (u === 'TRUE' || u === 'FALSE') return { t: 'bool', value: u === 'TRUE' };
        return { t: 'name', name: t.v };
      }
      default:
        throw new Error(`unexpected ${t.k} ${t.v} in ${formula}`);
    }
  };
  const root = level(0);
  take('end');
  return root;
}

// ---------------------------------------------------------------------------------------------------------------
// An independent evaluator over one trace.
// ---------------------------------------------------------------------------------------------------------------

type Val = Dec | string | boolean | null;
type Json = string | number | boolean | null;

/** A value the trace should carry and does not: re-derivation cannot go on without it. */
class MissingInTrace extends Error {}
/** A cell whose value cannot be re-derived (a missing input): the rest of the line goes on from its traced value. */
class Unverifiable extends Error {}

const isDec = (v: unknown): v is Dec => v instanceof D;
const num = (v: Val): Dec => {
  if (v === null) return new D(0);
  if (typeof v === 'boolean') return new D(v ? 1 : 0);
  if (isDec(v)) return v;
  if (/^-?\d+(\.\d+)?$/.test(v.trim())) return new D(v.trim());
  throw new Error(`"${v}" is not a number`);
};
const truthy = (v: Val): boolean => (typeof v === 'boolean' ? v : v === null ? false : isDec(v) ? !v.isZero() : v.toUpperCase() === 'TRUE');
const rank = (v: Val) => (isDec(v) ? 0 : typeof v === 'string' ? 1 : 2);
function cmp(a: Val, b: Val): number {
  if (a === null) a = typeof b === 'string' ? '' : typeof b === 'boolean' ? false : new D(0);
  if (b === null) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : new D(0);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (isDec(a) && isDec(b)) return a.comparedTo(b);
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
  return Number(a) - Number(b);
}
/** Trace JSON scalar → value: numbers (and decimal strings where a number is declared) become decimals. */
const fromJson = (v: Json, numeric: boolean): Val =>
  v === null ? null : typeof v === 'number' ? new D(String(v)) : typeof v === 'string' && numeric && /^-?\d+(\.\d+)?$/.test(v) ? new D(v) : v;
const same = (a: Val, b: Json): boolean => {
  if (isDec(a)) return b !== null && typeof b !== 'boolean' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(String(b)) && a.eq(new D(String(b)));
  return a === b;
};
const show = (v: Val) => (isDec(v) ? v.toString() : JSON.stringify(v));

const NUMERIC = new Set(['number', 'integer', 'money', 'percent']);
const MODES: Record<string, 0 | 1 | 4 | 6> = { halfUp: D.ROUND_HALF_UP, halfEven: D.ROUND_HALF_EVEN, down: D.ROUND_DOWN, up: D.ROUND_UP };

interface Checker {
  plan: PlanInput;
  factSchema: FactSchemaInput;
  /** Raw fact records by table and id, to check each fact input against the record it names. */
  records: Map<string, Map<string, Record<string, unknown>>>;
  missing: Map<string, number>;
  problems: string[];
}

/** A re-derived amount; `complete` is false when some cell had to be taken from the trace (see `missing`). */
interface Derivation {
  amount: string;
  complete: boolean;
}

/** Re-derives one line's amount from its trace, as a fixed-scale decimal string. */
function rederive(line: StatementLine, c: Checker): Derivation {
  let complete = true;
  const trace = line.trace;
  const plan = c.plan;
  const where = `${line.id} (${line.partnerId})`;
  const problem = (msg: string) => c.problems.push(`${where}: ${msg}`);
  const derived = new Map<string, Val>(); // `${sheet}.${name}` → re-derived value
  const lineSheet = plan.sheets[trace.sheet]!;
  const sourceTable = lineSheet.kind === 'lines' ? c.factSchema.tables[lineSheet.source] : undefined;

  trace.cells.forEach((cell: TraceCell, ci: number) => {
    let lookupAt = 0;
    let bandAt = 0;
    const input = (name: string, kind?: string) => cell.inputs.find((i) => i.name === name && (kind === undefined || i.kind === kind));
    const lack = (what: string): never => {
      const key = `${plan.id} ${cell.sheet}.${cell.name}: ${what}`;
      c.missing.set(key, (c.missing.get(key) ?? 0) + 1);
      throw new Unverifiable(key);
    };

    const ev = (n: Ast): Val => {
      switch (n.t) {
        case 'num':
          return new D(n.text);
        case 'str':
          return n.value;
        case 'bool':
          return n.value;
        case 'neg':
          return num(ev(n.arg)).neg();
        case 'pct':
          return num(ev(n.arg)).div(100);
        case 'row': {
          const computed = derived.get(`${cell.sheet}.${n.name}`);
          if (computed !== undefined) {
            const i = input(n.name, 'column');
            if (!i) problem(`cell ${cell.name} reads [@${n.name}] but its inputs do not list it`);
            else if (!same(computed, i.value) && !(computed === null && i.value === null)) problem(`input [@${n.name}] of ${cell.name} is ${JSON.stringify(i.value)}, the re-derived cell ${show(computed)}`);
            return computed;
          }
          const i = input(n.name, 'fact');
          if (!i) return lack(`fact input "${n.name}" is not in inputs`);
          // A fact input comes from the line's own record (trace.source) unless it names another one.
          const src = i.source ?? trace.source;
          if (!src) return lack(`fact input "${n.name}" has no source record`);
          const type = sourceTable?.columns[n.name]?.type;
          const raw = c.records.get(src.table)?.get(src.id)?.[n.name];
          const expected = raw === undefined || raw === '' ? null : raw;
          const v = fromJson(i.value, NUMERIC.has(type ?? ''));
          if (!(isDec(v) ? expected !== null && v.eq(new D(String(expected))) : v === expected))
            problem(`fact input ${n.name} = ${JSON.stringify(i.value)} but record ${src.table}/${src.id} holds ${JSON.stringify(raw)}`);
          return v;
        }
        case 'name': {
          const summary = [...derived.keys()].find((k) => k.endsWith(`.${n.name}`) && plan.sheets[k.split('.')[0]!]?.kind === 'summary');
          if (summary) return derived.get(summary)!;
          const param = plan.parameters?.[n.name];
          if (param) {
            const i = input(n.name, 'parameter');
            if (!i) return lack(`parameter "${n.name}" is not in inputs`);
            const declared = plan.overrides?.[line.partnerId]?.[n.name] ?? param.value;
            const v = fromJson(i.value, NUMERIC.has(param.type ?? 'number'));
            if (!(isDec(v) ? v.eq(new D(String(declared))) : v === declared)) problem(`parameter ${n.name} = ${JSON.stringify(i.value)}, the plan says ${JSON.stringify(declared)}`);
            return v;
          }
          return lack(`"${n.name}" is neither an earlier trace cell nor a parameter input`);
        }
        case 'range':
          throw new Error(`${n.sheet}[${n.name}] is a whole column: only aggregates and RATE read it`);
        case 'op': {
          const l = ev(n.l);
          const r = ev(n.r);
          switch (n.op) {
            case '+': return num(l).plus(num(r));
            case '-': return num(l).minus(num(r));
            case '*': return num(l).times(num(r));
            case '/': return num(l).div(num(r));
            case '^': return num(l).pow(num(r));
            case '&': return `${l ?? ''}${r ?? ''}`;
            case '=': return cmp(l, r) === 0;
            case '<>': return cmp(l, r) !== 0;
            case '<': return cmp(l, r) < 0;
            case '>': return cmp(l, r) > 0;
            case '<=': return cmp(l, r) <= 0;
            default: return cmp(l, r) >= 0;
          }
        }
        case 'call':
          return call(n.fn, n.args);
      }
    };

    /**
     * The values of a whole column an aggregate reads. The trace would carry them as the input's per-row `values`
     * (a field the trace schema does not have yet); a null `value` alone cannot be aggregated.
     */
    const column = (n: Extract<Ast, { t: 'range' }>): Val[] => {
      const i = input(`${n.sheet}[${n.name}]`) as (TraceCell['inputs'][number] & { values?: Json[] }) | undefined;
      if (!i) return lack(`the aggregated column ${n.sheet}[${n.name}] is not in inputs`);
      if (!Array.isArray(i.values))
        return lack(`aggregate over ${n.sheet}[${n.name}]: the trace input "${n.sheet}[${n.name}]" has value ${JSON.stringify(i.value)} and carries no per-row values`);
      const sheet = plan.sheets[n.sheet];
      const type = sheet?.kind === 'lines' ? (sheet.columns[n.name]?.type ?? c.factSchema.tables[sheet.source]?.columns[n.name]?.type ?? 'number') : 'number';
      return i.values.map((v) => fromJson(v, NUMERIC.has(type)));
    };
    /** Aggregate arguments: a column gives its numbers only (like a spreadsheet range), a scalar counts as given. */
    const spread = (args: Ast[]): Val[] => args.flatMap((a) => (a.t === 'range' ? column(a).filter(isDec) : [ev(a)]));

    const call = (fn: string, args: Ast[]): Val => {
      switch (fn) {
        case 'IF':
          return truthy(ev(args[0]!)) ? ev(args[1]!) : args[2] ? ev(args[2]) : false;
        case 'AND':
          return args.every((a) => truthy(ev(a)));
        case 'OR':
          return args.some((a) => truthy(ev(a)));
        case 'NOT':
          return !truthy(ev(args[0]!));
        case 'ABS':
          return num(ev(args[0]!)).abs();
        case 'MIN':
        case 'MAX': {
          const xs = spread(args).map(num);
          return xs.length === 0 ? new D(0) : xs.reduce((m, x) => ((fn === 'MIN' ? x.lt(m) : x.gt(m)) ? x : m));
        }
        case 'SUM':
          return spread(args).map(num).reduce((s, x) => s.plus(x), new D(0));
        case 'COUNT':
          return new D(spread(args).filter(isDec).length);
        case 'ROUND':
          return num(ev(args[0]!)).toDecimalPlaces(num(ev(args[1]!)).toNumber(), D.ROUND_HALF_UP);
        case 'RATE': {
          const ref = args[0]!;
          if (ref.t !== 'range') throw new Error('RATE needs Table[Column]');
          const keys = args.slice(1).map(ev);
          const l = cell.lookups?.[lookupAt++];
          if (!l) return lack(`RATE(${ref.sheet}[${ref.name}]) has no entry in lookups`);
          if (l.table !== ref.sheet || l.column !== ref.name) problem(`lookup ${lookupAt} of ${cell.name} is ${l.table}[${l.column}], the formula reads ${ref.sheet}[${ref.name}]`);
          keys.forEach((k, j) => {
            if (!same(k, l.keys[j] ?? null)) problem(`lookup key ${j + 1} of ${cell.name} is ${JSON.stringify(l.keys[j])}, re-derived ${show(k)}`);
          });
          // The row the trace names must be the plan table's row for these keys (text keys case-insensitive).
          const table = plan.tables?.[ref.sheet];
          if (table?.kind === 'lookup') {
            const at = table.rows.findIndex((row) => table.keys.every((key, j) => String(row[key] ?? '').toLowerCase() === String(isDec(keys[j]) ? keys[j]!.toString() : keys[j] ?? '').toLowerCase()));
            if (at !== (l.row ?? -1)) problem(`lookup of ${cell.name} names row ${l.row}, the plan's table matches row ${at}`);
            if (at >= 0 && !same(fromJson(table.rows[at]![ref.name] as Json, true), l.value)) problem(`lookup of ${cell.name} gives ${JSON.stringify(l.value)}, the table holds ${JSON.stringify(table.rows[at]![ref.name])}`);
          }
          if (l.row === null) throw new Error(`${cell.name}: no row of ${ref.sheet} for ${JSON.stringify(l.keys)}`);
          return fromJson(l.value, NUMERIC.has(table?.kind === 'lookup' ? table.columns[ref.name]?.type ?? 'number' : 'number'));
        }
        case 'TIER.AMOUNT':
        case 'TIER.RATE':
        case 'TIER.BAND': {
          const ref = args[0]!;
          if (ref.t !== 'name') throw new Error(`${fn} needs a tier table name`);
          const q = num(ev(args[1]!));
          const b = cell.bands?.[bandAt++];
          if (!b) return lack(`${fn}(${ref.name}) has no entry in bands`);
          const table = plan.tables?.[ref.name];
          if (table?.kind !== 'tier') throw new Error(`${ref.name} is not a tier table of the plan`);
          if (b.table !== ref.name || b.mode !== table.mode) problem(`band of ${cell.name} is ${b.table}/${b.mode}, the plan says ${ref.name}/${table.mode}`);
          if (!new D(b.quantity).eq(q)) problem(`band quantity of ${cell.name} is ${b.quantity}, re-derived ${q.toString()}`);
          const froms = table.bands.map((x) => new D(x.from));
          let hit = -1;
          froms.forEach((f, j) => {
            if (f.lte(q)) hit = j;
          });
          if (hit < 0) throw new Error(`${cell.name}: ${q.toString()} is below the first band of ${ref.name}`);
          if (b.index !== hit + 1) problem(`band of ${cell.name} is ${b.index}, the quantity ${q.toString()} reaches band ${hit + 1}`);
          const rate = new D(b.rate);
          if (!rate.eq(new D(table.bands[hit]!.rate)) || !new D(b.from).eq(froms[hit]!) || (b.to === null) !== (hit === froms.length - 1) || (b.to !== null && !new D(b.to).eq(froms[hit + 1]!)))
            problem(`band ${b.index} of ${cell.name} (${b.from}–${b.to} at ${b.rate}) is not the plan's band ${hit + 1}`);
          if (fn === 'TIER.RATE') return rate;
          if (fn === 'TIER.BAND') return new D(b.index);
          if (table.mode === 'retroactive') return q.times(rate);
          // Marginal: every band below pays its full width at its own rate, the band hit pays the rest.
          let amount = new D(0);
          for (let j = 0; j < hit; j++) amount = amount.plus(froms[j + 1]!.minus(froms[j]!).times(new D(table.bands[j]!.rate)));
          return amount.plus(q.minus(froms[hit]!).times(rate));
        }
        default:
          throw new Error(`the independent evaluator does not know ${fn} (used by ${plan.id} ${cell.sheet}.${cell.name})`);
      }
    };

    let value: Val;
    try {
      value = ev(parse(cell.formula));
    } catch (e) {
      if (!(e instanceof Unverifiable)) throw e;
      // Counted as missing above; the cells after this one are still checked, from this cell's traced value.
      complete = false;
      value = fromJson(cell.value, true);
    }
    if (!same(value, cell.value) && !(value === null && cell.value === null))
      problem(`cell ${ci} ${cell.sheet}.${cell.name} = ${JSON.stringify(cell.value)} in the trace, re-derived ${show(value)}`);
    if (cell.role === 'gate') {
      const expected = truthy(value) ? 'passed' : 'failed';
      if (cell.gate !== expected) problem(`gate ${cell.name} is recorded ${cell.gate}, re-derived ${expected}`);
    }
    derived.set(`${cell.sheet}.${cell.name}`, value);
  });

  // The payout cell, its exact value and the one rounding the trace records.
  const payout = plan.payouts[line.payout]!;
  const target = `${payout.sheet}.${payout.column ?? payout.cell}`;
  if (!derived.has(target)) return missingAtLine(c, `${plan.id} ${target}: the payout cell is not among the trace cells`);
  const exact = num(derived.get(target) ?? null);
  if (trace.exactValue === null || !exact.eq(new D(trace.exactValue))) problem(`exactValue ${trace.exactValue}, re-derived ${exact.toString()}`);
  const rounding = trace.rounding;
  if (rounding.length !== 1) return missingAtLine(c, `${plan.id} ${target}: trace.rounding holds ${rounding.length} entries, expected the payout's one rounding`);
  const r = rounding[0]!;
  const planRounding = { mode: plan.rounding?.mode ?? 'halfUp', scale: plan.rounding?.scale ?? 2 };
  if (r.mode !== planRounding.mode || r.scale !== planRounding.scale) problem(`rounding ${r.mode}/${r.scale}, the plan says ${planRounding.mode}/${planRounding.scale}`);
  if (r.what !== target) problem(`rounding of ${r.what}, the payout is ${target}`);
  if (!new D(r.from).eq(exact)) problem(`rounding from ${r.from}, re-derived exact value ${exact.toString()}`);
  const amount = exact.toDecimalPlaces(r.scale, MODES[r.mode]!).toFixed(r.scale).replace(/^-(0\.?0*)$/, '$1');
  if (r.to !== amount) problem(`rounding to ${r.to}, re-derived ${amount}`);
  return { amount, complete };
}

function missingAtLine(c: Checker, key: string): never {
  c.missing.set(key, (c.missing.get(key) ?? 0) + 1);
  throw new MissingInTrace(key);
}

/** "1234.5" → "1.234,50" (it) or "1,234.50" (en), written here, not taken from core. */
function localNumber(amount: string, locale: 'it' | 'en'): string {
  const [int, frac] = amount.replace('-', '').split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'it' ? '.' : ',');
  return `${grouped}${frac ? (locale === 'it' ? ',' : '.') + frac : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------

describe('the trace of every line of the sample period re-derives its amount (issue 2 §4)', () => {
  let sample: Sample;
  let plans: PlanInput[];
  let planById: Map<string, PlanInput>;
  let factSchema: FactSchemaInput;
  let result: RunResult;
  let lines: StatementLine[];
  const checker = { missing: new Map<string, number>(), problems: [] as string[] } as Checker;
  const derived = new Map<string, Derivation>();
  const failures: string[] = [];

  beforeAll(async () => {
    sample = generateSample({ ...SAMPLE });
    plans = (await loadPlans()) as PlanInput[];
    planById = new Map(plans.map((p) => [p.id, p]));
    factSchema = await loadFactSchema();
    result = evaluate(
      { period: sample.period, plans: plans as never, partners: sample.partners as never, factSchema: factSchema as never, facts: sample.facts },
    );
    lines = result.statements.flatMap((s) => s.lines);
    checker.factSchema = factSchema;
    checker.records = new Map(
      Object.entries(sample.facts).map(([table, records]) => [table, new Map(records.map((r) => [String(r[factSchema.tables[table]!.key]), r]))]),
    );
    for (const line of lines) {
      checker.plan = planById.get(line.planId)!;
      try {
        derived.set(line.id, rederive(line, checker));
      } catch (e) {
        failures.push(`${line.id}: ${e instanceof MissingInTrace ? 'missing ' : ''}${e instanceof Error ? e.message : String(e)}`);
      }
    }
  });

  it('covers the whole period: every plan, every payout, every record accounted for', () => {
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(lines.length).toBeGreaterThan(10_000);
    const payouts = new Set(lines.map((l) => `${l.planId}:${l.payout}`));
    for (const p of plans) for (const id of Object.keys(p.payouts)) expect(payouts.has(`${p.id}:${id}`), `${p.id}:${id} has lines`).toBe(true);
    for (const [table, c] of Object.entries(result.counts)) {
      expect(c.in, table).toBe(sample.facts[table as keyof Sample['facts']].length);
      expect(c.used + c.excluded + c.rejected, table).toBe(c.in);
    }
  });

  it('every re-derived amount equals line.amount, and every traced cell, input, lookup, band and rounding agrees', () => {
    expect(failures.slice(0, 20)).toEqual([]);
    expect(derived.size).toBe(lines.length);
    expect(checker.problems.slice(0, 20)).toEqual([]);
    const wrong = lines.filter((l) => derived.get(l.id)?.amount !== l.amount).map((l) => `${l.id}: ${l.amount} ≠ ${derived.get(l.id)?.amount}`);
    expect(wrong.slice(0, 20)).toEqual([]);
  });

  it('the trace alone carries every value re-derivation needs (no line re-derived only in part)', () => {
    // Fails while the trace records aggregated columns (`Sheet[col]` inputs of summary cells) as value null with no
    // per-row values: the aggregate (SUM, COUNT over the partner's rows) cannot be recomputed from the trace.
    const report = [...checker.missing].map(([what, count]) => `${count} line(s): ${what}`);
    expect(report, 'values the trace does not carry').toEqual([]);
    const partial = lines.filter((l) => !derived.get(l.id)?.complete).map((l) => l.id);
    expect(partial.slice(0, 10)).toEqual([]);
    // Every line-sheet payout (one per fact record) is re-derived completely from its own trace today.
    expect(lines.filter((l) => l.row !== null && !derived.get(l.id)?.complete).map((l) => l.id)).toEqual([]);
  });

  it('the re-derivation catches a tampered trace', () => {
    const tamper = (pick: (l: StatementLine) => boolean, edit: (l: StatementLine) => void) => {
      const line = structuredClone(lines.find(pick)!);
      edit(line);
      const c: Checker = { ...checker, plan: planById.get(line.planId)!, missing: new Map(), problems: [] };
      const d = rederive(line, c);
      return c.problems.length > 0 || d.amount !== line.amount;
    };
    // A fact value, a looked-up rate, a parameter, a tier band rate, the rounding mode.
    expect(tamper((l) => l.payout === 'Commission' && l.status === 'ok', (l) => {
      const kwh = l.trace.cells[0]!.inputs.find((i) => i.name === 'annualKwh' && typeof i.value === 'number') ?? l.trace.cells[0]!.inputs.find((i) => i.name === 'annualSmc')!;
      kwh.value = Number(kwh.value) + 1;
    })).toBe(true);
    expect(tamper((l) => l.payout === 'Commission', (l) => {
      const rate = l.trace.cells.find((x) => x.name === 'Rate')!.lookups![0]!;
      rate.value = Number(rate.value) * 2;
    })).toBe(true);
    expect(tamper((l) => l.payout === 'EEBonus' && l.amount !== '0.00', (l) => {
      l.trace.cells.at(-1)!.inputs.find((i) => i.kind === 'parameter')!.value = 30;
    })).toBe(true);
    expect(tamper((l) => l.payout === 'VolumeBonus' && l.amount !== '0.00', (l) => {
      const band = l.trace.cells.find((x) => x.bands)!.bands![0]!;
      band.rate = String(Number(band.rate) + 1);
    })).toBe(true);
    expect(tamper((l) => l.payout === 'Commission' && /[1-9]$/.test(l.trace.exactValue ?? '') && (l.trace.exactValue?.split('.')[1]?.length ?? 0) > 2, (l) => {
      l.trace.rounding[0]!.mode = l.trace.rounding[0]!.mode === 'up' ? 'down' : 'up';
    })).toBe(true);
    // And an untouched line passes.
    expect(tamper((l) => l.payout === 'Commission', () => undefined)).toBe(false);
  });

  it('with per-row values on whole-column inputs (the proposed `values` field), a summary line re-derives completely', () => {
    // Shape proposed for the trace: a `Sheet[col]` input carries `values`, the column's exact values in row order.
    // Here they are filled from the partner's own Commission lines, to show the re-derivation then needs nothing else.
    const volume = lines.filter((l) => l.payout === 'VolumeBonus' && l.amount !== '0.00').slice(0, 20);
    expect(volume.length).toBeGreaterThan(0);
    for (const original of volume) {
      const line = structuredClone(original);
      const rows = lines.filter((l) => l.partnerId === line.partnerId && l.planId === line.planId && l.payout === 'Commission').sort((a, b) => a.row! - b.row!);
      for (const cell of line.trace.cells)
        for (const input of cell.inputs)
          if (input.name === 'Lines[Commission]') Object.assign(input, { values: rows.map((r) => r.trace.exactValue) });
      const c: Checker = { ...checker, plan: planById.get(line.planId)!, missing: new Map(), problems: [] };
      const d = rederive(line, c);
      expect([...c.missing.keys()]).toEqual([]);
      expect(c.problems).toEqual([]);
      expect(d).toEqual({ amount: line.amount, complete: true });
    }
  });

  it('every line names its plan (id, version, hash), sheet, row and source record', () => {
    const hashes = new Map(result.plans.map((p) => [p.id, p.hash]));
    const bad: string[] = [];
    const check = (ok: boolean, l: StatementLine, what: string) => {
      if (!ok) bad.push(`${l.id}: ${what}`);
    };
    for (const l of lines) {
      const t = l.trace;
      const plan = planById.get(l.planId)!;
      check(t.plan.id === l.planId && t.plan.version === plan.version && l.planVersion === plan.version, l, 'plan id/version');
      check(/^[0-9a-f]{64}$/.test(t.plan.hash) && t.plan.hash === hashes.get(l.planId), l, `plan hash ${t.plan.hash}`);
      check(t.sheet === l.sheet && t.payout === l.payout && t.partnerId === l.partnerId && t.period === sample.period.id && t.amount === l.amount, l, 'sheet/payout/partner/period/amount');
      const payout = plan.payouts[l.payout]!;
      check(l.sheet === payout.sheet, l, `sheet ${l.sheet}`);
      if (payout.column) {
        // A line payout: one line per row, pointing at the record it pays.
        const sheet = plan.sheets[payout.sheet]!;
        const table = sheet.kind === 'lines' ? sheet.source : '';
        check(typeof t.row === 'number' && t.row >= 1 && t.row === l.row, l, `row ${t.row}`);
        check(t.source !== null && t.source.table === table && t.source.system === factSchema.tables[table]!.system && t.source.id.length > 0, l, `source ${JSON.stringify(t.source)}`);
        check(JSON.stringify(t.source) === JSON.stringify(l.source), l, 'trace.source = line.source');
        const record = t.source ? checker.records.get(table)?.get(t.source.id) : undefined;
        check(record !== undefined && String(record[factSchema.tables[table]!.partner]) === l.partnerId, l, 'source record exists and is the partner\'s');
      } else {
        // A summary payout: one line per partner, no row and no single source record.
        check(t.row === null && l.row === null && t.source === null, l, 'summary line has no row or source');
      }
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('explain(line) in Italian and English states the amount', () => {
    const bad: string[] = [];
    for (const l of lines) {
      const it = explain(l, 'it');
      const en = explain(l, 'en');
      if (!it.includes(localNumber(l.amount, 'it')) || !it.includes(l.trace.plan.id)) bad.push(`${l.id} (it): ${it}`);
      if (!en.includes(localNumber(l.amount, 'en')) || (l.source && !en.includes(l.source.id))) bad.push(`${l.id} (en): ${en}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});
