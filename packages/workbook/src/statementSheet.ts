/**
 * The Statement sheet: each line's amount is the plan's rounding over the live cell it pays, next to the amount the
 * engine computed, so a recalculated workbook can be checked line by line against the statement.
 */
import type ExcelJS from 'exceljs';
import type { Plan, RunInput, Statement } from '@provvigo/core';
import { roundFormula } from './formulas.js';
import type { SheetLayout } from './layout.js';
import { cellName, quote } from './names.js';

/** Where each statement line's live amount is, with the figure the engine computed for it. */
export interface WorkbookCheck {
  lineId: string;
  /** Row of the line on the Statement sheet (1-based, Excel numbering). */
  row: number;
  amount: string;
}

export function writeStatementSheet(
  statementWs: ExcelJS.Worksheet,
  plan: Plan,
  partner: RunInput['partners'][number],
  statement: Statement,
  layouts: Map<string, SheetLayout>,
): { checks: WorkbookCheck[]; totalRow: number } {
  statementWs.addRow([`${partner.name} (${partner.id})`, `${plan.id} v${plan.version}`, statement.period]);
  statementWs.addRow(['Line', 'Component', 'Record', 'Amount (live)', 'Engine amount']);
  const checks: WorkbookCheck[] = [];
  for (const line of statement.lines) {
    const payout = plan.payouts[line.payout]!;
    let ref: string;
    if (payout.column) {
      const lay = layouts.get(payout.sheet)!;
      const row = lay.rowOf.get(line.source?.id ?? '');
      if (row === undefined) throw new Error(`no row for ${line.id}`);
      ref = `${quote(payout.sheet)}!${lay.columns.get(payout.column)}${row}`;
    } else {
      ref = cellName(payout.cell!);
    }
    const r = statementWs.addRow([line.label, line.component, line.source?.id ?? '', { formula: roundFormula(ref, plan) }, Number(line.amount)]);
    checks.push({ lineId: line.id, row: r.number, amount: line.amount });
  }
  const first = 3;
  const last = Math.max(first, first + statement.lines.length - 1);
  const total = statementWs.addRow(['Total', '', '', { formula: statement.lines.length ? `SUM(D${first}:D${last})` : '0' }, Number(statement.total)]);
  statementWs.getColumn(1).width = 40;
  // Amounts shown with the plan's decimals (0 for a yen plan, 3 for a scale-3 plan), as the statement has them.
  const scale = plan.rounding.scale;
  const amountFormat = scale > 0 ? `#,##0.${'0'.repeat(scale)}` : '#,##0';
  statementWs.getColumn(4).numFmt = amountFormat;
  statementWs.getColumn(5).numFmt = amountFormat;
  return { checks, totalRow: total.number };
}
