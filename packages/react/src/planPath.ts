import type { Plan } from '@provvigo/core';

/** Returns a copy of the plan with the formula at `path` replaced (a column, cell or filter formula). */
export function setFormulaAt(plan: Plan, path: readonly (string | number)[], formula: string): Plan {
  const [root, sheetName, section, name] = path;
  if (root !== 'sheets' || typeof sheetName !== 'string') return plan;
  const sheet = plan.sheets[sheetName];
  if (!sheet) return plan;
  if (section === 'filter' && sheet.kind === 'lines') return { ...plan, sheets: { ...plan.sheets, [sheetName]: { ...sheet, filter: formula } } };
  if (section === 'columns' && sheet.kind === 'lines' && typeof name === 'string' && sheet.columns[name]) {
    return { ...plan, sheets: { ...plan.sheets, [sheetName]: { ...sheet, columns: { ...sheet.columns, [name]: { ...sheet.columns[name]!, formula } } } } };
  }
  if (section === 'cells' && sheet.kind === 'summary' && typeof name === 'string' && sheet.cells[name]) {
    return { ...plan, sheets: { ...plan.sheets, [sheetName]: { ...sheet, cells: { ...sheet.cells, [name]: { ...sheet.cells[name]!, formula } } } } };
  }
  return plan;
}

/** Reads the formula at `path`, or undefined. */
export function formulaAt(plan: Plan, path: readonly (string | number)[]): string | undefined {
  const [root, sheetName, section, name] = path;
  if (root !== 'sheets' || typeof sheetName !== 'string') return undefined;
  const sheet = plan.sheets[sheetName];
  if (!sheet) return undefined;
  if (section === 'filter') return sheet.kind === 'lines' ? sheet.filter : undefined;
  if (section === 'columns' && sheet.kind === 'lines' && typeof name === 'string') return sheet.columns[name]?.formula;
  if (section === 'cells' && sheet.kind === 'summary' && typeof name === 'string') return sheet.cells[name]?.formula;
  return undefined;
}
