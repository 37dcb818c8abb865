import ExcelJS from 'exceljs';
import { evaluate, FactSchemaSchema, ownValue, sumAmounts } from '@provvigo/core';
import type { FormulaEngine, Plan, RunInput, Statement } from '@provvigo/core';
import { formulaTranslator } from './formulas.js';
import { layoutLineSheets, probeSheetRows, summaryCellNames } from './layout.js';
import { PARAMETERS_SHEET, STATEMENT_SHEET } from './names.js';
import { writeParameterSheet } from './parameterSheet.js';
import { writeLineSheets, writeSummarySheets } from './planSheets.js';
import { writeStatementSheet, type WorkbookCheck } from './statementSheet.js';
import { writeTableSheets } from './tableSheets.js';

/** What "download my calculation" needs: the plan, the partner and the period's facts. */
export interface CalculationInput {
  plan: Plan;
  partnerId: string;
  input: Omit<RunInput, 'plans'>;
  /**
   * Cross-checks the statement's figures (e.g. `hyperFormulaEngine({ licenseKey })` from `@provvigo/core/hyperformula`,
   * the engine that recalculates the exported formulas); this package never loads one itself.
   */
  formulaEngine?: FormulaEngine;
}

export interface CalculationWorkbook {
  workbook: ExcelJS.Workbook;
  statement: Statement;
  checks: WorkbookCheck[];
  /** Row of the live total on the Statement sheet. */
  totalRow: number;
}

/** The partner's own records of each table (all of a table without a partner column); tables by own name only. */
function partnerFacts(input: { facts: RunInput['facts']; factSchema: { tables: Record<string, { partner: string }> } }, partnerId: string): RunInput['facts'] {
  const { tables } = input.factSchema;
  return Object.fromEntries(
    Object.entries(input.facts).map(([table, records]) => {
      const col = ownValue(tables, table)?.partner;
      return [table, col ? records.filter((r) => r[col] === partnerId) : records];
    }),
  );
}

/**
 * Builds the partner's period as a workbook with live formulas: one worksheet per line sheet (the partner's records,
 * the fact columns the plan reads, and each computed column as an Excel formula on that row), the summary sheets
 * (one named cell per summary cell), the parameters (partner overrides applied), lookup tables (with a joined key
 * column for multi-key RATE lookups through INDEX/MATCH), tier tables (with cumulative bases for marginal tiers),
 * and a Statement sheet whose amounts are formulas over those cells. Recalculating it gives the statement's figures.
 */
export function buildCalculationWorkbook(c: CalculationInput): CalculationWorkbook {
  const { plan, partnerId } = c;
  // Defaults applied (system, required…), so every table reads the same way below.
  const input = { ...c.input, factSchema: FactSchemaSchema.parse(c.input.factSchema) };
  const partner = input.partners.find((p) => p.id === partnerId);
  if (!partner) throw new Error(`unknown partner ${partnerId}`);
  const facts = partnerFacts(input, partnerId);

  // The statement, from core's evaluate.
  const real = evaluate({ ...input, plans: [plan], partners: [partner], facts }, c.formulaEngine ? { formulaEngine: c.formulaEngine, verify: 'full' } : {});
  const statement = real.statements.find((s) => s.partnerId === partnerId);
  if (!statement) throw new Error(`plan ${plan.id} gives no statement for ${partnerId}`);
  const probeLines = probeSheetRows(input, plan, partner, facts);

  const wb = new ExcelJS.Workbook();
  wb.creator = 'Provvigo';
  wb.calcProperties.fullCalcOnLoad = true;
  // The Statement and Parameters sheets come first in the workbook, whatever order they are filled in.
  const statementWs = wb.addWorksheet(STATEMENT_SHEET);
  const paramWs = wb.addWorksheet(PARAMETERS_SHEET);
  writeParameterSheet(wb, paramWs, plan, partnerId);
  const tables = writeTableSheets(wb, plan);

  // Line sheets: layout first (formulas may read any sheet), then cells.
  const layouts = layoutLineSheets(plan, input.factSchema, probeLines);
  const translate = formulaTranslator({ plan, layouts, tables, summaryCells: summaryCellNames(plan) });
  writeLineSheets(wb, plan, input.factSchema, facts, layouts, translate);
  writeSummarySheets(wb, plan, translate);

  const { checks, totalRow } = writeStatementSheet(statementWs, plan, partner, statement, layouts);
  return { workbook: wb, statement, checks, totalRow };
}

/** The workbook as .xlsx bytes. */
export async function writeCalculationXlsx(c: CalculationInput): Promise<Uint8Array> {
  const { workbook } = buildCalculationWorkbook(c);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** Exact sum of decimal strings (for comparing figures read back from a spreadsheet), at the inputs' own scale. */
export function sumDecimal(values: string[]): string {
  return sumAmounts(values);
}
