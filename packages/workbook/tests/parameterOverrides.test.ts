import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Plan } from '@provvigo/core';
import { writeParameterSheet } from '../src/parameterSheet.js';

/**
 * The Parameters sheet applies the overrides the plan writes for the partner, looked up by partner id and parameter
 * name, both the caller's: a partner called `constructor` or `__proto__` has none (a plain `overrides[id]?.[name]`
 * wrote `Object.length`, 1, or Object.prototype's `toString` into the sheet as an override).
 */
describe('Parameters sheet overrides', () => {
  const plan = {
    parameters: { length: { type: 'number', value: '7' }, toString: { type: 'money', value: '3' } },
    overrides: { P1: { length: '9' } },
  } as unknown as Plan;
  const rows = (partnerId: string) => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Parameters');
    writeParameterSheet(wb, ws, plan, partnerId);
    return ws.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
  };

  it('shows the plan values, not overridden, for partners named after Object members', () => {
    for (const id of ['constructor', '__proto__', 'hasOwnProperty']) {
      expect(rows(id)).toEqual([
        ['length', 7, false],
        ['toString', 3, false],
      ]);
    }
  });

  it('shows a real override as overridden', () => {
    expect(rows('P1')).toEqual([
      ['length', 9, true],
      ['toString', 3, false],
    ]);
  });
});
