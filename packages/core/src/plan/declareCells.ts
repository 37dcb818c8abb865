/**
 * The first pass over a plan's sheets: every computed column and summary cell declared, its formula parsed. A
 * formula that does not parse is reported where it is (with the character at fault) and its cell kept as known, so
 * what reads it does not add "unknown …" issues to the real cause.
 */
import type { Node } from '../formula/ast.js';
import type { ValueKind } from '../formula/functions.js';
import { FormulaSyntaxError, parseFormula, syntaxErrorText } from '../formula/parse.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { LIMITS, type Computed, type Plan } from '../schema/plan.js';
import { declared } from './declared.js';
import { partnerRefsAsNames } from './formulaScope.js';
import type { CellDef, LineSheetDef } from './parsePlan.js';
import type { Err } from './planChecks.js';
import { kindOfType } from './valueKind.js';

/** A name visible as a bare name in formulas: a parameter or a summary cell (one namespace). */
export type ScalarName = { kind: 'parameter' | 'cell'; id?: string; type: ValueKind };

/** The plan's cells as declared, before their references are resolved. */
export interface DeclaredCells {
  /** Every computed cell whose formula parses, by id (`Sheet.Name`). */
  cells: Map<string, CellDef>;
  /** Ids of cells whose formula does not parse (already reported as formula_syntax). */
  unparsed: Set<string>;
  lineSheets: LineSheetDef[];
  summaryCells: CellDef[];
  /** Parameters and summary cells by name; tables are read as TIER arguments, not from here. */
  scalarNames: Map<string, ScalarName>;
}

export function declareCells(plan: Plan, factSchema: FactSchema | undefined, err: Err): DeclaredCells {
  const scalarNames = new Map<string, ScalarName>();
  for (const [name, p] of Object.entries(plan.parameters)) scalarNames.set(name, { kind: 'parameter', type: kindOfType(p.type) });
  const out: DeclaredCells = { cells: new Map(), unparsed: new Set(), lineSheets: [], summaryCells: [], scalarNames };
  for (const [sheetName, sheet] of Object.entries(plan.sheets)) {
    if (sheet.kind === 'lines') {
      out.lineSheets.push(declareLineSheet(sheetName, sheet, factSchema, out, err));
      continue;
    }
    for (const [cellName, c] of Object.entries(sheet.cells)) {
      if (scalarNames.has(cellName)) {
        err(
          'invalid_schema',
          { en: `"${cellName}" is already the name of a parameter or another summary cell`, it: `"${cellName}" è già il nome di un parametro o di un'altra cella di riepilogo` },
          ['sheets', sheetName, 'cells', cellName],
          { sheet: sheetName },
        );
        continue;
      }
      const cell = parseCell(sheetName, cellName, 'cell', c, ['sheets', sheetName, 'cells', cellName], out, err);
      if (cell) out.summaryCells.push(cell);
      scalarNames.set(cellName, { kind: 'cell', id: `${sheetName}.${cellName}`, type: kindOfType(c.type) });
    }
  }
  return out;
}

type LinesSheet = Extract<Plan['sheets'][string], { kind: 'lines' }>;

/** A line sheet: its source table, its filter parsed, its computed columns declared. */
function declareLineSheet(sheetName: string, sheet: LinesSheet, factSchema: FactSchema | undefined, out: DeclaredCells, err: Err): LineSheetDef {
  const table = declared(factSchema?.tables, sheet.source);
  if (factSchema && !table)
    err('unknown_reference', { en: `unknown fact table "${sheet.source}"`, it: `tabella dati sconosciuta "${sheet.source}"` }, ['sheets', sheetName, 'source'], { sheet: sheetName });
  const names = Object.keys(sheet.columns);
  if (names.length > LIMITS.maxColumnsPerSheet)
    err(
      'limit_exceeded',
      { en: `a sheet may have at most ${LIMITS.maxColumnsPerSheet} columns`, it: `un foglio può avere al massimo ${LIMITS.maxColumnsPerSheet} colonne` },
      ['sheets', sheetName, 'columns'],
    );
  const def: LineSheetDef = { name: sheetName, source: sheet.source, table, filter: undefined, columns: [], factColumns: [] };
  if (sheet.filter) {
    try {
      def.filter = partnerRefsAsNames(parseFormula(sheet.filter));
    } catch (e) {
      err('formula_syntax', syntaxErrorText(e), ['sheets', sheetName, 'filter'], { sheet: sheetName });
    }
  }
  for (const [colName, col] of Object.entries(sheet.columns)) {
    if (declared(table?.columns, colName))
      err(
        'invalid_schema',
        {
          en: `computed column "${colName}" has the name of a column of fact table "${sheet.source}"`,
          it: `la colonna calcolata "${colName}" ha il nome di una colonna della tabella dati "${sheet.source}"`,
        },
        ['sheets', sheetName, 'columns', colName],
        { sheet: sheetName },
      );
    const c = parseCell(sheetName, colName, 'column', col, ['sheets', sheetName, 'columns', colName], out, err);
    if (c) def.columns.push(c);
  }
  return def;
}

/** One computed cell with its formula parsed, added to `out.cells`; undefined (and reported) when it does not parse. */
function parseCell(sheet: string, name: string, kind: 'column' | 'cell', def: Computed, path: Issue['path'], out: DeclaredCells, err: Err): CellDef | undefined {
  let ast: Node;
  try {
    ast = partnerRefsAsNames(parseFormula(def.formula));
  } catch (e) {
    const pos = e instanceof FormulaSyntaxError ? e.position : 0;
    const text = syntaxErrorText(e);
    err('formula_syntax', { en: `${text.en} (at character ${pos + 1})`, it: `${text.it} (al carattere ${pos + 1})` }, [...path, 'formula'], {
      sheet,
      column: name,
      position: { start: pos, end: Math.min(pos + 1, def.formula.length) },
    });
    // The cell still exists: what reads it (other formulas, payouts) must not add "unknown …" to the real cause.
    out.unparsed.add(`${sheet}.${name}`);
    return undefined;
  }
  const cell: CellDef = { id: `${sheet}.${name}`, sheet, name, kind, def, ast, deps: [], type: 'any', rowLevel: false, path: [...path, 'formula'] };
  out.cells.set(cell.id, cell);
  return cell;
}
