import { Decimal, bothTexts, exactAmount, sumDecimals, type BothLanguages } from '@provvigo/core';
import { DocumentError } from './errors.js';

/**
 * The documents' names for core's one money module (no decimal clone or rounding of our own): amounts keep the
 * scale of the statement they come from, and are only ever written, never re-rounded.
 */
export { Decimal };

export const dec = (value: string | Decimal): Decimal => new Decimal(value);

/** Exact sum of decimal strings. */
export const sum = sumDecimals;

/** An amount written exactly, with at least `scale` decimals (the document's denomination) and nothing dropped. */
export function amountAt(value: string | Decimal, scale: number): string {
  return exactAmount(value, scale);
}

/**
 * FatturaPA's two-decimal fields (Amount2DecimalType, RateType): the value written with two decimals. A value with
 * more decimals than that is refused, not rounded: the XML must show the figures the PDF shows. `field` is an XML
 * element's name (one text in both languages) or a place worded in each; the error's path is its English.
 */
export function twoDecimals(value: string | Decimal, field: string | BothLanguages): string {
  const d = new Decimal(value);
  if (d.decimalPlaces() > 2) {
    const named = bothTexts(field);
    throw new DocumentError({ en: `${named.en}: ${d.toString()} has more than the two decimals FatturaPA allows`, it: `${named.it}: ${d.toString()} ha più delle due cifre decimali ammesse dalla FatturaPA` }, [named.en]);
  }
  return exactAmount(d, 2);
}
