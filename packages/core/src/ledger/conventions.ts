import type { Conditions } from '../schema/plan.js';
import { addMonths, daysBetween, Decimal } from './util.js';

/**
 * Ledger conventions a finance team can choose per plan (payment conditions) or per agreement. Each has a default
 * that is Provvigo's historical behaviour, and each is written into the `details` of the entries it shaped, so the
 * trace of an amount names the convention that produced it. Reference: packages/core/docs/ledger.md §Conventions.
 */
export type DayCount = 'actual' | 'fixed365' | '30/360';
export type ReserveBasis = 'line' | 'periodTotal';
export type RecoveryStart = 'sameMonth' | 'nextMonth';

type Release = NonNullable<Conditions['release']>;
type Clawback = NonNullable<Conditions['clawback']>;

export const DEFAULT_DAY_COUNT: DayCount = 'actual';
export const DEFAULT_RESERVE_BASIS: ReserveBasis = 'line';
export const DEFAULT_RECOVERY_START: RecoveryStart = 'nextMonth';

/** Adds whole calendar days to an ISO date (UTC arithmetic: no clock, no time zone). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The release deadline of a line sold on `saleDate`: sale date + deadlineMonths (month-end clamped) or + deadlineDays. */
export function releaseDeadline(saleDate: string, release: Release): string | null {
  if (release.deadlineMonths !== undefined) return addMonths(saleDate, release.deadlineMonths);
  if (release.deadlineDays !== undefined) return addDays(saleDate, release.deadlineDays);
  return null;
}

/** The last day on which a releasing event still counts: the deadline itself when inclusive (default), else the day before. */
export function lastReleaseDay(deadline: string, release: Pick<Release, 'deadlineInclusive'> | undefined): string {
  return (release?.deadlineInclusive ?? true) ? deadline : addDays(deadline, -1);
}

/** End of a clawback window opened on `start`: + withinMonths (month-end clamped) or + withinDays. */
export function clawbackWindowEnd(start: string, claw: Clawback): string {
  return claw.withinDays !== undefined ? addDays(start, claw.withinDays) : addMonths(start, claw.withinMonths ?? 0);
}

/** Days from a to b under 30E/360 (European): day 31 counts as 30, every month has 30 days, a year 360. */
export function days360(a: string, b: string): number {
  const [ya, ma, da] = a.split('-').map(Number) as [number, number, number];
  const [yb, mb, db] = b.split('-').map(Number) as [number, number, number];
  return 360 * (yb - ya) + 30 * (mb - ma) + (Math.min(db, 30) - Math.min(da, 30));
}

export interface ProRata {
  /** Days of the window still to run when the contract ended. */
  left: Decimal;
  /** Days of the whole window under the day count. */
  total: Decimal;
  fraction: Decimal;
  dayCount: DayCount;
}

/**
 * The share of a paid amount clawed back pro rata temporis: days left in the window over days in the window, as the
 * convention counts them. A termination before the window opened counts from the window start (the whole window).
 */
export function proRataFraction(windowStart: string, endedOn: string, windowEnd: string, claw: Clawback): ProRata {
  const dayCount = claw.dayCount ?? DEFAULT_DAY_COUNT;
  const from = endedOn < windowStart ? windowStart : endedOn;
  let left: Decimal;
  let total: Decimal;
  if (dayCount === '30/360') {
    left = new Decimal(Math.max(0, days360(from, windowEnd)));
    total = new Decimal(days360(windowStart, windowEnd));
  } else if (dayCount === 'fixed365' && claw.withinDays === undefined) {
    total = new Decimal(365).times(claw.withinMonths ?? 0).dividedBy(12);
    left = Decimal.min(total, Math.max(0, daysBetween(from, windowEnd)));
  } else {
    left = new Decimal(Math.max(0, daysBetween(from, windowEnd)));
    total = new Decimal(daysBetween(windowStart, windowEnd));
  }
  return { left, total, fraction: total.isZero() ? new Decimal(0) : left.dividedBy(total), dayCount };
}

/** How a clawback window is said in an explanation: "12-month" or "30-day". */
export function windowText(claw: Clawback): string {
  return claw.withinDays !== undefined ? `${claw.withinDays}-day` : `${claw.withinMonths}-month`;
}
