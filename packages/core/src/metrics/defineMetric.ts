import type { z } from 'zod';
import type { BilingualText, MetricCategory } from '../schema/metrics.js';
import type { Computed, Parameter, Payout, Table } from '../schema/plan.js';

/** Plan content a metric expands into. Sheets are created when missing. */
export interface MetricExpansion {
  parameters: Record<string, Parameter>;
  tables: Record<string, Table>;
  /** Line sheet name → its source fact table and the computed columns to add. */
  lineSheets: Record<string, { source: string; columns: Record<string, Computed> }>;
  /** Summary sheet name → the computed cells to add. */
  summarySheets: Record<string, Record<string, Computed>>;
  payouts: Record<string, Payout>;
}

/** Kinds of names a metric parameter may refer to; `renameNode` keeps metric tags in step through these. */
export type MetricRefKind = 'parameter' | 'cell' | 'table' | 'lineSheet' | 'summarySheet' | 'factColumn' | 'factTable';

/** A reusable, typed, parameterised building block of plans: the builder's palette entry. */
export interface MetricDefinition<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>> {
  id: string;
  category: MetricCategory;
  /** The section its main output lands in: a line sheet column, or a summary cell. */
  section: 'lines' | 'summary';
  label: BilingualText;
  help: BilingualText;
  params: S;
  /** Which parameters name other things of the plan or of the fact schema. */
  refs: Partial<Record<string, MetricRefKind>>;
  /** A complete, valid parameter set that shows the metric at work. */
  example: z.input<S>;
  expand(params: z.output<S>): MetricExpansion;
}

/** Identity helper that keeps the params type of each metric. */
export function defineMetric<S extends z.ZodType<Record<string, unknown>>>(def: MetricDefinition<S>): MetricDefinition<S> {
  return def;
}

export function emptyExpansion(): MetricExpansion {
  return { parameters: {}, tables: {}, lineSheets: {}, summarySheets: {}, payouts: {} };
}

/** A formula string literal, with Excel's doubled-quote escaping. */
export function str(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

export function computed(formula: string, extra: Partial<Computed> = {}): Computed {
  return { formula, type: 'number', role: 'value', ...extra };
}
