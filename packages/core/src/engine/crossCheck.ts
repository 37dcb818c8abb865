/**
 * The run's cross-check (`EvaluateOptions.verify`): the units of the checked partners handed to the formula engine in
 * one call, and where each unit's values are. `full` calls it per batch. `sample` calls it once, ahead of the batches,
 * for the whole run: the sample is a few partners spread evenly over the run (`verifySample`), so batch by batch each
 * would fall in a batch of its own and cost HyperFormula a workbook, with its fixed cost, each.
 */
import type { CellDef } from '../plan/parsePlan.js';
import type { EngineValue, FormulaEngine } from './formulaEngine.js';
import { engineUnit, type UnitWork } from './units.js';

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
