/**
 * Calendar dates of instants in an IANA time zone, through the runtime's Intl (ICU time-zone data), so daylight
 * saving changes are applied as the zone's rules say: Europe/Rome is +01:00 in winter and +02:00 in summer.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when the runtime knows the zone name (Intl throws a RangeError for an unknown one). */
export function isTimeZone(name: string): boolean {
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The YYYY-MM-DD date that the instant `ms` (milliseconds since the epoch) falls on in `timeZone`. */
export function calendarDateIn(timeZone: string, ms: number): string | undefined {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return undefined;
  const parts = new Map(formatterFor(timeZone).formatToParts(date).map((p) => [p.type, p.value]));
  const year = parts.get('year');
  if (!year || year.length !== 4) return undefined; // outside 0000–9999: not a business date
  return `${year}-${parts.get('month')}-${parts.get('day')}`;
}
