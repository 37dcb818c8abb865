import type { CompiledScope } from '../formula/compile.js';
import { errorTextIt, interpret, isDecimal, isError, toJson, type Range, type Value } from '../formula/interpret.js';
import { bilingualIssue } from '../issues.js';
import { amountTolerance, AmountSum, Decimal, formatAmount, roundAmount, type MoneySpec } from '../money.js';
import type { CellDef } from '../plan/parsePlan.js';
import type { BothLanguages } from '../schema/common.js';
import type { Issue } from '../schema/issue.js';
import type { Partner } from '../schema/partner.js';
import type { Statement, StatementLine } from '../schema/result.js';
import type { TraceBand, TraceLookup } from '../schema/trace.js';
import { factValues, type CheckedRecord } from './facts.js';
import type { EngineValue } from './formulaEngine.js';
import type { TraceRef } from './lazyLines.js';
import { lineId } from './lineId.js';
import { precisionCheck } from './precisionCheck.js';
import { localized, payoutSkeleton, shownCells } from './payoutTrace.js';
import { TraceGroupBuilder } from './traceColumns.js';
import { jsonColumns, writeTraceColumns, type Details, type UnitValues } from './traceWriter.js';
import type { PreparedPlan, UnitWork } from './units.js';

// Decimals are immutable: one zero serves every line without a value.
const ZERO = new Decimal(0);
// The flags of a line without any, shared by all of them (a trace read gets its own copy, traceColumns.ts).
const NO_FLAGS = Object.freeze([]) as unknown as string[];

/** Exact values of every computed cell of a unit, with the bands and lookups each used. */
function interpretUnit(work: UnitWork, params: Map<string, Value>) {
  const plan = work.plan.analyzed;
  const columns = plan.lineSheets.map(() => new Map<string, Value[]>());
  const cells = new Map<string, Value>();
  const details = new Map<string, Array<Details | undefined>>();
  const sheetIndex = new Map(plan.lineSheets.map((s, k) => [s.name, k]));
  // Fact values are typed once per unit and column (the records keep only their raw input), then freed with the unit.
  const facts = plan.lineSheets.map(() => new Map<string, Value[]>());
  const factColumn = (k: number, name: string): Value[] => {
    let values = facts[k]!.get(name);
    if (!values) facts[k]!.set(name, (values = factValues(work.records[k]!, name)));
    return values;
  };
  const columnRange = (sheet: string, name: string): Range => {
    const k = sheetIndex.get(sheet)!;
    return { range: columns[k]!.get(name) ?? factColumn(k, name) };
  };
  const scalar = (name: string): Value => (cells.has(name) ? cells.get(name)! : params.get(name) ?? null);
  const compiled = work.plan.compiled;
  for (const id of plan.order) {
    const cell = plan.cells.get(id)!;
    const formula = compiled?.get(id);
    if (formula) {
      // The compiled path: the formula's columns and names resolved once, then one closure call per row.
      const k = cell.kind === 'column' ? sheetIndex.get(cell.sheet)! : undefined;
      const rowCount = k === undefined ? 1 : work.records[k]!.length;
      const own = k === undefined ? undefined : columns[k]!;
      const blank: Value[] = [null];
      let d: Details | undefined;
      const s: CompiledScope = {
        r: 0,
        cols: formula.rows.map((name) => (k === undefined ? blank : own!.get(name) ?? factColumn(k, name))),
        names: formula.names.map(scalar),
        row: () => null,
        column: columnRange,
        name: scalar,
        onBand: (b) => ((d ??= {}).bands ??= []).push(b),
        onLookup: (l) => ((d ??= {}).lookups ??= []).push(l),
      };
      // Arithmetic on bounded decimals runs as scaled integers (formula/scaled.ts), with the same results as `run`.
      const run = formula.prepare(s);
      const values: Value[] = new Array(rowCount);
      const det: Array<Details | undefined> = new Array(rowCount);
      for (let r = 0; r < rowCount; r++) {
        d = undefined;
        s.r = r;
        values[r] = run(s);
        det[r] = d;
      }
      if (k === undefined) cells.set(cell.name, values[0]!);
      else own!.set(cell.name, values);
      details.set(id, det);
      continue;
    }
    if (cell.kind === 'cell') {
      const d: Details = {};
      const v = interpret(cell.ast, { row: () => null, column: columnRange, name: scalar, onBand: (b) => (d.bands ??= []).push(b), onLookup: (l) => (d.lookups ??= []).push(l) }, work.plan.tables);
      cells.set(cell.name, v);
      details.set(id, [d.bands || d.lookups ? d : undefined]);
      continue;
    }
    const k = sheetIndex.get(cell.sheet)!;
    const recs = work.records[k]!;
    const values: Value[] = new Array(recs.length);
    const det: Array<Details | undefined> = new Array(recs.length);
    const own = columns[k]!;
    // One scope object for all rows (the row number moves), so evaluating a column allocates no closures per row.
    let r = 0;
    let d: Details | undefined;
    const rowScope = {
      row: (name: string): Value => {
        const c = own.get(name);
        return c ? c[r]! : factColumn(k, name)[r]!;
      },
      column: columnRange,
      name: scalar,
      onBand: (b: TraceBand) => ((d ??= {}).bands ??= []).push(b),
      onLookup: (l: TraceLookup) => ((d ??= {}).lookups ??= []).push(l),
    };
    for (r = 0; r < recs.length; r++) {
      d = undefined;
      values[r] = interpret(cell.ast, rowScope, work.plan.tables);
      det[r] = d;
    }
    own.set(cell.name, values);
    details.set(id, det);
  }
  return { columns, cells, details, sheetIndex, factColumn };
}

function engineJson(v: EngineValue): string | number | boolean | null {
  return v !== null && typeof v === 'object' ? v.error : v;
}

/**
 * What a line's `formula_error` says, in both languages: the exact evaluation's error (and what the formula engine
 * gives, when it cross-checked the line and did not fail too), or the formula engine's error (`hf`, its own English
 * text in both) and what the exact evaluation gives. `checked` is the engine's value when the line was cross-checked.
 */
function formulaErrorText(cell: string, exactValue: Value, hf: { error: string; message: string } | undefined, checked: EngineValue | undefined): BothLanguages {
  if (isError(exactValue)) {
    const engine = hf || checked === undefined ? undefined : engineJson(checked);
    return {
      en: `${cell} gives ${exactValue.error}: ${exactValue.message}${engine === undefined ? '' : ` (the formula engine gives ${engine})`}`,
      it: `${cell} dà ${exactValue.error}: ${errorTextIt(exactValue)}${engine === undefined ? '' : ` (il motore di formule dà ${engine})`}`,
    };
  }
  const exact = JSON.stringify(toJson(exactValue));
  const detail = hf!.message ? ` (${hf!.message})` : '';
  return {
    en: `${cell} gives ${hf!.error}${detail}; the exact evaluation gives ${exact}`,
    it: `${cell} dà ${hf!.error}${detail}; il calcolo esatto dà ${exact}`,
  };
}

/** A unit's lines as the engine makes them: without their `trace` yet, and where each line's trace is (`refs[i]`). */
export interface FreshLines {
  lines: Array<Omit<StatementLine, 'trace'>>;
  refs: TraceRef[];
}

/**
 * The unit's statement lines: every payout computed exactly, rounded once, with its trace. `engineValue`, when the
 * unit is cross-checked, gives the formula engine's value of a cell: a disagreement beyond half a cent is flagged.
 * `tally.mismatches` counts the lines whose trace records the formula engine's differing value (`formulaValue`),
 * so the run's verify summary needs not build every line's lazy trace to count them. The lines come without their
 * trace: the run writes its statement's JSON first (no copy of each line to leave the trace out), then attaches them
 * (`attachTraces`).
 */
export function finaliseUnit(
  work: UnitWork,
  engineValue: ((cell: CellDef, row: number | null) => EngineValue) | undefined,
  periodId: string,
  keepTrace: boolean,
  tally?: { mismatches: number },
): FreshLines {
  const plan = work.plan.analyzed;
  const params = work.params;
  const exact = interpretUnit(work, params);
  const lines: FreshLines['lines'] = [];
  const refs: TraceRef[] = [];
  const { mode, scale } = plan.plan.rounding;
  // Half a unit of the plan's last place: beyond it the formula engine and the exact decimal evaluation round to
  // different amounts, so they disagree for real (§3 invariant 4).
  const check = precisionCheck(scale, amountTolerance(scale));
  // Money's wire text never reads "-0.00", so a line is zero exactly when its amount's text is this one.
  const zeroText = formatAmount(ZERO, scale);
  const planRef = { hash: plan.hash, id: plan.plan.id, version: plan.plan.version };
  const exactValueOf = (cell: CellDef, row: number | null): Value => {
    if (cell.kind === 'cell') return exact.cells.get(cell.name) ?? null;
    return exact.columns[exact.sheetIndex.get(cell.sheet)!]!.get(cell.name)![row!] ?? null;
  };

  const values: UnitValues = { ...exact, lineSheets: plan.lineSheets, params, jsonOf: jsonColumns() };

  const isCell = (name: string) => exact.cells.has(name);

  for (const payout of plan.payouts) {
    const label = localized(payout.label, work.partner.language);
    const shown = keepTrace ? shownCells(work, payout) : [];
    const cell = payout.cell;
    const k = cell.kind === 'column' ? exact.sheetIndex.get(cell.sheet)! : undefined;
    const rowCount = k === undefined ? 1 : work.records[k]!.length;
    const def = k === undefined ? undefined : plan.lineSheets[k]!;
    const b = new TraceGroupBuilder(payoutSkeleton(work, payout, shown, periodId, planRef, isCell), rowCount, { mode, scale, what: `${cell.sheet}.${cell.name}` });
    const group = { group: () => b.finish().group, key: () => b.finish().key, n: rowCount };
    // Where an issue on a line points: built only for a line that has one (made once per payout, not per line).
    const whereAt = (row: number | null, rec: CheckedRecord | undefined) => ({
      partnerId: work.partner.id,
      planId: plan.plan.id,
      sheet: cell.sheet,
      column: cell.name,
      ...(row !== null ? { row: row + 1 } : {}),
      ...(rec && def ? { record: { table: def.source, id: rec.id } } : {}),
    });
    const path = () => [...cell.path];
    for (let i = 0; i < rowCount; i++) {
      const row = k === undefined ? null : i;
      const rec = k === undefined ? undefined : work.records[k]![i]!;
      const checked = engineValue ? engineValue(cell, row) : null;
      const exactValue = exactValueOf(cell, row);
      const lineIssues: Issue[] = [];
      let flags = NO_FLAGS;
      let amountText = zeroText;
      let exactOut: string | null = null;
      let failed = false;
      const engineError = checked !== null && typeof checked === 'object';
      if (isError(exactValue) || engineError) {
        failed = true;
        const hf = engineError ? (checked as { error: string; message: string }) : undefined;
        lineIssues.push(
          bilingualIssue('formula_error', formulaErrorText(`${cell.sheet}.${cell.name}`, exactValue, hf, engineValue ? checked : undefined), path(), {
            ...whereAt(row, rec),
            error: isError(exactValue) ? exactValue.error : hf?.error,
          }),
        );
      } else if (exactValue !== null && !isDecimal(exactValue)) {
        failed = true;
        const shown = JSON.stringify(toJson(exactValue));
        const text = { en: `${cell.sheet}.${cell.name} gives ${shown}, not an amount`, it: `${cell.sheet}.${cell.name} dà ${shown}, non un importo` };
        lineIssues.push(bilingualIssue('type_mismatch', text, path(), whereAt(row, rec)));
      } else {
        const value = exactValue ?? ZERO;
        exactOut = value.toString();
        // Rounded once, to the plan's scale, as its text (a value already at the scale is its own rounding).
        amountText = roundAmount(value, scale, mode);
        if (typeof checked === 'number' && check.disagrees(checked, value, exactOut)) {
          flags = ['precision_mismatch'];
          const text = {
            en: `the formula engine gives ${checked} but the exact decimal value is ${exactOut}: check the formula (the exact value is paid)`,
            it: `il motore di formule dà ${checked} ma il valore decimale esatto è ${exactOut}: controlla la formula (si paga il valore esatto)`,
          };
          lineIssues.push({ ...bilingualIssue('precision_mismatch', text, path(), whereAt(row, rec)), severity: 'warning' });
        }
      }
      const source = rec && def ? { id: rec.id, system: def.table?.system ?? 'file', table: def.source } : null;
      const formulaValue = flags.length > 0 || (engineValue !== undefined && engineError !== isError(exactValue)) ? (checked !== null && typeof checked === 'object' ? checked.error : checked === null ? null : String(checked)) : null;
      const lineRow = row === null ? null : row + 1;
      if (formulaValue !== null && tally) tally.mismatches++;
      // Only a disagreement is recorded (formulaValue): a statement is then the same whether or how much of the run
      // was cross-checked, and so is the output hash.
      b.engineLine(i, amountText, lineRow, source, exactOut, flags, formulaValue);
      // Keys in alphabetical order: the statement's JSON is then its canonical JSON (statementJson.ts), which the
      // output hash needs, at native speed (a test holds the two equal). The trace is read from the group on demand.
      lines.push({
        amount: amountText,
        component: payout.component,
        currency: plan.plan.currency,
        id: lineId(plan.plan.id, payout.id, rec ? rec.id : work.partner.id),
        issues: lineIssues,
        label,
        partnerId: work.partner.id,
        payout: payout.id,
        planId: plan.plan.id,
        planVersion: plan.plan.version,
        row: lineRow,
        sheet: cell.sheet,
        source,
        status: failed ? 'error' : amountText === zeroText ? 'zero' : 'ok',
      });
      refs.push({ source: group, i });
    }
    // Traces are written after the lines, a column at a time.
    if (keepTrace) writeTraceColumns(values, shown, k, b);
  }
  return { lines, refs };
}

/**
 * The statement's denomination: the currency and rounding of its first line's plan (or the first plan when the
 * partner has no line), at the largest scale among its lines' plans, so the exact total loses no digit.
 */
function denomination(lines: ReadonlyArray<Omit<StatementLine, 'trace'>>, plans: PreparedPlan[]): MoneySpec {
  const byId = new Map(plans.map((p) => [p.analyzed.plan.id, p.analyzed.plan]));
  const first = (lines[0] && byId.get(lines[0].planId)) ?? plans[0]?.analyzed.plan;
  if (!first) throw new Error('a statement needs the plan its lines come from');
  let scale = first.rounding.scale;
  for (const line of lines) scale = Math.max(scale, byId.get(line.planId)?.rounding.scale ?? 0);
  return { currency: lines[0]?.currency ?? first.currency, scale, rounding: first.rounding.mode };
}

/**
 * A partner's statement from its lines. The engine passes lines still without their trace (`FreshLines`): the run
 * attaches the traces (`attachTraces`) once the statement's JSON is written, before the statement leaves the run.
 */
export function buildStatement(
  partner: Partner,
  lines: Array<Omit<StatementLine, 'trace'>>,
  periodId: string,
  plans: PreparedPlan[],
  runIssues: Issue[],
  rejected: { issues: Issue[]; block: boolean } = { issues: [], block: false },
): Statement {
  const { currency, scale, rounding } = denomination(lines, plans);
  const issues: Issue[] = [];
  const total = new AmountSum(scale);
  const byComponent = new Map<string, AmountSum>();
  for (const line of lines) {
    issues.push(...line.issues);
    if (line.currency !== currency) {
      const text = { en: `line ${line.id} is in ${line.currency}, the statement in ${currency}`, it: `la riga ${line.id} è in ${line.currency}, l'estratto conto in ${currency}` };
      issues.push(bilingualIssue('currency_mismatch', text, ['statements', partner.id], { partnerId: partner.id }));
      continue;
    }
    total.add(line.amount);
    let sum = byComponent.get(line.component);
    if (!sum) byComponent.set(line.component, (sum = new AmountSum(scale)));
    sum.add(line.amount);
  }
  runIssues.push(...issues);
  // Lines are rounded to their plan's scale, so their sum is exact at it: the total is never rounded again.
  return {
    blocked: issues.some((i) => i.severity === 'error') || (rejected.block && rejected.issues.length > 0),
    byComponent: Object.fromEntries([...byComponent].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, v.toString()])),
    currency,
    issues,
    lines: lines as StatementLine[],
    partnerId: partner.id,
    period: periodId,
    ...(rejected.issues.length > 0 ? { rejected: rejected.issues } : {}),
    rounding,
    scale,
    total: total.toString(),
  };
}
