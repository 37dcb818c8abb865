import type { EngineUnit, EngineValues, FormulaEngine } from '../engine/formulaEngine.js';
import { walk } from '../formula/ast.js';
import { requireOptions } from '../requireOptions.js';
import { isDecimal, type Value } from '../formula/interpret.js';
import { compileBatch, textCell, type RawCell, type Unit } from './compile.js';
import { assertLicensed, evaluateWorkbook, type WorkbookSession } from './workbook.js';

export interface HyperFormulaEngineOptions {
  /** HyperFormula licence key, passed through unchanged: 'gpl-v3' (GPLv3 terms) or a commercial key. */
  licenseKey: string;
  /**
   * Live preview: a `WorkbookSession` kept across evaluations of the same small input (one partner, plan edits in
   * between) updates the kept workbook with the changed cells instead of building it again. Used only when the run
   * fits one batch.
   */
  session?: WorkbookSession;
}

/** Functions the compiled workbook calls besides the plan's own (ARRAYFORMULA columns, INDEX/MATCH lookups). */
const LAYOUT_FUNCTIONS = ['ARRAYFORMULA', 'IF', 'INDEX', 'MATCH', 'LOWER', 'NA', 'ISNUMBER'];

/** A value as a HyperFormula cell: numbers as doubles, text escaped so it is never parsed as a formula. */
function toRaw(v: Value): RawCell {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') return textCell(v);
  if (isDecimal(v)) return v.toNumber();
  return null;
}

function toWorkbookUnit(unit: EngineUnit): Unit {
  const params = new Map<string, RawCell>();
  for (const [name, v] of unit.params) params.set(name, toRaw(v));
  return { plan: unit.plan, planIndex: unit.planIndex, params, sheets: unit.sheets.map((s) => ({ def: s.def, rows: s.rows.map((r) => r.map(toRaw)) })) };
}

/**
 * HyperFormula as the run's cross-checking engine (`EvaluateOptions.formulaEngine`): each batch of units becomes one
 * workbook (one ARRAYFORMULA per line column, see `compile.ts`), evaluated and read back.
 */
export function hyperFormulaEngine(options: HyperFormulaEngineOptions): FormulaEngine {
  requireOptions('hyperFormulaEngine', options, ['licenseKey']);
  const { licenseKey, session } = options;
  return {
    name: 'hyperformula',
    prepare(plans) {
      const functions = new Set(LAYOUT_FUNCTIONS);
      for (const plan of plans) {
        for (const cell of plan.cells.values()) {
          walk(cell.ast, (n) => {
            if (n.k === 'call' && n.fn !== 'RATE' && !n.fn.startsWith('TIER.')) functions.add(n.fn);
          });
        }
      }
      assertLicensed(licenseKey, functions);
    },
    evaluate(units, single): EngineValues {
      const compiled = compileBatch(units.map(toWorkbookUnit));
      const values = evaluateWorkbook(compiled.sheets, compiled.maxRows, licenseKey, single ? session : undefined);
      return (u, cell, row) => {
        const layout = compiled.layout[u]!;
        if (cell.kind === 'cell') return values.get(layout.scalarSheet)?.[layout.scalarRow]?.[layout.scalarColumn.get(cell.name)!] ?? null;
        const k = units[u]!.plan.lineSheets.findIndex((s) => s.name === cell.sheet);
        const at = layout.lineSheets[k];
        if (!at || row === null) return null;
        return values.get(at.sheet)?.[at.start + row]?.[at.columnIndex.get(cell.name)!] ?? null;
      };
    },
  };
}
