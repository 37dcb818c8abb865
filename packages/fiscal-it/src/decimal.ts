import { Decimal as DecimalJs } from 'decimal.js';
import type { FiscalTraceRounding } from '@provvigo/core';

/** The pack's private Decimal (a clone: global decimal.js settings are never touched). */
export const D = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type D = InstanceType<typeof D>;

export const ZERO = new D(0);

export const dec = (v: string | number | D): D => new D(v);

/** Money string with two decimals, never "-0.00". */
export function cents(v: D): string {
  const s = v.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Plain decimal string ("8.5", "23"). */
export function plain(v: D): string {
  const s = v.toFixed();
  return s === '-0' ? '0' : s;
}

/** Half-up to the cent; records the rounding when it moved the value. */
export function round2(v: D, what: string, log: FiscalTraceRounding[]): D {
  const r = v.toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP);
  if (!r.equals(v)) log.push({ what, from: plain(v), to: cents(r), mode: 'halfUp', scale: 2 });
  return r;
}

export function sum(values: Iterable<string | D>): D {
  let t = ZERO;
  for (const v of values) t = t.plus(v);
  return t;
}

export const pct = (v: D, percent: string | D): D => v.times(percent).dividedBy(100);

export const clamp = (v: D, lo: D, hi: D): D => D.max(lo, D.min(hi, v));
