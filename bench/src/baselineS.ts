import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from './data.js';
import { naiveWorkbook } from './naiveWorkbook.js';
import { partnerTotals } from './baselineN.js';
import type { Totals } from './baselineL.js';
import { convert } from './libreOffice.js';

export { hasSoffice } from './libreOffice.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A1 formula → OpenFormula as stored in ODF: [.B2], [$Rates.$A$1:.$A$9], ";" between arguments. */
function odfFormula(formula: string): string {
  const body = formula.slice(1).replace(/("[^"]*")|(?:(\w+)!)?(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?|(,)/g, (m, str, sheet, a, b, comma) => {
    if (str) return str;
    if (comma) return ';';
    const prefix = sheet ? `$${sheet}` : '';
    return b ? `[${prefix}.${a}:.${b}]` : `[${prefix}.${a}]`;
  });
  return `of:=${body}`;
}

function cell(v: string | number | boolean | null): string {
  if (v === null) return '<table:table-cell/>';
  if (typeof v === 'number') return `<table:table-cell office:value-type="float" office:value="${v}"/>`;
  if (typeof v === 'boolean') return `<table:table-cell office:value-type="boolean" office:boolean-value="${v}"/>`;
  if (v.startsWith('=')) return `<table:table-cell table:formula="${esc(odfFormula(v))}"/>`;
  return `<table:table-cell office:value-type="string"><text:p>${esc(v)}</text:p></table:table-cell>`;
}

/** Writes the naive workbook as a flat ODF spreadsheet (.fods); without `formulas`, its formula cells are empty. */
export function writeFods(w: Workload, path: string, formulas = true): void {
  const wb = naiveWorkbook(w);
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>',
    // Lookups compare plain text: no regular expressions or wildcards ("|" in a key would be a regex alternation).
    '<table:calculation-settings table:case-sensitive="false" table:use-regular-expressions="false" table:use-wildcards="false"/>',
  ];
  for (const [name, rows] of Object.entries(wb.sheets)) {
    parts.push(`<table:table table:name="${name}">`);
    for (const row of rows) parts.push(`<table:table-row>${row.map((v) => cell(!formulas && typeof v === 'string' && v.startsWith('=') ? null : v)).join('')}</table:table-row>`);
    parts.push('</table:table>');
  }
  parts.push('</office:spreadsheet></office:body></office:document>');
  writeFileSync(path, parts.join('\n'));
}

/** One untimed conversion of `w`'s workbook: starts LibreOffice once with the kept profile (creating it on first use). */
export function warmS(w: Workload): void {
  const dir = mkdtempSync(join(tmpdir(), 'provvigo-bench-s-'));
  try {
    writeFods(w, join(dir, 'warm.fods'));
    convert([join(dir, 'warm.fods')], 'csv', dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One way to time (S): a file format, and whether LibreOffice runs on CPU 0 alone (`oneCpu.ts`). */
export interface SVariant {
  format: 'fods' | 'xlsx';
  oneCpu?: boolean;
}

/**
 * Baseline (S): LibreOffice Calc headless loads the naive workbook, recalculates and writes the partner sheet as
 * CSV — the spreadsheet commission teams use today — with a kept, warmed user profile (libreOffice.ts). Measured
 * twice per variant: the workbook (`ms`), and the same workbook without its formulas (`dataMs`: loading the data
 * and writing the CSV, what any tool reading this file pays), so that `ms - dataMs` is the computation. Formats: the
 * flat ODF the bench writes, and the .xlsx an analyst keeps (LibreOffice's own "save as .xlsx" of it, not timed);
 * each on every CPU of the machine, or on one.
 */
export function baselineS(w: Workload, variants: SVariant[] = [{ format: 'fods' }, { format: 'xlsx' }]): Array<Required<SVariant> & { totals: Totals; ms: number; dataMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'provvigo-bench-s-'));
  try {
    const full = join(dir, 'plan-a.fods');
    const data = join(dir, 'plan-a-data.fods');
    writeFods(w, full);
    writeFods(w, data, false);
    if (variants.some((v) => v.format === 'xlsx')) {
      const xlsx = join(dir, 'xlsx');
      mkdirSync(xlsx);
      convert([full, data], 'xlsx', xlsx);
    }
    return variants.map(({ format, oneCpu = false }, i) => {
      const source = format === 'fods' ? dir : join(dir, 'xlsx');
      const out = join(dir, `out-${i}`);
      mkdirSync(out);
      const ms = convert([join(source, `plan-a.${format}`)], 'csv', out, oneCpu);
      const dataMs = convert([join(source, `plan-a-data.${format}`)], 'csv', out, oneCpu);
      const csv = readFileSync(join(out, 'plan-a.csv'), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
      return { format, oneCpu, totals: partnerTotals(w.partners.map((p) => p.id), csv), ms, dataMs };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
