import type { Period } from '../schema/result.js';
import type { YtdState } from '../schema/fiscal.js';

/** The calendar year of a period (by its end date: a statement belongs to the year it closes in). */
export function periodYear(period: Period): number {
  return Number(period.end.slice(0, 4));
}

/** 1..4, the calendar quarter of the period's end date. */
export function periodQuarter(period: Period): number {
  return Math.floor((Number(period.end.slice(5, 7)) - 1) / 3) + 1;
}

/** True when the period ends on the last day of a calendar quarter. */
export function endsQuarter(period: Period): boolean {
  return ['03-31', '06-30', '09-30', '12-31'].includes(period.end.slice(5));
}

export function endsYear(period: Period): boolean {
  return period.end.slice(5) === '12-31';
}

/** The state to start from: the given one when it is of the period's year and partner, otherwise a fresh one. */
export function ytdForPeriod(ytd: YtdState | null, partnerId: string, period: Period): YtdState {
  const year = periodYear(period);
  if (ytd && ytd.year === year && ytd.partnerId === partnerId) {
    return { partnerId, year, values: { ...ytd.values }, periods: [...ytd.periods] };
  }
  return { partnerId, year, values: {}, periods: [] };
}
