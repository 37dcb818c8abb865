import type { UiLocale } from './i18n.js';

/**
 * Formats an exact decimal string for display without passing through a float: grouping and the decimal mark follow
 * the locale ("1234.5" → "1.234,50" in Italian, "1,234.50" in English).
 */
export function formatDecimal(value: string, locale: UiLocale, minFraction = 2): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac = ''] = m;
  const group = locale === 'it' ? '.' : ',';
  const mark = locale === 'it' ? ',' : '.';
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const fraction = frac.padEnd(minFraction, '0');
  return `${sign}${grouped}${fraction ? mark + fraction : ''}`;
}


/** Formats a trace value (number, text, boolean, null) for display. */
export function formatValue(value: unknown, locale: UiLocale): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return locale === 'it' ? (value ? 'VERO' : 'FALSO') : value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return formatDecimal(String(Number.isInteger(value) ? value : +value.toPrecision(12)), locale, 0);
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return formatDecimal(value, locale, 0);
  return String(value);
}

/**
 * A share (exact decimal, 0.085) as a percentage in the locale, without a float: "8,5 %" in Italian (a space before
 * the sign, as Italian style guides write it), "8.5%" in English.
 */
export function formatPercent(share: string, locale: UiLocale): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(share.trim());
  if (!m) return share;
  const [, sign, int, frac = ''] = m;
  // moving the decimal point two places is exact on the digits
  const digits = `${int}${frac.padEnd(2, '0')}`;
  const whole = digits.slice(0, int!.length + 2).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(int!.length + 2).replace(/0+$/, '');
  const number = formatDecimal(`${sign}${whole}${rest ? `.${rest}` : ''}`, locale, 0);
  return locale === 'it' ? `${number} %` : `${number}%`;
}
