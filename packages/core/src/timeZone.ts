/**
 * Calendar dates of instants in an IANA time zone, through the runtime's Intl (ICU time-zone data), so daylight
 * saving changes are applied as the zone's rules say: Europe/Rome is +01:00 in winter and +02:00 in summer. The
 * adapters read instants (a billing event's timestamp, a Salesforce datetime) into the day a commission belongs to
 * with it; one implementation, so both agree on which day an instant falls on.
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

/**
 * True when `name` is a zone name the runtime knows (Intl throws a RangeError for an unknown one). A bare UTC offset
 * (`+01:00`), which recent runtimes also accept, is refused: it has no daylight saving, so half the year it is not
 * the time of the place it stands for.
 */
export function isTimeZone(name: string): boolean {
  if (/^[+\-\u2212]/.test(name)) return false;
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
  if (year?.length !== 4) return undefined; // outside 0000–9999: not a business date
  return `${year}-${parts.get('month')}-${parts.get('day')}`;
}
