import { z } from 'zod';

/** Names a JavaScript object would resolve through its prototype: never a declared name (defence in depth: names are looked up in Maps). */
const RESERVED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** A name usable inside formulas: sheets, columns, cells, parameters, tables. */
export const NameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _')
  .max(64)
  .refine((name) => !RESERVED_NAMES.has(name), 'is a reserved name (__proto__, constructor, prototype)');

/** An exact decimal written as a string, e.g. "1234.56" or "-0.012". Money never travels as a float. */
export const DecimalStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "12.50"');

/**
 * The years of core's calendar dates: written YYYY, and not 0–99 (see `isCalendarDate`). A year given on its own (a
 * year-to-date state's) takes the same bounds, so it is always the year of a date core accepts.
 */
export const MIN_CALENDAR_YEAR = 100;
export const MAX_CALENDAR_YEAR = 9999;

const YEAR_MESSAGE = `must be a calendar year from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}`;
/** A calendar year as core's dates have it (`MIN_CALENDAR_YEAR`–`MAX_CALENDAR_YEAR`). */
export const CalendarYearSchema = z.number().int().min(MIN_CALENDAR_YEAR, YEAR_MESSAGE).max(MAX_CALENDAR_YEAR, YEAR_MESSAGE);

/** True for a real calendar date written YYYY-MM-DD (`2026-02-29` and `2026-02-31` are not). */
export function isCalendarDate(text: string): boolean {
  // Read digit by digit, without a regular expression's match or a Date: a run checks every date of every record.
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false;
  const y = digits(text, 0, 4);
  const mo = digits(text, 5, 2);
  const d = digits(text, 8, 2);
  // Years 0–99 are refused, as they always were: JavaScript's Date.UTC, which this used to ask, reads them as 1900–1999.
  if (y < MIN_CALENDAR_YEAR || mo < 1 || mo > 12 || d < 1) return false;
  return d <= (mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : DAYS_IN_MONTH[mo - 1]!);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `length` ASCII digits of `text` from `at`, or −1 when one of them is not a digit. */
function digits(text: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * An instant as Provvigo records one (an action's `at`, an audit entry): ISO 8601's extended format as
 * `toISOString` writes it, seconds and fraction optional, with its offset (a time without one names a different
 * instant on each machine), on a day that exists.
 */
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** True for an ISO 8601 date-time with its offset, e.g. `2026-11-01T08:00:00Z` (see `DATE_TIME`). */
export function isIsoDateTime(text: string): boolean {
  const m = DATE_TIME.exec(text);
  return m !== null && isCalendarDate(m[1]!);
}

/** An ISO calendar date, YYYY-MM-DD, that exists in the calendar. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine(isCalendarDate, 'is not a date in the calendar');

/** A text in one or both of the product's languages; a plain string serves both. */
export const LocalizedTextSchema = z.union([
  z.string(),
  z.object({ it: z.string().optional(), en: z.string().optional() }).strict(),
]);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

/** A text a reader sees, written in both of the product's languages (issues, refusals, error values). */
export type BothLanguages = { it: string; en: string };

export const LocaleSchema = z.enum(['it', 'en']);
export type Locale = z.infer<typeof LocaleSchema>;

/** The value types a fact column, parameter or computed column can have. */
export const ValueTypeSchema = z.enum(['number', 'integer', 'money', 'percent', 'text', 'boolean', 'date']);
export type ValueType = z.infer<typeof ValueTypeSchema>;

export const PartnerKindSchema = z.enum(['agency', 'agent', 'outbound', 'installer', 'technician']);
export type PartnerKind = z.infer<typeof PartnerKindSchema>;

export const RoundingModeSchema = z.enum(['halfUp', 'halfEven', 'down', 'up']);
export type RoundingMode = z.infer<typeof RoundingModeSchema>;

/** A scalar as it appears in JSON facts and tables. */
export const ScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type Scalar = z.infer<typeof ScalarSchema>;
