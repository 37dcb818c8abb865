import { z } from 'zod';

/** A name usable inside formulas: sheets, columns, cells, parameters, tables. */
export const NameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must start with a letter or _ and hold only letters, digits and _')
  .max(64);

/** An exact decimal written as a string, e.g. "1234.56" or "-0.012". Money never travels as a float. */
export const DecimalStringSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "12.50"');

/** An ISO calendar date, YYYY-MM-DD. */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

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
