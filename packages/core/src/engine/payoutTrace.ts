/**
 * What the traces of one payout of a unit show, resolved once per unit and payout rather than per line: the cells in
 * the payout's closure that a line's trace lists (with their labels in the partner's language and where each input
 * is read), and the skeleton every line's trace shares (the plan, and each cell's formula and input names).
 */
import type { Node } from '../formula/ast.js';
import type { CellDef, PayoutDef } from '../plan/parsePlan.js';
import type { LocalizedText } from '../schema/common.js';
import type { TraceInput } from '../schema/trace.js';
import type { TraceSkeleton } from './traceColumns.js';
import type { ShownCell } from './traceWriter.js';
import type { UnitWork } from './units.js';

/** A shown cell with its label, as the partner reads it. */
export type ShownCellWithLabel = ShownCell & { label: string | undefined };

/** A plan's text in the partner's language, else Italian, else English. */
export function localized(text: LocalizedText, language: 'it' | 'en'): string {
  if (typeof text === 'string') return text;
  return text[language] ?? text.it ?? text.en ?? '';
}

/** The cells a payout's traces show: its summary cells, and the columns of its own sheet, in evaluation order. */
export function shownCells(work: UnitWork, payout: PayoutDef): ShownCellWithLabel[] {
  const plan = work.plan.analyzed;
  return payout.closure
    .map((id) => plan.cells.get(id)!)
    .filter((c) => c.kind === 'cell' || (payout.cell.kind === 'column' && c.sheet === payout.cell.sheet))
    .map((cell) => ({
      cell,
      perRow: cell.kind === 'column' && cell.sheet === payout.cell.sheet,
      label: cell.def.label ? localized(cell.def.label, work.partner.language) : undefined,
      refs: (work.plan.refs.get(cell.id) ?? []).map((n) => ({ n, computed: n.k === 'row' ? plan.cells.get(`${cell.sheet}.${n.name}`) : undefined })),
    }));
}

/** What the traces of a payout share. `isCell(name)`: whether a bare name is a summary cell (else a parameter). */
export function payoutSkeleton(
  work: UnitWork,
  payout: PayoutDef,
  shown: readonly ShownCellWithLabel[],
  periodId: string,
  planRef: TraceSkeleton['plan'],
  isCell: (name: string) => boolean,
): TraceSkeleton {
  return {
    partnerId: work.partner.id,
    payout: payout.id,
    period: periodId,
    plan: planRef,
    sheet: payout.cell.sheet,
    cells: shown.map(({ cell, label, refs }) => ({
      formula: cell.def.formula,
      ...(label !== undefined ? { label } : {}),
      name: cell.name,
      ...(cell.def.role !== undefined ? { role: cell.def.role } : {}),
      sheet: cell.sheet,
      inputs: refs.map(({ n, computed }) => inputName(n, computed, isCell)),
    })),
  };
}

/** An input as a trace names it: a fact or computed column of the row, a table column, a summary cell or a parameter. */
function inputName(n: Node, computed: CellDef | undefined, isCell: (name: string) => boolean): { kind: TraceInput['kind']; name: string } {
  if (n.k === 'row') return { kind: computed ? 'column' : 'fact', name: n.name };
  if (n.k === 'col') return { kind: 'column', name: `${n.table}[${n.name}]` };
  const name = (n as { name: string }).name;
  return { kind: isCell(name) ? 'cell' : 'parameter', name };
}
