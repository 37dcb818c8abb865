/**
 * Checks one filled-in value against its declared column: type first (a real calendar date for dates), then the
 * constraints in a fixed order (enum, bounds, pattern, maxLength). Returns the first defect: one issue per field.
 */
import { Decimal } from '../money.js';
import { isCalendarDate } from '../schema/common.js';
import type { FactColumn } from '../schema/facts.js';
import { booleanOf } from './booleanText.js';
import type { FieldDefect } from './messages.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const NUMERIC = new Set(['number', 'integer', 'money', 'percent']);

/** The ISO date part of a date value (`2026-10-05` or `2026-10-05T10:00:00Z`), or undefined. */
export function datePart(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim();
  return /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) ? s.slice(0, 10) : undefined;
}

/** True when a raw value counts as not filled in. */
export const isBlank = (raw: unknown): boolean => raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');

/** A number as an exact decimal, or undefined when the raw value is not one. */
function decimalOf(raw: unknown): Decimal | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Decimal(raw) : undefined;
  if (typeof raw === 'string' && DECIMAL.test(raw.trim())) return new Decimal(raw.trim());
  return undefined;
}

/** The typed value used to compare with constraints, or a type defect. */
function typed(spec: FactColumn, raw: unknown): { value: Decimal | string | boolean } | { defect: FieldDefect } {
  const bad: { defect: FieldDefect } = { defect: { kind: 'type', type: spec.type, value: raw } };
  if (NUMERIC.has(spec.type)) {
    const d = decimalOf(raw);
    if (!d || (spec.type === 'integer' && !d.isInteger())) return bad;
    return { value: d };
  }
  switch (spec.type) {
    case 'boolean': {
      const b = booleanOf(raw);
      return b === undefined ? bad : { value: b };
    }
    case 'date': {
      const d = datePart(raw);
      if (d === undefined) return bad;
      if (!isCalendarDate(d)) return { defect: { kind: 'calendar', value: raw } };
      return { value: d };
    }
    default:
      return typeof raw === 'string' ? { value: raw } : typeof raw === 'number' || typeof raw === 'boolean' ? { value: String(raw) } : bad;
  }
}

/** Compares a typed value with a bound: decimals numerically, dates as ISO text. */
function compareBound(value: Decimal | string | boolean, bound: string | number): number | undefined {
  if (value instanceof Decimal) {
    const b = decimalOf(bound);
    return b ? value.comparedTo(b) : undefined;
  }
  if (typeof value === 'string' && typeof bound === 'string') return value < bound ? -1 : value > bound ? 1 : 0;
  return undefined;
}

const patterns = new Map<string, RegExp>();
/** The anchored regular expression of a `pattern` (compiled once; parseFactSchema has checked that it compiles). */
export function patternRegExp(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) patterns.set(pattern, (re = new RegExp(`^(?:${pattern})$`, 'u')));
  return re;
}

function sameValue(value: Decimal | string | boolean, allowed: string | number | boolean): boolean {
  if (value instanceof Decimal) {
    const d = decimalOf(allowed);
    return d !== undefined && d.equals(value);
  }
  return typeof value === 'boolean' ? value === allowed : value === String(allowed);
}

/** The first defect of a filled-in value, or undefined when it is valid. */
export function checkField(spec: FactColumn, raw: unknown): FieldDefect | undefined {
  const t = typed(spec, raw);
  if ('defect' in t) return t.defect;
  const v = t.value;
  if (spec.enum && !spec.enum.some((a) => sameValue(v, a))) return { kind: 'enum', value: raw, allowed: spec.enum };
  const bounds = [
    ['minimum', spec.minimum, (c: number) => c >= 0],
    ['exclusiveMinimum', spec.exclusiveMinimum, (c: number) => c > 0],
    ['maximum', spec.maximum, (c: number) => c <= 0],
    ['exclusiveMaximum', spec.exclusiveMaximum, (c: number) => c < 0],
  ] as const;
  for (const [kind, bound, ok] of bounds) {
    if (bound === undefined) continue;
    const c = compareBound(v, bound);
    if (c !== undefined && !ok(c)) return { kind, value: raw, bound };
  }
  const text = typeof raw === 'string' ? raw : String(raw);
  if (spec.pattern !== undefined && !patternRegExp(spec.pattern).test(text)) return { kind: 'pattern', value: raw, pattern: spec.pattern };
  if (spec.maxLength !== undefined && [...text].length > spec.maxLength) return { kind: 'maxLength', value: raw, max: spec.maxLength };
  return undefined;
}
