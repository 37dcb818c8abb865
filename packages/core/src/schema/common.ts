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

/** True for a real calendar date written YYYY-MM-DD (`2026-02-29` and `2026-02-31` are not). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** An ISO calendar date, YYYY-MM-DD, that exists in the calendar. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').refine(isCalendarDate, 'is not a date in the calendar');

/** A text in one or both of the product's languages; a plain string serves both. */
export const LocalizedTextSchema = z.union([
  z.string(),
  z.object({ it: z.string().optional(), en: z.string().optional() }).strict(),
]);
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

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
