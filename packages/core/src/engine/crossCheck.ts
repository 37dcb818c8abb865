/**
 * The run's cross-check (`EvaluateOptions.verify`): the units of the checked partners handed to the formula engine in
 * one call, and where each unit's values are. `full` calls it per batch. `sample` calls it once, ahead of the batches,
 * for the whole run: the sample is a few partners spread evenly over the run (`verifySample`), so batch by batch each
 * would fall in a batch of its own and cost HyperFormula a workbook, with its fixed cost, each.
 */
import type { CellDef } from '../plan/parsePlan.js';
import type { VerifySummary } from '../schema/result.js';
import { verifySample, type EngineValue, type FormulaEngine, type VerifyMode } from './formulaEngine.js';
import type { RunPartners } from './runPartners.js';
import { engineUnit, selects, type PreparedPlan, type UnitWork } from './units.js';

/** Where a unit's values from the formula engine are: undefined for a unit not cross-checked. */
export type UnitCheck = (work: UnitWork) => ((cell: CellDef, row: number | null) => EngineValue) | undefined;

/**
 * Evaluates the units of `units` whose partner is in `partners` with `engine`, in one call. `whole`: `units` are the
 * whole run (a live-preview engine may keep its workbook when every one of them is checked).
 */
export function crossCheck(engine: FormulaEngine, units: readonly UnitWork[], partners: ReadonlySet<string>, whole: boolean): UnitCheck {
  const picked = units.filter((u) => partners.has(u.partner.id));
  if (picked.length === 0) return () => undefined;
  const values = engine.evaluate(picked.map(engineUnit), whole && picked.length === units.length);
  const index = new Map(picked.map((u, j) => [u, j]));
  return (work) => {
    const j = index.get(work);
    return j === undefined ? undefined : (cell, row) => values(j, cell, row);
  };
}

/** A run's cross-check, set up: what its summary reports, and the check of each batch. */
export interface RunCrossCheck {
  /** The run summary's `verify`; `lines` and `mismatches` are counted as the lines are made. */
  summary: VerifySummary;
  /** The check of a batch's units (`whole`: the batch is the whole run); undefined when none is checked. */
  forBatch(batch: readonly UnitWork[], whole: boolean): UnitCheck | undefined;
}

/**
 * Which partners `engine` recomputes under `verify` (the same in every partition of the run: the sample is drawn
 * from every partner a plan selects), and, for `sample`, their values computed now, while `units` still holds them.
 */
export function runCrossCheck(engine: FormulaEngine | undefined, verify: VerifyMode | undefined, partners: RunPartners, plans: readonly PreparedPlan[], units: readonly UnitWork[]): RunCrossCheck {
  const mode = engine ? (verify ?? 'sample') : 'off';
  const planned = partners.ids.filter((id) => plans.some((p) => selects(p.analyzed.plan, partners.byId.get(id)!)));
  const checked = mode === 'full' ? new Set(planned) : mode === 'sample' ? verifySample(planned) : new Set<string>();
  const here = [...checked].filter((id) => partners.inPartition.has(id)).sort();
  const summary: VerifySummary = { mode, engine: engine?.name ?? null, partners: here, lines: 0, mismatches: 0 };
  if (!engine || mode === 'off') return { summary, forBatch: () => undefined };
  if (checked.size > 0 && units.some((u) => checked.has(u.partner.id))) engine.prepare(plans.map((p) => p.analyzed));
  if (mode === 'full') return { summary, forBatch: (batch, whole) => crossCheck(engine, batch, checked, whole) };
  // A sample is cross-checked ahead of the batches, in one workbook; `full` batch by batch.
  const sampled = crossCheck(engine, units, checked, true);
  return { summary, forBatch: () => sampled };
}
