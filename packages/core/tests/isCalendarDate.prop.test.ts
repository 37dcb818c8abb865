import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isCalendarDate } from '../src/schema/common.js';

/**
 * isCalendarDate reads dates digit by digit; its definition, written here on its own, is the one it replaced: the text
 * is YYYY-MM-DD and JavaScript's Date (proleptic Gregorian, UTC) gives back the same year, month and day.
 */
const reference = (text: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Dates near and past every month's end, in leap and common years, centuries and the years 0–150. */
const dateLike = fc
  .tuple(fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 99, 100, 1600, 1900, 2000, 2024, 2026, 2100, 2400)), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([y, m, d]) => `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`);
/** Near misses: a character replaced, dropped or added anywhere in a date. */
const nearMiss = fc
  .tuple(dateLike, fc.integer({ min: 0, max: 10 }), fc.constantFrom('', 'x', '/', '-', ' ', '0', '٣', '+', '.'), fc.integer({ min: 0, max: 1 }))
  .map(([s, at, c, drop]) => s.slice(0, at) + c + s.slice(at + drop));

describe('isCalendarDate', () => {
  it('agrees with the Date-based definition on dates, near misses and any text', () => {
    fc.assert(
      fc.property(fc.oneof(dateLike, nearMiss, fc.string({ maxLength: 12 })), (text) => {
        expect(isCalendarDate(text)).toBe(reference(text));
      }),
      { numRuns: 30_000, seed: 20261204 },
    );
  });

  it('answers the cases a reader checks by hand', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2100-02-29')).toBe(false);
    expect(isCalendarDate('2026-04-31')).toBe(false);
    expect(isCalendarDate('2026-12-31')).toBe(true);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(isCalendarDate(' 2026-01-01')).toBe(false);
  });
});
