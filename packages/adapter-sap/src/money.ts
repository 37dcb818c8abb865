import DecimalJs from 'decimal.js';

/** A private decimal.js clone: the host's global settings are never touched. */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Minor units of a currency (EUR 2, JPY 0) from the runtime's ICU data. */
export function currencyScale(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** Fixed-scale decimal string; "-0.00" is written "0.00". */
export function formatAmount(value: Decimal, scale: number): string {
  const s = value.toFixed(scale);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** True when the value has no more decimals than the currency allows (we never round silently here). */
export function fitsScale(value: Decimal, scale: number): boolean {
  return value.decimalPlaces() <= scale;
}
