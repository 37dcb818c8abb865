/**
 * The Parameters sheet: the plan's parameters with the partner's overrides applied, each value cell a defined name,
 * so changing a parameter in the workbook changes every amount that reads it.
 */
import type ExcelJS from 'exceljs';
import { ownValue } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { cellValue } from './cellValue.js';
import { PARAMETERS_SHEET, paramName, quote } from './names.js';

export function writeParameterSheet(wb: ExcelJS.Workbook, paramWs: ExcelJS.Worksheet, plan: Plan, partnerId: string): void {
  paramWs.addRow(['Parameter', 'Value', 'Overridden for partner']);
  // Own entries only: a partner id or parameter name such as "constructor" or "__proto__" must not read Object's own members.
  const own = ownValue(plan.overrides, partnerId);
  for (const [name, p] of Object.entries(plan.parameters)) {
    const override = own ? ownValue(own, name) : undefined;
    const raw = override ?? p.value;
    const row = paramWs.addRow([name, cellValue(raw, p.type === 'boolean' ? 'boolean' : p.type === 'text' ? 'text' : p.type === 'date' ? 'date' : 'number'), override !== undefined]);
    wb.definedNames.add(`${quote(PARAMETERS_SHEET)}!$B$${row.number}`, paramName(name));
  }
}
