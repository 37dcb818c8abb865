import { z } from 'zod';

/** Codes of every issue the engine reports. Snake case, stable: tests and callers switch on them. */
export const IssueCodeSchema = z.enum([
  'invalid_schema',
  'unknown_reference',
  'circular_reference',
  'type_mismatch',
  'formula_syntax',
  'formula_error',
  'unknown_function',
  'unlicensed_function',
  'missing_input',
  'invalid_input',
  'currency_mismatch',
  'rounding_required',
  'precision_mismatch',
  'limit_exceeded',
  'source_mapping',
  'duplicate_record',
  'unknown_partner',
  'no_plan',
  'constraint_violation',
  'invalid_file',
  /** A name an explanation shows has no label in one of the product's languages (a warning). */
  'missing_label',
]);
export type IssueCode = z.infer<typeof IssueCodeSchema>;

/** A problem as data: where it is (path, partner, sheet, row, column, record, file), what it is, how bad. */
export const IssueSchema = z.object({
  code: IssueCodeSchema,
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  partnerId: z.string().optional(),
  planId: z.string().optional(),
  sheet: z.string().optional(),
  row: z.number().optional(),
  column: z.string().optional(),
  record: z.object({ table: z.string(), id: z.string() }).optional(),
  field: z.string().optional(),
  file: z.string().optional(),
  /** The line of `file` the problem is on (1-based), for line-based formats. */
  line: z.number().optional(),
  /** The offending value as written in the input, for record and partner problems. */
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
  /** The broken rule of a constraint, e.g. `minimum 0`, `enum ACTIVE|CANCELLED`, `references partners`. */
  rule: z.string().optional(),
  /** The message in both of the product's languages (`message` is the English one). */
  messages: z.object({ it: z.string(), en: z.string() }).optional(),
  /** HyperFormula's error value, e.g. "#DIV/0!". */
  error: z.string().optional(),
  /** For problems inside a formula: the character range [start, end) in the formula text, "=" included. */
  position: z.object({ start: z.number(), end: z.number() }).optional(),
});
export type Issue = z.infer<typeof IssueSchema>;
