import type { Value } from '../formula/interpret.js';
import type { AnalyzedPlan, CellDef, LineSheetDef } from '../plan/parsePlan.js';

/**
 * A second formula engine that can cross-check the run. Core computes and pays every line itself (exact decimal,
 * no spreadsheet engine); a `FormulaEngine` recomputes the cells of the units it is handed so the run can compare
 * (`EvaluateOptions.verify`). HyperFormula's implementation lives in `@provvigo/core/hyperformula`, off core's main
 * entry, so code that only reads plans, statements or money never loads it.
 */
export interface FormulaEngine {
  /** Shown in the run summary (`verify.engine`). */
  readonly name: string;
  /**
   * Called once per run before any unit, with the plans that will be cross-checked: throws a `PlanError` when the
   * engine cannot compute them (e.g. a licence key that does not include a function the plans use).
   */
  prepare(plans: readonly AnalyzedPlan[]): void;
  /**
   * Computes every cell of these units (one batch; in `sample` mode, the whole sample at once) and returns where to
   * read the values. `single` is true when these units are the whole run (a live-preview engine may keep its workbook
   * then).
   */
  evaluate(units: readonly EngineUnit[], single: boolean): EngineValues;
}

/** One (partner, plan) pair handed to the engine: exact values, in the plan's column order. */
export interface EngineUnit {
  plan: AnalyzedPlan;
  /** The plan's position among the run's plans (stable within a run). */
  planIndex: number;
  /** Parameter values for this partner (overrides applied), by name. */
  params: ReadonlyMap<string, Value>;
  /** Per plan line sheet, one array per row of the values of `def.factColumns`. */
  sheets: ReadonlyArray<{ def: LineSheetDef; rows: Value[][] }>;
}

/** A value as the engine gives it: numbers as doubles, errors as their code. */
export type EngineValue = number | string | boolean | null | { error: string; message: string };

/** The value of a unit's cell (`row` is the 0-based row for a line column, null for a summary cell). */
export type EngineValues = (unit: number, cell: CellDef, row: number | null) => EngineValue;

/** How much of the run the formula engine recomputes: every partner, a deterministic sample, or none. */
export type VerifyMode = 'full' | 'sample' | 'off';

/** Partners cross-checked in `sample` mode. */
export const VERIFY_SAMPLE_SIZE = 3;

/**
 * The partners `sample` mode cross-checks: `VERIFY_SAMPLE_SIZE` spread evenly over the sorted ids of the partners
 * some plan applies to. Depends only on that list, so every partition of a run (worker threads) picks the same ones.
 */
export function verifySample(sortedPartnerIds: readonly string[], size = VERIFY_SAMPLE_SIZE): Set<string> {
  const n = sortedPartnerIds.length;
  const k = Math.min(n, size);
  const out = new Set<string>();
  for (let i = 0; i < k; i++) out.add(sortedPartnerIds[Math.floor((i * n) / k)]!);
  return out;
}
