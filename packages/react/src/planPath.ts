import { ownValue } from '@provvigo/core';
import type { Plan } from '@provvigo/core';

/** Returns a copy of the plan with the formula at `path` replaced (a column, cell or filter formula). */
export function setFormulaAt(plan: Plan, path: readonly (string | number)[], formula: string): Plan {
  const [root, sheetName, section, name] = path;
  if (root !== 'sheets' || typeof sheetName !== 'string') return plan;
  // own entries only: sheets, columns and cells are the plan's names (`toString`, `valueOf` are names like any other)
  const sheet = ownValue(plan.sheets, sheetName);
  if (!sheet) return plan;
  if (section === 'filter' && sheet.kind === 'lines') return { ...plan, sheets: { ...plan.sheets, [sheetName]: { ...sheet, filter: formula } } };
  if (section === 'columns' && sheet.kind === 'lines' && typeof name === 'string' && Object.hasOwn(sheet.columns, name)) {
    return { ...plan, sheets: { ...plan.sheets, [sheetName]: { ...sheet, columns: { ...sheet.columns, [name]: { ...sheet.columns[name]!, formula } } } } };
  }
  if (section === 'cells' && sheet.kind === 'summary' && typeof name === 'string' && Object.hasOwn(sheet.cells, name)) {
    return { ...plan, sheets: { ...plan.sheets, [sheetName]: { ...sheet, cells: { ...sheet.cells, [name]: { ...sheet.cells[name]!, formula } } } } };
  }
  return plan;
}

/** Reads the formula at `path`, or undefined. */
export function formulaAt(plan: Plan, path: readonly (string | number)[]): string | undefined {
  const [root, sheetName, section, name] = path;
  if (root !== 'sheets' || typeof sheetName !== 'string') return undefined;
  const sheet = ownValue(plan.sheets, sheetName);
  if (!sheet) return undefined;
  if (section === 'filter') return sheet.kind === 'lines' ? sheet.filter : undefined;
  if (section === 'columns' && sheet.kind === 'lines' && typeof name === 'string') return ownValue(sheet.columns, name)?.formula;
  if (section === 'cells' && sheet.kind === 'summary' && typeof name === 'string') return ownValue(sheet.cells, name)?.formula;
  return undefined;
}
