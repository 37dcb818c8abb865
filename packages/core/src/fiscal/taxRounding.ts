import type { FiscalTraceRounding } from '../schema/fiscal.js';
import { currencyScale, Decimal, exactAmount, formatAmount, roundMoney, type MoneySpec } from '../money.js';

/**
 * How a jurisdiction rounds a tax amount: to the minor unit of the document's currency (ISO 4217: EUR 2, JPY 0,
 * KWD 3), half up. EU member states round VAT commercially (half up) to the smallest unit of the currency, and Italy
 * rounds every tax and contribution half up to the cent; a pack with another rule passes its own spec.
 */
export function taxMoney(currency: string): MoneySpec {
  return { currency, scale: currencyScale(currency), rounding: 'halfUp' };
}

/** A tax amount written at the spec's scale (the wire format: "12.50", never "-0.00"). */
export function taxAmount(value: Decimal | string, spec: MoneySpec): string {
  return formatAmount(new Decimal(value), spec.scale);
}

/**
 * Rounds a computed tax to the spec and records the rounding (only when it changed the value, so traces stay short
 * but every unit moved is visible).
 */
export function roundTax(value: Decimal, spec: MoneySpec, what: string, log: FiscalTraceRounding[]): Decimal {
  const rounded = roundMoney(value, spec.scale, spec.rounding);
  if (!rounded.equals(value)) log.push({ what, from: exactAmount(value), to: taxAmount(rounded, spec), mode: spec.rounding, scale: spec.scale });
  return rounded;
}

/** value × percent / 100, exact. */
export function percentOf(value: Decimal, percent: string | Decimal): Decimal {
  return value.times(percent).dividedBy(100);
}
