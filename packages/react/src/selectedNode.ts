/**
 * The column or cell the plan builder's inspector edits, and where it lives in the plan. Shared by the builder (which
 * keeps the selection across tabs), its canvas (which selects) and its inspector (which edits).
 */
import { ownValue } from '@provvigo/core';
import type { Computed, Plan } from '@provvigo/core';

/** A column of a line sheet or a cell of a summary sheet, by sheet and name. */
export type SelectedNode = { sheet: string; name: string; kind: 'column' | 'cell' };

/** The selected column or cell in the plan, or undefined when it is no longer there. */
export function nodeOf(plan: Plan, s: SelectedNode): Computed | undefined {
  // own entries only: a removed column named `toString` is no longer there, whatever Object.prototype has
  const sheet = ownValue(plan.sheets, s.sheet);
  if (!sheet) return undefined;
  return sheet.kind === 'lines' ? ownValue(sheet.columns, s.name) : ownValue(sheet.cells, s.name);
}

/** The path of the selected node's formula, as `setFormulaAt` and the formula editor take it. */
export function formulaPathOf(s: SelectedNode): string[] {
  return ['sheets', s.sheet, s.kind === 'column' ? 'columns' : 'cells', s.name, 'formula'];
}
