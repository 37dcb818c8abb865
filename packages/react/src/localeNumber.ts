import { Decimal } from '@provvigo/core';
import type { UiLocale } from './i18n.js';

/** A number typed or pasted by a person, read as a decimal string ("1234.5"), or why it is not one. */
export type LocaleNumber = { ok: true; value: string } | { ok: false; reason: 'empty' | 'notANumber' };

const SEPARATORS: Record<UiLocale, { group: string; decimal: string }> = { it: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a number as a spreadsheet in `locale` writes it: Italian "1.234,5" and English "1,234.5" are 1234.5. Spaces,
 * a leading or trailing € and a trailing % (divided by 100: "8,5 %" → 0.085) are accepted. A dot in Italian text that
 * cannot be a thousands separator ("0.012", "3.5") is a decimal point, as Calc pastes from an English sheet; anything
 * else ambiguous is refused rather than guessed. Exact: no binary floating point on the way.
 */
export function parseLocaleNumber(text: string, locale: UiLocale): LocaleNumber {
  let s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^€|€$/g, '');
  if (s === '') return { ok: false, reason: 'empty' };
  const percent = s.endsWith('%');
  if (percent) s = s.slice(0, -1);
  const { group, decimal } = SEPARATORS[locale];
  const g = escapeRegExp(group);
  const d = escapeRegExp(decimal);
  let plain: string | undefined;
  if (new RegExp(`^[-+]?[1-9]\\d{0,2}(${g}\\d{3})+(${d}\\d+)?$`).test(s)) plain = s.split(group).join('').replace(decimal, '.');
  else if (new RegExp(`^[-+]?\\d+(${d}\\d+)?$`).test(s)) plain = s.replace(decimal, '.');
  else if (locale === 'it' && /^[-+]?\d+\.\d+$/.test(s)) plain = s;
  if (plain === undefined) return { ok: false, reason: 'notANumber' };
  plain = plain.replace(/^\+/, '');
  if (!percent) return { ok: true, value: plain };
  const places = (plain.split('.')[1]?.length ?? 0) + 2;
  return { ok: true, value: new Decimal(plain).div(100).toFixed(places).replace(/^-0(\.0+)?$/, '0$1') };
}

/** A decimal string ("1234.5") as the locale writes it for editing ("1234,5"): no grouping, every digit kept. */
export function showLocaleNumber(value: string, locale: UiLocale): string {
  return locale === 'it' ? value.replace('.', ',') : value;
}
