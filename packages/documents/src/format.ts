import type { Locale } from '@provvigo/core';
import { dec } from './money.js';

/** A rate as a percentage: it "23,00%", en "23.00%"; trailing zeros beyond two decimals dropped. */
export function formatRate(rate: string, locale: Locale): string {
  const d = dec(rate);
  const s = d.decimalPlaces() <= 2 ? d.toFixed(2) : d.toString();
  return `${locale === 'it' ? s.replace('.', ',') : s}%`;
}

/** ISO date as it "31/03/2026", en "31 Mar 2026" (no clock, no time zone involved). */
export function formatDate(iso: string, locale: Locale): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  if (locale === 'it') return `${d}/${m}/${y}`;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(d)} ${months[Number(m) - 1]} ${y}`;
}

/** IBAN in groups of four, as printed. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}
