/**
 * A plan's payouts resolved: each names a computed column (line sheet) or cell (summary sheet) that gives a number,
 * and carries the cells it needs in evaluation order.
 */
import type { Plan } from '../schema/plan.js';
import { closureOf } from './cellGraph.js';
import { didYouMean } from './closestName.js';
import { declared } from './declared.js';
import type { CellDef, PayoutDef } from './parsePlan.js';
import type { Err } from './planChecks.js';

/** The payouts that resolve; each one that does not is reported (a payout of a cell that did not parse is not again). */
export function payoutDefs(plan: Plan, cells: Map<string, CellDef>, unparsed: ReadonlySet<string>, order: string[], err: Err): PayoutDef[] {
  const payouts: PayoutDef[] = [];
  for (const [id, p] of Object.entries(plan.payouts)) {
    const sheet = declared(plan.sheets, p.sheet);
    const path = ['payouts', id];
    if (!sheet) {
      const hint = didYouMean(p.sheet, Object.keys(plan.sheets));
      err('unknown_reference', { en: `unknown sheet "${p.sheet}"${hint.en}`, it: `foglio sconosciuto "${p.sheet}"${hint.it}` }, [...path, 'sheet']);
      continue;
    }
    if (p.column !== undefined && sheet.kind !== 'lines') {
      err(
        'invalid_schema',
        { en: `sheet "${p.sheet}" is a summary sheet: name a cell, not a column`, it: `il foglio "${p.sheet}" è un foglio di riepilogo: indica una cella, non una colonna` },
        [...path, 'column'],
      );
      continue;
    }
    if (p.cell !== undefined && sheet.kind !== 'summary') {
      err(
        'invalid_schema',
        { en: `sheet "${p.sheet}" is a line sheet: name a column, not a cell`, it: `il foglio "${p.sheet}" è un foglio righe: indica una colonna, non una cella` },
        [...path, 'cell'],
      );
      continue;
    }
    const cell = cells.get(`${p.sheet}.${p.column ?? p.cell}`);
    if (unparsed.has(`${p.sheet}.${p.column ?? p.cell}`)) continue;
    if (!cell) {
      const hint = didYouMean(p.column ?? p.cell ?? '', Object.keys(sheet.kind === 'lines' ? sheet.columns : sheet.cells));
      const it = `${p.column ? 'colonna sconosciuta' : 'cella sconosciuta'} "${p.column ?? p.cell}" nel foglio "${p.sheet}"${hint.it}`;
      err('unknown_reference', { en: `unknown ${p.column ? 'column' : 'cell'} "${p.column ?? p.cell}" in sheet "${p.sheet}"${hint.en}`, it }, [...path, p.column ? 'column' : 'cell']);
      continue;
    }
    if (cell.type === 'text' || cell.type === 'boolean')
      err(
        'type_mismatch',
        {
          en: `a payout must be a number; ${cell.id} gives ${cell.type}`,
          it: `un pagamento deve essere un numero; ${cell.id} restituisce ${cell.type === 'text' ? 'un testo' : 'una condizione (VERO o FALSO)'}`,
        },
        [...path, p.column ? 'column' : 'cell'],
      );
    payouts.push({ id, label: p.label, component: p.component ?? id, cell, closure: closureOf(cell.id, cells, order) });
  }
  if (payouts.length === 0 && Object.keys(plan.payouts).length === 0)
    err('invalid_schema', { en: 'a plan needs at least one payout', it: 'un piano richiede almeno un pagamento' }, ['payouts']);
  return payouts;
}
