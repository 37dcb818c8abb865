import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workload } from './data.js';
import { naiveWorkbook } from './naiveWorkbook.js';
import { partnerTotals } from './baselineN.js';
import type { Totals } from './baselineL.js';

/** Whether LibreOffice (Debian libreoffice-calc-nogui) is installed. */
export function hasSoffice(): boolean {
  return spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
}

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

/** Writes the naive workbook as a flat ODF spreadsheet (.fods). */
export function writeFods(w: Workload, path: string): void {
  const wb = naiveWorkbook(w);
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>',
    // Lookups compare plain text: no regular expressions or wildcards ("|" in a key would be a regex alternation).
    '<table:calculation-settings table:case-sensitive="false" table:use-regular-expressions="false" table:use-wildcards="false"/>',
  ];
  for (const [name, rows] of Object.entries(wb.sheets)) {
    parts.push(`<table:table table:name="${name}">`);
    for (const row of rows) parts.push(`<table:table-row>${row.map(cell).join('')}</table:table-row>`);
    parts.push('</table:table>');
  }
  parts.push('</office:spreadsheet></office:body></office:document>');
  writeFileSync(path, parts.join('\n'));
}

/**
 * Baseline (S): LibreOffice Calc headless loads the naive workbook, recalculates and writes the partner sheet as
 * CSV — the spreadsheet commission teams use today. Timed end to end (process start included).
 */
export function baselineS(w: Workload): { totals: Totals; ms: number } {
  const dir = mkdtempSync(join(tmpdir(), 'provvigo-bench-s-'));
  try {
    const file = join(dir, 'plan-a.fods');
    writeFods(w, file);
    const t0 = performance.now();
    execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'csv', '--outdir', dir, file], { stdio: 'ignore' });
    const ms = performance.now() - t0;
    const csv = readFileSync(join(dir, 'plan-a.csv'), 'utf8').trim().split(/\r?\n/).map((l) => l.split(','));
    return { totals: partnerTotals(w.partners.map((p) => p.id), csv), ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
