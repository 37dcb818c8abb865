/**
 * A tiny SOQL subset for the fake Salesforce: SELECT fields | COUNT() FROM obj [WHERE cond] [ORDER BY f [ASC|DESC], …]
 * [LIMIT n]. Conditions: comparisons (= != < <= > >= LIKE), IN / NOT IN, AND / OR / NOT, parentheses; literals:
 * quoted strings with backslash escapes, numbers, true/false/null, unquoted dates and datetimes.
 */
import { ownValue } from '@provvigo/core';
export interface ParsedSoql {
  count: boolean;
  fields: string[];
  object: string;
  where?: Cond;
  orderBy: { field: string; desc: boolean }[];
  limit?: number;
}

export type Literal = string | number | boolean | null | { date: string } | { datetime: number };
export type Cond =
  | { and: Cond[] }
  | { or: Cond[] }
  | { not: Cond }
  | { field: string; op: string; value: Literal }
  | { field: string; op: 'IN' | 'NOT IN'; values: Literal[] };

type Token = { t: 'word' | 'str' | 'num' | 'op' | 'punct' | 'dt' | 'date'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let v = '';
      i++;
      while (i < src.length && src[i] !== "'") {
        if (src[i] === '\\') {
          const n = src[i + 1]!;
          v += n === 'n' ? '\n' : n === 'r' ? '\r' : n === 't' ? '\t' : n === 'b' ? '\b' : n === 'f' ? '\f' : n;
          i += 2;
        } else v += src[i++];
      }
      if (src[i] !== "'") throw new SoqlError('unterminated string literal');
      i++;
      out.push({ t: 'str', v });
      continue;
    }
    const dt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/.exec(src.slice(i));
    if (dt) {
      out.push({ t: 'dt', v: dt[0] });
      i += dt[0].length;
      continue;
    }
    const d = /^\d{4}-\d{2}-\d{2}/.exec(src.slice(i));
    if (d) {
      out.push({ t: 'date', v: d[0] });
      i += d[0].length;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(src.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    if ('(),'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
      continue;
    }
    const w = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (w) {
      out.push({ t: 'word', v: w[0] });
      i += w[0].length;
      continue;
    }
    throw new SoqlError(`unexpected character ${c}`);
  }
  return out;
}

export class SoqlError extends Error {
  /** Salesforce's `errorCode` for it (INVALID_FIELD for a field the query may not read), MALFORMED_QUERY unless said. */
  readonly errorCode: string;
  constructor(message: string, errorCode = 'MALFORMED_QUERY') {
    super(message);
    this.errorCode = errorCode;
  }
}

/** Every field path a condition compares, in order. */
export function condFields(cond: Cond): string[] {
  if ('and' in cond) return cond.and.flatMap(condFields);
  if ('or' in cond) return cond.or.flatMap(condFields);
  if ('not' in cond) return condFields(cond.not);
  return [cond.field];
}

export function parseSoql(src: string): ParsedSoql {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const kw = (w: string) => peek()?.t === 'word' && peek()!.v.toUpperCase() === w;
  const expectKw = (w: string) => {
    if (!kw(w)) throw new SoqlError(`expected ${w} at token ${p}`);
    p++;
  };
  const next = () => {
    const t = toks[p++];
    if (!t) throw new SoqlError('unexpected end of query');
    return t;
  };
  expectKw('SELECT');
  let count = false;
  const fields: string[] = [];
  if (kw('COUNT')) {
    p++;
    if (next().v !== '(' || next().v !== ')') throw new SoqlError('COUNT() expected');
    count = true;
  } else {
    for (;;) {
      const f = next();
      if (f.t !== 'word') throw new SoqlError('field name expected');
      fields.push(f.v);
      if (peek()?.v === ',') p++;
      else break;
    }
  }
  expectKw('FROM');
  const object = next().v;
  const literal = (): Literal => {
    const t = next();
    if (t.t === 'str') return t.v;
    if (t.t === 'num') return Number(t.v);
    if (t.t === 'dt') return { datetime: Date.parse(t.v) };
    if (t.t === 'date') return { date: t.v };
    if (t.t === 'word' && /^(true|false)$/i.test(t.v)) return t.v.toLowerCase() === 'true';
    if (t.t === 'word' && /^null$/i.test(t.v)) return null;
    throw new SoqlError(`literal expected, got ${t.v}`);
  };
  const primary = (): Cond => {
    if (peek()?.v === '(') {
      p++;
      const c = orExpr();
      if (next().v !== ')') throw new SoqlError(') expected');
      return c;
    }
    if (kw('NOT')) {
      p++;
      return { not: primary() };
    }
    const field = next();
    if (field.t !== 'word') throw new SoqlError('field expected');
    if (kw('IN') || kw('NOT')) {
      const op = kw('IN') ? 'IN' : 'NOT IN';
      p += op === 'IN' ? 1 : 2;
      if (next().v !== '(') throw new SoqlError('( expected');
      const values: Literal[] = [];
      for (;;) {
        values.push(literal());
        const t = next();
        if (t.v === ')') break;
        if (t.v !== ',') throw new SoqlError(', expected');
      }
      return { field: field.v, op, values };
    }
    if (kw('LIKE')) {
      p++;
      return { field: field.v, op: 'LIKE', value: literal() };
    }
    const op = next();
    if (op.t !== 'op') throw new SoqlError('operator expected');
    return { field: field.v, op: op.v === '<>' ? '!=' : op.v, value: literal() };
  };
  const andExpr = (): Cond => {
    const parts = [primary()];
    while (kw('AND')) {
      p++;
      parts.push(primary());
    }
    return parts.length === 1 ? parts[0]! : { and: parts };
  };
  const orExpr = (): Cond => {
    const parts = [andExpr()];
    while (kw('OR')) {
      p++;
      parts.push(andExpr());
    }
    return parts.length === 1 ? parts[0]! : { or: parts };
  };
  const out: ParsedSoql = { count, fields, object, orderBy: [] };
  if (kw('WHERE')) {
    p++;
    out.where = orExpr();
  }
  if (kw('ORDER')) {
    p++;
    expectKw('BY');
    for (;;) {
      const f = next().v;
      let desc = false;
      if (kw('ASC')) p++;
      else if (kw('DESC')) {
        p++;
        desc = true;
      }
      out.orderBy.push({ field: f, desc });
      if (peek()?.v === ',') p++;
      else break;
    }
  }
  if (kw('LIMIT')) {
    p++;
    out.limit = Number(next().v);
  }
  if (p !== toks.length) throw new SoqlError(`unexpected token ${toks[p]!.v}`);
  return out;
}

/** A record's field by a dotted path, own fields only (core's `ownValue`): Salesforce has no `constructor` field on a record that lacks it. */
export function readField(record: Record<string, unknown>, path: string): unknown {
  let cur: unknown = record;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object') return null;
    cur = ownValue(cur as Record<string, unknown>, part);
  }
  return cur ?? null;
}

function comparable(value: unknown, lit: Literal): [unknown, unknown] {
  if (lit !== null && typeof lit === 'object' && 'datetime' in lit) return [typeof value === 'string' ? Date.parse(value) : value, lit.datetime];
  if (lit !== null && typeof lit === 'object' && 'date' in lit) return [value, lit.date];
  return [value, lit];
}

export function evalCond(cond: Cond, record: Record<string, unknown>): boolean {
  if ('and' in cond) return cond.and.every((c) => evalCond(c, record));
  if ('or' in cond) return cond.or.some((c) => evalCond(c, record));
  if ('not' in cond) return !evalCond(cond.not, record);
  const value = readField(record, cond.field);
  if ('values' in cond) {
    const hit = cond.values.some((v) => {
      const [a, b] = comparable(value, v);
      return a === b;
    });
    return cond.op === 'IN' ? hit : !hit;
  }
  const [a, b] = comparable(value, cond.value);
  switch (cond.op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case 'LIKE': {
      if (typeof a !== 'string' || typeof b !== 'string') return false;
      const re = new RegExp(`^${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');
      return re.test(a);
    }
    default: {
      if (a === null || b === null) return false;
      const x = a as number | string;
      const y = b as number | string;
      if (cond.op === '<') return x < y;
      if (cond.op === '<=') return x <= y;
      if (cond.op === '>') return x > y;
      return x >= y;
    }
  }
}

/**
 * Whether a condition holds a negative operator (NOT, !=, NOT IN): Salesforce's query optimizer uses no index for
 * one, so the rows the query's other conditions leave are all scanned (the fake's `negativeScanTimeoutAbove`).
 */
export function negates(cond: Cond): boolean {
  if ('not' in cond) return true;
  if ('and' in cond) return cond.and.some(negates);
  if ('or' in cond) return cond.or.some(negates);
  return cond.op === '!=' || cond.op === 'NOT IN';
}

export function compareBy(orderBy: ParsedSoql['orderBy']) {
  return (a: Record<string, unknown>, b: Record<string, unknown>): number => {
    for (const { field, desc } of orderBy) {
      let x = readField(a, field);
      let y = readField(b, field);
      if (field === 'SystemModstamp') {
        x = Date.parse(String(x));
        y = Date.parse(String(y));
      }
      if (x === y) continue;
      const r = (x as string | number) < (y as string | number) ? -1 : 1;
      return desc ? -r : r;
    }
    return 0;
  };
}
