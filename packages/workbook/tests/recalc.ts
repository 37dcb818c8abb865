import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal } from '@provvigo/core';

// A real spreadsheet engine recalculates the workbooks: LibreOffice Calc headless (Debian libreoffice-calc-nogui).
const SOFFICE = process.env['SOFFICE_PATH'] ?? 'soffice';
export const workDir = mkdtempSync(join(tmpdir(), 'provvigo-workbook-'));

/** Recalculates each .xlsx with LibreOffice (one process for all) and returns each first sheet (Statement) as rows. */
export function recalculate(files: string[]): Map<string, string[][]> {
  execFileSync(
    SOFFICE,
    [
      '--headless',
      '--norestore',
      `-env:UserInstallation=file://${join(workDir, 'profile')}`,
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false',
      '--outdir',
      join(workDir, 'csv'),
      ...files,
    ],
    { stdio: 'pipe', timeout: 240_000, env: { ...process.env, HOME: workDir } },
  );
  const out = new Map<string, string[][]>();
  for (const f of files) {
    const name = baseName(f);
    const text = readFileSync(join(workDir, 'csv', `${name}.csv`), 'utf8');
    out.set(name, text.trim().split('\n').map(parseCsvLine));
  }
  return out;
}

export function baseName(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.xlsx$/, '');
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** A spreadsheet number as a two-decimal string. */
export const cents = (v: string): string => new Decimal(v === '' ? '0' : v).toFixed(2);
