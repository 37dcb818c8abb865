import type { Bilingual } from './messages.js';

/**
 * What to write instead of a number typed the way a person writes it, not the way a file must: a decimal comma
 * ("12,5" → 12.5), or thousands separators with decimals ("1.234,56" or "1,234.56" → 1234.56). Files hold numbers
 * with a point for decimals and no grouping, so the value is refused; the hint shows the number the reader meant,
 * read the way the hint says. "12,500" could be twelve and a half or twelve thousand five hundred: no number is
 * suggested then, only the rule. Empty for anything else (a word, a blank).
 */
export function numberHint(value: unknown): Bilingual {
  if (typeof value !== 'string') return { en: '', it: '' };
  const bare = withoutCurrency(value.trim());
  if (bare !== undefined) return currencyHint(bare);
  const s = value.trim();
  const meant = meantNumber(s);
  if (meant !== undefined) return { en: ` (decimals take a point and no thousands separator: ${meant})`, it: ` (i decimali vanno con il punto e senza separatore delle migliaia: ${meant})` };
  if (/^[-+]?\d{1,3}(,\d{3})+$/.test(s)) {
    return { en: ' (decimals take a point and no thousands separator: is it a decimal comma or thousands?)', it: ' (i decimali vanno con il punto e senza separatore delle migliaia: è una virgola decimale o delle migliaia?)' };
  }
  return { en: '', it: '' };
}

/** The number `s` unambiguously means, written as a file must hold it, or undefined. */
function meantNumber(s: string): string | undefined {
  // a decimal comma, not three digits after it (that could be a thousands separator): 12,5 · 0,25 · 3,1416
  if (/^[-+]?\d+,(\d{1,2}|\d{4,})$/.test(s)) return s.replace(',', '.');
  // Italian groups and a decimal comma: 1.234,56 · 12.345.678,9
  if (/^[-+]?\d{1,3}(\.\d{3})+,\d+$/.test(s)) return s.replace(/\./g, '').replace(',', '.');
  // English groups and a decimal point: 1,234.56
  if (/^[-+]?\d{1,3}(,\d{3})+\.\d+$/.test(s)) return s.replace(/,/g, '');
  return undefined;
}

/** A currency sign or code at either end of an amount ("12,50 €", "€ 1.234,56", "EUR 10"), as spreadsheets export money. */
const CURRENCY_SIGN = /^(?:[€$£]|EUR|USD|GBP|CHF)\s*(?=[-+\d])|(?<=\d)\s*(?:[€$£]|EUR|USD|GBP|CHF)$/;

/** The amount without its currency sign, when it has one and the rest looks like a number; undefined otherwise. */
function withoutCurrency(s: string): string | undefined {
  if (!CURRENCY_SIGN.test(s)) return undefined;
  const bare = s.replace(CURRENCY_SIGN, '').trim();
  return /^[-+]?\d[\d.,' ]*$/.test(bare) ? bare : undefined;
}

/** What to write instead of an amount given with its currency sign: the number alone, as a file must hold it. */
function currencyHint(bare: string): Bilingual {
  // a point before exactly three digits ("1.234 €") may group thousands: no number is suggested then
  const meant = /^[-+]?\d+(\.(\d{1,2}|\d{4,}))?$/.test(bare) ? bare : meantNumber(bare);
  if (meant !== undefined) return { en: ` (write the amount without its currency sign, with a point for decimals: ${meant})`, it: ` (scrivi l'importo senza il simbolo della valuta, con il punto per i decimali: ${meant})` };
  return { en: ' (write the amount without its currency sign)', it: " (scrivi l'importo senza il simbolo della valuta)" };
}
