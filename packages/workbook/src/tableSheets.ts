/**
 * The plan's tables, one worksheet each: lookup tables with a joined key column (multi-key RATE lookups become one
 * INDEX/MATCH), tier tables with the cumulative base of each band (marginal tiers become one INDEX/MATCH too).
 */
import type ExcelJS from 'exceljs';
import type { Plan } from '@provvigo/core';
import { cellValue } from './cellValue.js';
import { columnLetter, quote, tableSheet } from './names.js';

/** A lookup table's ranges: the joined key column and each value column. */
export interface LookupRanges {
  key: string;
  columns: Map<string, string>;
}

/** A tier table's ranges (band starts, rates, cumulative bases) and its mode. */
export interface TierRanges {
  from: string;
  rate: string;
  base: string;
  mode: string;
}

export interface TableRanges {
  lookups: Map<string, LookupRanges>;
  tiers: Map<string, TierRanges>;
}

/** Writes a worksheet per plan table, in the plan's order, and returns where formulas find each one. */
export function writeTableSheets(wb: ExcelJS.Workbook, plan: Plan): TableRanges {
  const lookups = new Map<string, LookupRanges>();
  const tiers = new Map<string, TierRanges>();
  for (const [name, t] of Object.entries(plan.tables)) {
    const ws = wb.addWorksheet(tableSheet(name));
    if (t.kind === 'lookup') {
      const cols = Object.keys(t.columns);
      ws.addRow(['key', ...cols]);
      const n = Math.max(1, t.rows.length);
      t.rows.forEach((r, i) => {
        const excelRow = i + 2;
        const keyParts = t.keys.map((k) => `${columnLetter(cols.indexOf(k) + 2)}${excelRow}`);
        ws.addRow([
          { formula: keyParts.length === 1 ? `${keyParts[0]}&""` : keyParts.join('&"|"&') },
          ...cols.map((col) => cellValue(r[col], t.columns[col]?.type)),
        ]);
      });
      const range = (letter: string) => `${quote(tableSheet(name))}!$${letter}$2:$${letter}$${n + 1}`;
      lookups.set(name, { key: range('A'), columns: new Map(cols.map((col, i) => [col, range(columnLetter(i + 2))])) });
    } else {
      ws.addRow(['from', 'rate', 'base (paid in full by the bands below)']);
      t.bands.forEach((b, i) => {
        const r = i + 2;
        ws.addRow([Number(b.from), Number(b.rate), i === 0 ? 0 : { formula: `C${r - 1}+(A${r}-A${r - 1})*B${r - 1}` }]);
      });
      const last = t.bands.length + 1;
      const range = (l: string) => `${quote(tableSheet(name))}!$${l}$2:$${l}$${last}`;
      tiers.set(name, { from: range('A'), rate: range('B'), base: range('C'), mode: t.mode });
    }
  }
  return { lookups, tiers };
}
