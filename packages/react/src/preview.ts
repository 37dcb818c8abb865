import { decimalsOf, Decimal, evaluate, exactAmount, ownValue, PlanSchema } from '@provvigo/core';
import type { FormulaEngine, Issue, Plan, RunInput, StatementLine, TraceCell } from '@provvigo/core';

/** Sample data a live preview evaluates on. */
export interface PreviewData {
  input: Omit<RunInput, 'plans'>;
  partnerId: string;
  /**
   * HyperFormula licence key ('gpl-v3' under GPLv3 terms, or a commercial key), passed by the host: with it the
   * preview loads HyperFormula (a separate chunk, the first time the preview runs) and cross-checks every preview
   * line. Without it core's exact engine alone computes the preview and the panel says the host has not passed one:
   * the component never picks a licence on the host's behalf (core requires callers to pass one).
   */
  licenseKey?: string;
}

/** A computed column or summary cell the preview shows. */
export interface PreviewTarget {
  sheet: string;
  name: string;
  kind: 'column' | 'cell';
}

export interface PreviewRow {
  row: number | null;
  source: StatementLine['source'];
  value: TraceCell['value'] | undefined;
  cell: TraceCell | undefined;
  line: StatementLine;
}

export interface PreviewResult {
  rows: PreviewRow[];
  /** The partner's statement total under the edited plan (the probe excluded). */
  total: string | null;
  /** The denomination of `total`: the statement's currency and scale (the plan's, before a statement exists). */
  currency: string;
  scale: number;
  issues: Issue[];
}

export const PROBE_PAYOUT = '__preview';
/** The summary cell that reads a gate for the preview (a payout cannot be a boolean). */
const GATE_PROBE = 'PvPreviewGateProbe';

function isGate(cell: { type?: string; role?: string } | undefined): boolean {
  return cell?.type === 'boolean' || cell?.role === 'gate';
}

/** The target of a formula path such as ['sheets','Summary','cells','Bonus','formula']. */
export function targetOfPath(path: readonly (string | number)[]): PreviewTarget | undefined {
  if (path[0] !== 'sheets' || typeof path[1] !== 'string') return undefined;
  if (path[2] === 'columns' && typeof path[3] === 'string') return { sheet: path[1], name: path[3], kind: 'column' };
  if (path[2] === 'cells' && typeof path[3] === 'string') return { sheet: path[1], name: path[3], kind: 'cell' };
  return undefined;
}

/**
 * The last preview's records per table. Core keeps a small input's checked facts while it is given the same arrays
 * holding the same records (it compares every field before answering), so a keystroke hands it the same array again
 * when the partner's records are the same objects: the edit then does not check them again.
 */
const lastRecords = new Map<string, RunInput['facts'][string]>();

/** The same array as last time when it holds the same records, else `records` (remembered for next time). */
function stableRecords(table: string, records: RunInput['facts'][string]): RunInput['facts'][string] {
  const last = lastRecords.get(table);
  if (last && last.length === records.length && last.every((r, i) => r === records[i])) return last;
  lastRecords.set(table, records);
  return records;
}

/** Keeps only the partner's own records: the preview evaluates one partner, so it stays fast as you type. */
function partnerFacts(input: PreviewData['input'], partnerId: string): RunInput['facts'] {
  // own entries only, built through entries: `out['__proto__'] = records` would set the prototype, and the table would
  // vanish from the preview instead of being reported as unknown like a run reports it
  const tables = input.factSchema.tables;
  return Object.fromEntries(
    Object.entries(input.facts).map(([table, records]) => {
      const col = ownValue(tables, table)?.partner;
      return [table, col ? stableRecords(table, records.filter((r) => r[col] === partnerId)) : records];
    }),
  );
}

/** The plan with an extra probe payout on the target, for every partner of its kinds; undefined if it is not valid. */
function probePlan(plan: Plan, target: PreviewTarget): Plan | undefined {
  // A payout must be a number: a gate (a boolean cell) is probed through a cell that reads it, so its own trace
  // cell (value and passed/failed) still comes back with the line.
  const sheet = plan.sheets[target.sheet];
  const gate = target.kind === 'cell' && sheet?.kind === 'summary' && isGate(sheet.cells[target.name]);
  const sheets =
    gate && sheet?.kind === 'summary'
      ? { ...plan.sheets, [target.sheet]: { ...sheet, cells: { ...sheet.cells, [GATE_PROBE]: { formula: `=IF(${target.name},1,0)`, type: 'number' as const, role: 'value' as const } } } }
      : plan.sheets;
  const probe: Plan = {
    ...plan,
    sheets,
    selector: { ...plan.selector, partners: undefined, excludePartners: undefined },
    payouts: {
      ...plan.payouts,
      [PROBE_PAYOUT]: {
        label: 'preview',
        sheet: target.sheet,
        ...(target.kind === 'column' ? { column: target.name } : { cell: gate ? GATE_PROBE : target.name }),
        component: PROBE_PAYOUT,
      },
    },
  };
  const parsed = PlanSchema.safeParse(probe);
  return parsed.success ? parsed.data : undefined;
}

/** A gate's outcome for one partner: true (passed), false (failed), null (no value: an error or no statement). */
export interface GateRow {
  partnerId: string;
  name: string;
  passed: boolean | null;
}

/**
 * A gate (a boolean summary cell) for every partner the plan covers, in one evaluation: the builder shows VERO/FALSO
 * per partner, so a threshold that fails everyone is seen before the plan is saved.
 */
export function computeGates(plan: Plan, target: PreviewTarget, data: PreviewData): GateRow[] {
  const probe = probePlan(plan, target);
  if (!probe || target.kind !== 'cell') return [];
  const result = evaluate({ ...data.input, plans: [probe] }, { hashInputs: false, hashOutputs: false });
  const byPartner = new Map(result.statements.map((s) => [s.partnerId, s]));
  const rows: GateRow[] = [];
  for (const partner of data.input.partners) {
    const statement = byPartner.get(partner.id);
    if (!statement) continue;
    const line = statement.lines.find((l) => l.payout === PROBE_PAYOUT);
    const cell = line ? [...line.trace.cells].reverse().find((c) => c.sheet === target.sheet && c.name === target.name) : undefined;
    const passed = cell?.gate !== undefined ? cell.gate === 'passed' : typeof cell?.value === 'boolean' ? cell.value : null;
    rows.push({ partnerId: partner.id, name: partner.name, passed });
  }
  return rows;
}

/**
 * Evaluates the plan for one partner with an extra probe payout on the target, so every row of a line column (or the
 * summary cell) comes back with its value and trace. Runs core's real `evaluate`; nothing is re-implemented here.
 * With a `formulaEngine` (HyperFormula from `loadPreviewEngine`, which keeps its workbook between keystrokes so only
 * the changed cells are recomputed) every cell is recomputed alongside, so a formula whose spreadsheet value differs
 * from the exact one shows its `precision_mismatch` while it is typed. Synchronous: it never loads HyperFormula.
 */
export function computePreview(plan: Plan, target: PreviewTarget, data: PreviewData, formulaEngine?: FormulaEngine): PreviewResult {
  const parsed = probePlan(plan, target);
  if (!parsed) return { rows: [], total: null, currency: plan.currency, scale: plan.rounding.scale, issues: [] };
  const partners = data.input.partners.filter((p) => p.id === data.partnerId);
  const result = evaluate(
    { ...data.input, plans: [parsed], partners, facts: partnerFacts(data.input, data.partnerId) },
    // A preview records nothing: no input or output hashes (they are for runs).
    { ...(formulaEngine ? { formulaEngine, verify: 'full' as const } : {}), hashInputs: false, hashOutputs: false },
  );
  const statement = result.statements.find((s) => s.partnerId === data.partnerId);
  if (!statement) return { rows: [], total: null, currency: plan.currency, scale: plan.rounding.scale, issues: result.issues };
  const rows: PreviewRow[] = statement.lines
    .filter((l) => l.payout === PROBE_PAYOUT)
    .map((line) => {
      const cell = [...line.trace.cells].reverse().find((c) => c.sheet === target.sheet && c.name === target.name);
      return { row: line.row, source: line.source, value: cell?.value, cell, line };
    });
  const total = statement.byComponent[PROBE_PAYOUT] !== undefined ? subtract(statement.total, statement.byComponent[PROBE_PAYOUT]!) : statement.total;
  return { rows, total, currency: statement.currency, scale: statement.scale ?? plan.rounding.scale, issues: [...result.issues, ...statement.issues] };
}

/** Exact decimal-string subtraction (no floats for money). */
export function subtract(a: string, b: string): string {
  return exactAmount(new Decimal(a).minus(b), Math.max(decimalsOf(a), decimalsOf(b)));
}
