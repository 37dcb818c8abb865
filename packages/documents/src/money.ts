import DecimalJs from 'decimal.js';

/** Our own Decimal clone: the host's global decimal.js settings are never touched. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

export const dec = (value: string | Decimal): Decimal => new Decimal(value);

/** Exact sum of decimal strings. */
export function sum(values: Iterable<string | Decimal>): Decimal {
  let total = new Decimal(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/** The wire format of money: two decimals, never "-0.00". */
export function fix2(value: string | Decimal): string {
  const s = new Decimal(value).toFixed(2);
  return s === '-0.00' ? '0.00' : s;
}

/** Half-up rounding to cents, the rounding of IVA on an invoice. */
export function roundCents(value: Decimal): Decimal {
  return value.toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP);
}
