import type { FactRecord, FactSchema } from './schema/facts.js';
import type { Partner } from './schema/partner.js';
import type { Plan } from './schema/plan.js';
import type { Period, RunResult, Statement } from './schema/result.js';

/** Everything a period evaluation reads. Pure data: no IO, no clock. */
export interface RunInput {
  period: Period;
  plans: Plan[];
  partners: Partner[];
  factSchema: FactSchema;
  /** Fact table name → records, as parsed from JSON or CSV (values may still be strings; the run coerces them). */
  facts: Record<string, FactRecord[]>;
}

export interface EvaluateOptions {
  /** HyperFormula licence key, passed through unchanged: 'gpl-v3' or a commercial key. */
  licenseKey: string;
  /** Partners per HyperFormula instance (default 250). Results never depend on it. */
  batchSize?: number;
  /** Keep the trace on every line (default true). */
  keepTrace?: boolean;
  /** Called once per partner-batch, for progress bars. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Computes only the partners of one partition (the i-th of `count`, round-robin over sorted partner ids), so
   * workers can split a period; merge the parts with `mergeRunResults`. Records of unknown partners are counted by
   * partition 0.
   */
  partition?: { index: number; count: number };
}

/** A run summary without statements, for streaming callers that receive statements one by one. */
export type RunSummary = Omit<RunResult, 'statements'> & { statementCount: number; lineCount: number };

export type StatementSink = (statement: Statement) => void;
