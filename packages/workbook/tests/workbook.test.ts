import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Decimal, selects } from '@provvigo/core';
import { buildCalculationWorkbook, PARAMETERS_SHEET, STATEMENT_SHEET } from '../src/index.js';
import type { CalculationWorkbook } from '../src/index.js';
import { cents, recalculate, workDir } from './recalc.js';
import { loadSample } from './sample.js';

const sample = loadSample();
const dir = workDir;

describe('download my calculation', () => {
  const built: { file: string; wb: CalculationWorkbook }[] = [];

  it('recalculated by LibreOffice, every partner workbook gives every statement figure to the cent', async () => {
    for (const [planId, plan] of Object.entries(sample.plans)) {
      for (const partner of sample.input.partners.filter((p) => selects(plan, p))) {
        const wb = buildCalculationWorkbook({ plan, partnerId: partner.id, input: sample.input });
        const file = join(dir, `${planId}__${partner.id}.xlsx`);
        writeFileSync(file, new Uint8Array(await wb.workbook.xlsx.writeBuffer()));
        built.push({ file, wb });
      }
    }
    expect(built.length).toBeGreaterThanOrEqual(6);
    const sheets = recalculate(built.map((b) => b.file));
    let compared = 0;
    for (const { file, wb } of built) {
      const rows = sheets.get(file.replace(/^.*\//, '').replace(/\.xlsx$/, ''))!;
      for (const check of wb.checks) {
        expect(cents(rows[check.row - 1]![3]!), `${file} ${check.lineId}`).toBe(check.amount);
        compared += 1;
      }
      expect(cents(rows[wb.totalRow - 1]![3]!), `${file} total`).toBe(wb.statement.total);
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('every rounding mode of the plan gives the engine figures, exact halves included', async () => {
    const base = sample.plans['agency-agents']!;
    const files: { file: string; wb: CalculationWorkbook }[] = [];
    for (const mode of ['halfEven', 'down', 'up'] as const) {
      // Rates with half cents make exact halves at the rounding digit: the case the modes disagree on.
      const plan = { ...base, rounding: { mode, scale: 2 }, parameters: { ...base.parameters, EfficiencyBonus: { ...base.parameters['EfficiencyBonus']!, value: '12.345' } } };
      for (const partner of sample.input.partners.filter((p) => selects(plan, p)).slice(0, 3)) {
        const wb = buildCalculationWorkbook({ plan, partnerId: partner.id, input: sample.input });
        const file = join(dir, `${mode}__${partner.id}.xlsx`);
        writeFileSync(file, new Uint8Array(await wb.workbook.xlsx.writeBuffer()));
        files.push({ file, wb });
      }
    }
    const sheets = recalculate(files.map((f) => f.file));
    for (const { file, wb } of files) {
      const rows = sheets.get(file.replace(/^.*\//, '').replace(/\.xlsx$/, ''))!;
      for (const check of wb.checks) expect(cents(rows[check.row - 1]![3]!), `${file} ${check.lineId}`).toBe(check.amount);
    }
    // The half-cent bonus really is rounded differently by the modes (the check above is not vacuous).
    const bonus = (mode: string) => files.find((f) => f.file.includes(`${mode}__`) && f.wb.statement.lines.some((l) => l.payout === 'EEBonus' && l.amount !== '0.00'));
    const amounts = ['halfEven', 'down', 'up'].map((m) => bonus(m)?.wb.statement.lines.find((l) => l.payout === 'EEBonus' && l.amount !== '0.00')?.amount);
    expect(amounts).toEqual(['12.34', '12.34', '12.35']);
  });

  it('holds live formulas: changing a parameter in the workbook changes the recalculated amounts', async () => {
    const plan = sample.plans['field-service']!;
    const partner = sample.input.partners.find((p) => selects(plan, p))!;
    const wb = buildCalculationWorkbook({ plan, partnerId: partner.id, input: sample.input });
    const buffer = await wb.workbook.xlsx.writeBuffer();
    const edited = new ExcelJS.Workbook();
    await edited.xlsx.load(buffer);
    const params = edited.getWorksheet(PARAMETERS_SHEET)!;
    let found = false;
    params.eachRow((row) => {
      if (row.getCell(1).value === 'FirstTimeFixBonus') {
        row.getCell(2).value = 30;
        found = true;
      }
    });
    expect(found).toBe(true);
    const statementSheet = edited.getWorksheet(STATEMENT_SHEET)!;
    expect(typeof statementSheet.getCell(`D${wb.checks[0]!.row}`).value).toBe('object'); // a formula, not a number
    const file = join(dir, 'edited.xlsx');
    writeFileSync(file, new Uint8Array(await edited.xlsx.writeBuffer()));
    const rows = recalculate([file]).get('edited')!;
    const bonusLines = wb.checks.filter((c) => wb.statement.lines.find((l) => l.id === c.lineId)?.payout === 'FtfBonus');
    expect(bonusLines.length).toBeGreaterThan(0);
    for (const c of bonusLines) expect(cents(rows[c.row - 1]![3]!)).toBe(new Decimal(c.amount).times(2).toFixed(2));
  });
});
