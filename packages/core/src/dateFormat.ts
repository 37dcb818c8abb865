import type { Locale } from './schema/common.js';

/**
 * The one date formatter of documents and screens: an ISO calendar date as it "31/03/2026", en "31 Mar 2026". No
 * clock and no time zone are involved (a date is data, not an instant); anything that is not YYYY-MM-DD is shown as
 * it is rather than guessed at.
 */
export function formatDate(iso: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return iso;
  const [, y, mo, d] = m;
  if (locale === 'it') return `${d}/${mo}/${y}`;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(mo) - 1];
  return `${Number(d)} ${month} ${y}`;
}
