import { HyperFormula } from 'hyperformula';
import { PlanError } from '../issues.js';
import { issue } from '../issues.js';
import type { EngineValue } from '../engine/formulaEngine.js';
import type { RawCell } from './compile.js';
import { quietly } from './quietly.js';

/**
 * The only module that touches HyperFormula. The licence key is the caller's, passed through unchanged
 * (HyperFormula is GPL-3.0 or commercial; it is a peer dependency of core).
 */

const BASE_CONFIG = {
  precisionRounding: 14, // keep cents on totals ≥ 1e9 (hyperformula.md §2.3)
  undoLimit: 0,
  useArrayArithmetic: false,
  // Exact-match lookups (RATE) otherwise re-normalise the whole key column on every lookup: O(rows × table).
  useColumnIndex: false,
  language: 'enGB',
} as const;

const licenceChecked = new Map<string, Set<string>>();

/**
 * Fails fast when the licence key does not let HyperFormula compute, or does not include a function the plans
 * need: otherwise every formula would quietly evaluate to #LIC! and show up as wrong payouts.
 */
export function assertLicensed(licenseKey: string, functions: Iterable<string>): void {
  let available = licenceChecked.get(licenseKey);
  if (!available) {
    const hf = quietly(() => HyperFormula.buildFromArray([['=SUM(1,1)']], { ...BASE_CONFIG, licenseKey }));
    const probe = hf.getCellValue({ sheet: 0, col: 0, row: 0 });
    const names = new Set(hf.getAvailableFunctions().map((f) => f.canonicalName));
    hf.destroy();
    if (probe !== 2) {
      throw new PlanError(
        [issue('unlicensed_function', 'HyperFormula did not compute with this licence key (every function returns #LIC!); pass licenseKey "gpl-v3" under GPLv3 terms or a valid commercial key', ['licenseKey'])],
      );
    }
    available = names;
    licenceChecked.set(licenseKey, available);
  }
  const missing = [...functions].filter((f) => !available!.has(f));
  if (missing.length > 0) {
    throw new PlanError(
      missing.map((f) => issue('unlicensed_function', `the HyperFormula licence key does not include ${f}, which the plans use`, ['licenseKey'])),
    );
  }
}

/**
 * The part of a HyperFormula instance a session hands back. Structural on purpose: core's published types then do
 * not import HyperFormula's, which fail to compile under `exactOptionalPropertyTypes` with `skipLibCheck: false`
 * (scripts/test-consumer.mjs checks an embedder's strictest settings).
 */
export interface SessionWorkbook {
  getSheetId(name: string): number | undefined;
  getSheetValues(sheet: number): unknown[][];
  destroy(): void;
}

/**
 * Keeps one workbook alive between evaluations of a small input (the builder's live preview): the next evaluation
 * compiles as usual, then applies only the cells that changed (one `batch()`), instead of building the workbook again.
 * Pass it as `EvaluateOptions.session`; call `dispose()` when done.
 */
export class WorkbookSession {
  private hf: HyperFormula | undefined;
  private sheets: Record<string, RawCell[][]> | undefined;
  private key = '';
  /** How the last evaluation got its workbook: built from scratch, or updated cell by cell (and how many cells). */
  last: { mode: 'built' | 'updated'; changedCells: number } = { mode: 'built', changedCells: 0 };

  /** The workbook for these sheets: the kept one with the changed cells applied, or a new one. */
  workbook(sheets: Record<string, RawCell[][]>, maxRows: number, licenseKey: string): SessionWorkbook {
    const key = `${licenseKey}\u0000${Object.keys(sheets).join('\u0000')}`;
    const old = this.sheets;
    if (this.hf && old && key === this.key && maxRows + 10 <= this.hf.getConfig().maxRows) {
      const hf = this.hf;
      let changed = 0;
      hf.batch(() => {
        for (const [name, rows] of Object.entries(sheets)) {
          const sheet = hf.getSheetId(name)!;
          const before = old[name]!;
          const height = Math.max(rows.length, before.length);
          for (let r = 0; r < height; r++) {
            const now = rows[r] ?? [];
            const was = before[r] ?? [];
            const width = Math.max(now.length, was.length);
            for (let c = 0; c < width; c++) {
              const v = now[c] ?? null;
              if (v !== (was[c] ?? null)) {
                hf.setCellContents({ sheet, row: r, col: c }, v);
                changed++;
              }
            }
          }
        }
      });
      this.sheets = sheets;
      this.last = { mode: 'updated', changedCells: changed };
      return hf;
    }
    this.dispose();
    this.hf = quietly(() => HyperFormula.buildFromSheets(sheets, { ...BASE_CONFIG, licenseKey, maxRows: Math.max(40_000, maxRows + 10) }));
    this.sheets = sheets;
    this.key = key;
    this.last = { mode: 'built', changedCells: 0 };
    return this.hf;
  }

  dispose(): void {
    this.hf?.destroy();
    this.hf = undefined;
    this.sheets = undefined;
  }
}

/** Builds the batch workbook in one call (adding sheets one by one is quadratic) and reads every sheet back. */
export function evaluateWorkbook(
  sheets: Record<string, RawCell[][]>,
  maxRows: number,
  licenseKey: string,
  session?: WorkbookSession,
): Map<string, EngineValue[][]> {
  const hf = session
    ? session.workbook(sheets, maxRows, licenseKey)
    : quietly(() => HyperFormula.buildFromSheets(sheets, { ...BASE_CONFIG, licenseKey, maxRows: Math.max(40_000, maxRows + 10) }));
  try {
    const out = new Map<string, EngineValue[][]>();
    for (const name of Object.keys(sheets)) {
      if (!name.startsWith('L') && !name.startsWith('S')) continue;
      const id = hf.getSheetId(name)!;
      const values = hf.getSheetValues(id) as unknown[][];
      out.set(
        name,
        values.map((row) =>
          row.map((v) => {
            if (v === undefined) return null;
            if (typeof v === 'object' && v !== null) {
              const e = v as { value?: string; message?: string };
              return { error: String(e.value ?? '#ERROR!'), message: e.message ?? '' };
            }
            return v as EngineValue;
          }),
        ),
      );
    }
    return out;
  } finally {
    if (!session) hf.destroy();
  }
}
