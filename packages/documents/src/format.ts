import type { Locale } from '@provvigo/core';
import { dec } from './money.js';

/** A rate as a percentage: it "23,00%", en "23.00%"; trailing zeros beyond two decimals dropped. */
export function formatRate(rate: string, locale: Locale): string {
  const d = dec(rate);
  const s = d.decimalPlaces() <= 2 ? d.toFixed(2) : d.toString();
  return `${locale === 'it' ? s.replace('.', ',') : s}%`;
}

/** IBAN in groups of four, as printed. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
