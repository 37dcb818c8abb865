import { z } from 'zod';
import { RoundingModeSchema } from './common.js';

const TraceValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** An input a computed cell read: a fact column, another column, a parameter, a summary cell or a table lookup. */
export const TraceInputSchema = z.object({
  name: z.string(),
  kind: z.enum(['fact', 'column', 'cell', 'parameter', 'table']),
  value: TraceValueSchema,
  /**
   * For fact inputs read from a record other than the line's own: that record. A line's own record is its
   * `trace.source`, stated once.
   */
  source: z.object({ system: z.string(), table: z.string(), id: z.string() }).optional(),
  /**
   * For a whole column read by a summary payout (e.g. `COUNT(Lines[Commission])`): the partner's values in row order,
   * so the aggregate can be re-derived from the trace alone.
   */
  values: z.array(TraceValueSchema).optional(),
});
export type TraceInput = z.infer<typeof TraceInputSchema>;

/** The tier band a TIER function hit. */
export const TraceBandSchema = z.object({
  table: z.string(),
  mode: z.enum(['marginal', 'retroactive']),
  index: z.number(),
  from: z.string(),
  to: z.string().nullable(),
  rate: z.string(),
  quantity: z.string(),
});
export type TraceBand = z.infer<typeof TraceBandSchema>;

/** A table lookup a RATE function made: which row matched. */
export const TraceLookupSchema = z.object({
  table: z.string(),
  column: z.string(),
  keys: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
  row: z.number().nullable(),
  value: TraceValueSchema,
});
export type TraceLookup = z.infer<typeof TraceLookupSchema>;

/** One computed cell on the way to a line: its formula as written, inputs by name with values, result. */
export const TraceCellSchema = z.object({
  sheet: z.string(),
  name: z.string(),
  formula: z.string(),
  label: z.string().optional(),
  role: z.string().optional(),
  inputs: z.array(TraceInputSchema),
  value: TraceValueSchema,
  error: z.string().optional(),
  bands: z.array(TraceBandSchema).optional(),
  lookups: z.array(TraceLookupSchema).optional(),
  /** For gate cells: whether the gate passed. */
  gate: z.enum(['passed', 'failed']).optional(),
});
export type TraceCell = z.infer<typeof TraceCellSchema>;

export const TraceRoundingSchema = z.object({
  what: z.string(),
  from: z.string(),
  to: z.string(),
  mode: RoundingModeSchema,
  scale: z.number(),
});
export type TraceRounding = z.infer<typeof TraceRoundingSchema>;

/** The full explanation of one statement line (ARCHITECTURE §2, Trace). JSON-serialisable. */
export const LineTraceSchema = z.object({
  plan: z.object({ id: z.string(), version: z.number(), hash: z.string() }),
  partnerId: z.string(),
  period: z.string(),
  payout: z.string(),
  sheet: z.string(),
  row: z.number().nullable(),
  source: z.object({ system: z.string(), table: z.string(), id: z.string() }).nullable(),
  cells: z.array(TraceCellSchema),
  /** The formula engine's raw double for the payout, as a string, before finalisation. */
  formulaValue: z.string().nullable(),
  /** The exact decimal value of the payout formula, before rounding. */
  exactValue: z.string().nullable(),
  rounding: z.array(TraceRoundingSchema),
  amount: z.string(),
  flags: z.array(z.string()),
});
export type LineTrace = z.infer<typeof LineTraceSchema>;
