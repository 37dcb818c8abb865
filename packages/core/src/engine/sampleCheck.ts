/**
 * The cross-check of `verify: 'sample'`, done ahead of the batches. The sample is a few partners spread evenly over the
 * run (`verifySample`), so each usually falls in a batch of its own, and each batch cross-checked is a workbook built
 * for it: HyperFormula's fixed cost per workbook, paid once per sampled partner. Ahead of the batches, the sampled
 * units make one workbook.
 */
import type { CellDef } from '../plan/parsePlan.js';
import type { EngineValue, FormulaEngine } from './formulaEngine.js';
import { engineUnit, type UnitWork } from './units.js';

/** Where a unit's cross-checked values are: undefined for a unit outside the sample. */
export type SampleCheck = (work: UnitWork) => ((cell: CellDef, row: number | null) => EngineValue) | undefined;

/** Evaluates the units of the sampled `partners` with `engine` now, in one call, and says where each unit's values are. */
export function checkSampleAhead(engine: FormulaEngine, units: readonly UnitWork[], partners: ReadonlySet<string>): SampleCheck {
  const picked = units.filter((u) => partners.has(u.partner.id));
  if (picked.length === 0) return () => undefined;
  // `single`: the sample is the whole run only when every unit is in it (a live-preview engine may keep its workbook)
  const values = engine.evaluate(picked.map(engineUnit), picked.length === units.length);
  const index = new Map(picked.map((u, j) => [u, j]));
  return (work) => {
    const j = index.get(work);
    return j === undefined ? undefined : (cell, row) => values(j, cell, row);
  };
}
