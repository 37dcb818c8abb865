import { z } from 'zod';
import { ownRecord } from './ownRecord.js';
import { RoundingModeSchema } from './common.js';
import { IssueSchema } from './issue.js';
import { LineTraceSchema } from './trace.js';

export const PeriodSchema = z
  .object({
    id: z.string().min(1),
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    end: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  })
  .strict();
export type Period = z.infer<typeof PeriodSchema>;

export const StatementLineSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  planId: z.string(),
  planVersion: z.number(),
  payout: z.string(),
  component: z.string(),
  label: z.string(),
  sheet: z.string(),
  row: z.number().nullable(),
  source: z.object({ system: z.string(), table: z.string(), id: z.string() }).nullable(),
  currency: z.string(),
  /** Decimal string, rounded with the plan's mode to the plan's scale. */
  amount: z.string(),
  status: z.enum(['ok', 'zero', 'error']),
  issues: z.array(IssueSchema),
  trace: LineTraceSchema,
});
export type StatementLine = z.infer<typeof StatementLineSchema>;

export const StatementSchema = z.object({
  partnerId: z.string(),
  period: z.string(),
  currency: z.string(),
  /**
   * Decimal places and rounding mode of the plan the lines come from: with `currency`, the denomination every amount
   * of the statement is shown in. Absent only on statements stored before they were recorded; readers then take
   * the currency's ISO minor units (see `statementMoney`).
   */
  scale: z.number().int().min(0).max(6).optional(),
  rounding: RoundingModeSchema.optional(),
  lines: z.array(StatementLineSchema),
  /** Sum of the lines, exactly (at the plan's scale: lines are already rounded to it). */
  total: z.string(),
  /** Totals per payout component, exactly. */
  byComponent: ownRecord(z.string(), z.string()),
  /** True when a line carries an error: this partner cannot be approved. */
  blocked: z.boolean(),
  issues: z.array(IssueSchema),
  /**
   * The partner's fact records the run rejected, each with the issue saying why (absent when there are none). They
   * block the statement when a plan of the partner says `rejectedRecords: "block"`.
   */
  rejected: z.array(IssueSchema).optional(),
});
export type Statement = z.infer<typeof StatementSchema>;

/** in = used + excluded + rejected, per fact table (ARCHITECTURE §3, invariant 6). */
export const TableCountsSchema = z.object({
  in: z.number(),
  used: z.number(),
  excluded: z.number(),
  rejected: z.number(),
  /** Excluded records by reason (the named filter, out of period, no plan for the partner…). */
  excludedBy: ownRecord(z.string(), z.number()),
});
export type TableCounts = z.infer<typeof TableCountsSchema>;

/** What the run cross-checked with a second formula engine (`EvaluateOptions.verify`). Not part of the output hash. */
export const VerifySummarySchema = z.object({
  mode: z.enum(['full', 'sample', 'off']),
  /** The cross-checking engine's name, or null when the run had none. */
  engine: z.string().nullable(),
  /** The partners whose every line was recomputed, sorted. */
  partners: z.array(z.string()),
  /** Lines cross-checked. */
  lines: z.number(),
  /** Lines where the engine disagreed with the exact value (each has an issue). */
  mismatches: z.number(),
});
export type VerifySummary = z.infer<typeof VerifySummarySchema>;

export const RunResultSchema = z.object({
  period: PeriodSchema,
  plans: z.array(z.object({ id: z.string(), version: z.number(), hash: z.string() })),
  statements: z.array(StatementSchema),
  issues: z.array(IssueSchema),
  counts: ownRecord(z.string(), TableCountsSchema),
  totals: ownRecord(z.string(), z.string()),
  inputHash: z.string(),
  outputHash: z.string(),
  verify: VerifySummarySchema.optional(),
});
export type RunResult = z.infer<typeof RunResultSchema>;
