import { currencyScale, decimalsOf, exactAmount } from './money.js';
import type { Locale } from './schema/common.js';

/**
 * The one money formatter: every statement, explanation, invoice, portal page and CLI line shows amounts through it,
 * so the same amount reads the same everywhere. The figures come from the locale's own conventions (Intl, ICU data),
 * the currency and the number of decimals from the data, never from a default.
 */

const LOCALES: Record<Locale, string> = { it: 'it-IT', en: 'en-US' };
const cache = new Map<string, Intl.NumberFormat>();

function formatter(locale: Locale, currency: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}|${digits}`;
  let f = cache.get(key);
  if (!f) {
    // `useGrouping: 'always'` is Intl.NumberFormat v3 (Node 20+); TypeScript's lib still types it as a boolean.
    const options = {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      // Money is grouped from the thousands in every locale (Italian CLDR data would leave "1234,50 €" ungrouped,
      // which invoices and statements do not do).
      useGrouping: 'always',
    };
    f = new Intl.NumberFormat(LOCALES[locale], options as unknown as Intl.NumberFormatOptions);
    cache.set(key, f);
  }
  return f;
}

/**
 * Formats an exact decimal amount as people read it: `formatMoney('1234.5', 'EUR', 'it', 2)` → "1.234,50 €",
 * `('1234.5', 'EUR', 'en', 2)` → "€1,234.50", `('1234', 'JPY', 'en', 0)` → "¥1,234".
 *
 * `scale` is the amount's denomination (the plan's scale); without it, the currency's ISO minor units. An amount
 * with more decimals than that is shown with all of them: the formatter never rounds. The amount goes to Intl as
 * a string, which formats it exactly (no float). Non-breaking spaces become plain spaces, so the text found in a
 * PDF, a terminal or a CSV cell is the text a test or a reader searches for.
 */
export function formatMoney(amount: string, currency: string, locale: Locale, scale?: number): string {
  const exact = exactAmount(amount);
  const digits = Math.max(scale ?? currencyScale(currency), decimalsOf(exact));
  // Intl.NumberFormat v3 formats a decimal string exactly; TypeScript's lib types `format` for numbers only.
  const text = formatter(locale, currency, digits).format(exact as unknown as number);
  return text.replace(/[\u00a0\u202f]/g, ' ');
}

/**
 * A change of an amount (an adjustment's delta) as money with its sign always written: "+€38.50", "-€3.00",
 * "+38,50 €". A reader of a correction sees at once which way it goes; `formatMoney` writes only the minus.
 */
export function formatMoneyChange(amount: string, currency: string, locale: Locale, scale?: number): string {
  const text = formatMoney(amount, currency, locale, scale);
  return amount.trim().startsWith('-') ? text : `+${text}`;
}

/**
 * An amount corrected, written as a reader follows it: before → after (the signed change), e.g.
 * "€38.50 → €77.00 (+€38.50)". What a partner's question shows of each adjustment that corrects it, wherever it is
 * written (the CLI's `period questions`, the e-mail of `period notify`).
 */
export function formatMoneyMove(previous: string, next: string, delta: string, currency: string, locale: Locale, scale?: number): string {
  return `${formatMoney(previous, currency, locale, scale)} → ${formatMoney(next, currency, locale, scale)} (${formatMoneyChange(delta, currency, locale, scale)})`;
}
