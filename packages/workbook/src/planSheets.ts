/**
 * The plan's own sheets as worksheets: a line sheet holds the partner's records (the fact columns the plan reads, then
 * each computed column as a formula on that row); a summary sheet holds one named cell per summary cell.
 */
import type ExcelJS from 'exceljs';
import { ownValue } from '@provvigo/core';
import type { FactSchema, Plan, RunInput } from '@provvigo/core';
import { cellValue } from './cellValue.js';
import type { TranslateFormula } from './formulas.js';
import type { SheetLayout } from './layout.js';
import { cellName, quote } from './names.js';

/** Writes every line sheet in its layout, in the plan's order. */
export function writeLineSheets(
  wb: ExcelJS.Workbook,
  plan: Plan,
  factSchema: FactSchema,
  facts: RunInput['facts'],
  layouts: Map<string, SheetLayout>,
  translate: TranslateFormula,
): void {
  for (const [name, s] of Object.entries(plan.sheets)) {
    if (s.kind !== 'lines') continue;
    const lay = layouts.get(name)!;
    // own entries only: fact tables and columns are named by the schema's author (`toString`, `valueOf` are names too)
    const table = ownValue(factSchema.tables, s.source);
    const ws = wb.addWorksheet(name);
    const factCols = [...lay.columns.keys()].filter((k) => !Object.hasOwn(s.columns, k));
    ws.addRow(['record', ...lay.columns.keys()]);
    const records = new Map((ownValue(facts, s.source) ?? []).map((r) => [String(ownValue(r, table?.key ?? 'id')), r]));
    for (const [id, excelRow] of lay.rowOf) {
      const rec = records.get(id) ?? {};
      ws.addRow([
        id,
        ...factCols.map((col) => cellValue(ownValue(rec, col), table?.columns[col]?.type)),
        ...Object.values(s.columns).map((c) => ({ formula: translate(c.formula, name, excelRow) })),
      ]);
    }
  }
}

/** Writes every summary sheet, each cell's value a defined name (formulas elsewhere read it by that name). */
export function writeSummarySheets(wb: ExcelJS.Workbook, plan: Plan, translate: TranslateFormula): void {
  for (const [name, s] of Object.entries(plan.sheets)) {
    if (s.kind !== 'summary') continue;
    const ws = wb.addWorksheet(name);
    ws.addRow(['cell', 'value', 'formula in the plan']);
    for (const [cell, c] of Object.entries(s.cells)) {
      const row = ws.addRow([cell, { formula: translate(c.formula, undefined, undefined) }, c.formula]);
      wb.definedNames.add(`${quote(name)}!$B$${row.number}`, cellName(cell));
    }
  }
}
