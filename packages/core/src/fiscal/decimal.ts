import { Decimal as DecimalJs } from 'decimal.js';
import type { FiscalTraceRounding } from '../schema/fiscal.js';

/**
 * The fiscal area's private Decimal constructor (a clone: the host's global decimal.js settings are never touched).
 * Fiscal rules round half-up to the cent; every rounding is recorded in the item's trace.
 */
export const FDecimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type FDecimal = InstanceType<typeof FDecimal>;

export const ZERO = new FDecimal(0);

export function dec(value: string | number | FDecimal): FDecimal {
  return new FDecimal(value);
}

/** A money string with two decimals, never "-0.00". */
export function cents(value: FDecimal): string {
  const s = value.toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** A plain decimal string without trailing zeros ("23", "8.5", "0.75"). */
export function plain(value: FDecimal): string {
  const s = value.toFixed();
  return s === '-0' ? '0' : s;
}

/**
 * Rounds half-up to the cent and records the rounding (only when it changed the value, so traces stay short but
 * every cent moved is visible).
 */
export function roundHalfUp(value: FDecimal, what: string, log: FiscalTraceRounding[]): FDecimal {
  const rounded = value.toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP);
  if (!rounded.equals(value)) log.push({ what, from: plain(value), to: cents(rounded), mode: 'halfUp', scale: 2 });
  return rounded;
}

/** Exact sum of decimal strings as a Decimal. */
export function sum(values: Iterable<string | FDecimal>): FDecimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** value × percent / 100, exact. */
export function pct(value: FDecimal, percent: string | FDecimal): FDecimal {
  return value.times(percent).dividedBy(100);
}
