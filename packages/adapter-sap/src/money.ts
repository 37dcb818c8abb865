import { currencyScale, Decimal, formatAmount } from '@provvigo/core';

/**
 * The adapter's money names over core's one money module: core's Decimal, ISO minor units and the fixed-scale wire
 * format. SAP amounts are written at the document currency's minor units (EUR 2, JPY 0).
 */
export { currencyScale, Decimal, formatAmount };

/** True when the value has no more decimals than the currency allows (we never round silently here). */
export function fitsScale(value: Decimal, scale: number): boolean {
  return value.decimalPlaces() <= scale;
}
