import type { Period } from '@provvigo/core';

/** A calendar month "YYYY-MM" as a period with its first and last day. */
export function monthPeriod(month: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) throw new Error(`a period is a month "YYYY-MM", got "${month}"`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  if (mon < 1 || mon > 12) throw new Error(`month out of range in "${month}"`);
  const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return { id: month, start: `${month}-01`, end: `${month}-${String(last).padStart(2, '0')}` };
}

/** Every date of a period, as YYYY-MM-DD. */
export function periodDays(period: Period): string[] {
  const days: string[] = [];
  for (let d = new Date(`${period.start}T00:00:00Z`); d.toISOString().slice(0, 10) <= period.end; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.floor(days));
  return d.toISOString().slice(0, 10);
}
