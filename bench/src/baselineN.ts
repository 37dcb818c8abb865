import { HyperFormula } from 'hyperformula';
import type { Workload } from './data.js';
import { naiveWorkbook } from './naiveWorkbook.js';
import type { Totals } from './baselineL.js';

/** Baseline (N): the naive workbook evaluated by HyperFormula (per-cell formulas, SUMIFS per partner). */
export function baselineN(w: Workload): Totals {
  const wb = naiveWorkbook(w, "'");
  const hf = HyperFormula.buildFromSheets(wb.sheets as never, { licenseKey: 'gpl-v3', maxRows: wb.rows + 10, precisionRounding: 14, undoLimit: 0 });
  try {
    const values = hf.getSheetValues(hf.getSheetId('Partners')!) as unknown[][];
    return partnerTotals(wb.partnerIds, values);
  } finally {
    hf.destroy();
  }
}

/** Reads the partner sheet's totals (commission, bonus = EE + volume) as 2-decimal strings. */
export function partnerTotals(ids: string[], values: unknown[][]): Totals {
  const byPartner = new Map<string, Map<string, string>>();
  let lines = 0;
  ids.forEach((id, i) => {
    const row = values[i] ?? [];
    const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
    const activations = num(row[2]);
    byPartner.set(
      id,
      new Map([
        ['commission', num(row[3]).toFixed(2)],
        ['bonus', (num(row[4]) + num(row[5])).toFixed(2)],
      ]),
    );
    lines += 2 * activations + 1;
  });
  return { byPartner, lines };
}
