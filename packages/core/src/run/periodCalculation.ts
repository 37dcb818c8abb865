import type {
  AdjustmentLine,
  Agreement,
  FactRecord,
  FactSchema,
  FiscalResult,
  FormulaEngine,
  Issue,
  LedgerEntry,
  LedgerOptionsInput,
  Partner,
  Period,
  PeriodFiscalSetup,
  PeriodStatement,
  Plan,
  RunInput,
  RunResult,
  ServiceEvent,
  Statement,
  YtdState,
} from '../index.js';
import { evaluate } from '../evaluate.js';
import { computePeriodFiscal } from '../fiscal/periodFiscal.js';
import { hash } from '../hash.js';
import { bookPeriod, conditionsByPlan, lineLinksFromFacts, serviceEventsFromFacts } from '../ledger/bookPeriod.js';
import { serviceEventTables } from '../ledger/serviceEvents.js';
import { ownValue } from '../ownValue.js';
import { takeRunSnapshot, type RunSnapshotParts } from '../snapshot/takeRunSnapshot.js';

/**
 * A period run's calculation, pure: evaluation, ledger booking, fiscal items, snapshot and the run's input and output
 * hashes from the inputs, the ledger booked before the period and the year to date carried in. The store loads those,
 * calls `computePeriod` and writes its result in one transaction; a queue worker or a test can call it alone.
 */

/** Everything a calculation reads besides the store. Facts are cumulative: all records known so far, any period. */
export interface PeriodInputs {
  plans: Plan[];
  partners: Partner[];
  factSchema: FactSchema;
  facts: Record<string, FactRecord[]>;
  /**
   * Records a reader rejected before the run (a CSV row of the wrong width, a line that is not JSON): counted as `in`
   * and `rejected` of their table and listed on their partner's statement, as core's `RunInput.rejected`.
   */
  rejected?: Issue[];
  /**
   * Partners the caller validated and left out of `partners`, with their issues: each still gets a blocked statement
   * saying why, and their records say the partner was rejected (core's `RunInput.invalidPartners`).
   */
  invalidPartners?: Array<{ id: string; issues: Issue[] }>;
  agreements?: Agreement[];
  ledgerOptions?: LedgerOptionsInput;
  /**
   * Jurisdiction packs and the principal's fiscal facts: with them the run computes every statement's fiscal items
   * and net to pay before validation (the CLI and the studio pass the same), carrying the year to date from period to period.
   */
  fiscal?: PeriodFiscalSetup;
}

/** Run id of the n-th run of a period. */
export function runIdFor(periodId: string, seq: number): string {
  return `${periodId}-r${seq}`;
}

/** What a calculation computes, without any IO: evaluation, booking, and the run's input and output hashes. */
export function computePeriod(args: {
  runId: string;
  period: Period;
  inputs: PeriodInputs;
  /** Ledger entries booked before this period. */
  ledger: LedgerEntry[];
  adjustments?: AdjustmentLine[];
  /** Recalculated statements of earlier periods (the lines behind the adjustments). */
  recalculated?: Statement[];
  /** Cross-checks the run (e.g. `hyperFormulaEngine` from `@provvigo/core/hyperformula`); the store never loads one itself. */
  formulaEngine?: FormulaEngine | undefined;
  /** Year-to-date fiscal state per partner before this period (`ytdBeforePeriod`); used with `inputs.fiscal`. */
  ytd?: ReadonlyMap<string, YtdState>;
  /** The period's evaluation of exactly these inputs, computed elsewhere (queue workers, merged); evaluated here if absent. */
  evaluation?: RunResult;
}): {
  result: RunResult;
  booked: { entries: LedgerEntry[]; statements: PeriodStatement[] };
  fiscal: FiscalResult[];
  snapshot: RunSnapshotParts;
  inputHash: string;
  outputHash: string;
} {
  const { inputs, period, ledger } = args;
  const adjustments = args.adjustments ?? [];
  const result =
    args.evaluation ??
    evaluate(evaluationInput(period, inputs, inputs.plans), args.formulaEngine ? { formulaEngine: args.formulaEngine } : {});
  const conditions = conditionsByPlan(inputs.plans);
  const events = serviceEvents(inputs, conditions);
  // the recalculated lines behind adjustments are linked to their service events too
  const links = lineLinksFromFacts([...result.statements, ...(args.recalculated ?? [])], conditions, inputs.factSchema, inputs.facts);
  const booked = bookPeriod({
    runId: args.runId,
    period,
    statements: result.statements,
    adjustments,
    conditions,
    events,
    links,
    ledger,
    agreements: inputs.agreements ?? [],
    ...(inputs.ledgerOptions ? { options: inputs.ledgerOptions } : {}),
  });
  const ytd = args.ytd ?? new Map<string, YtdState>();
  // a partner that failed its own validation has a blocked statement saying why and no fiscal items: a second
  // "not among the run's partners" error would report the same defect twice
  const invalid = new Set((inputs.invalidPartners ?? []).map((p) => p.id));
  const fiscalStatements = booked.statements.filter((s) => !invalid.has(s.partnerId));
  const fiscal = inputs.fiscal ? computePeriodFiscal(inputs.fiscal, { period, statements: fiscalStatements, partners: inputs.partners, ytd }) : [];
  const inputHash = hash({
    evaluation: result.inputHash,
    agreements: inputs.agreements ?? [],
    ledger: ledger.map((e) => e.id),
    adjustments: adjustments.map((a) => a.id),
    options: inputs.ledgerOptions ?? {},
    ...(inputs.fiscal ? { fiscal: fiscalSetupKey(inputs.fiscal, ytd) } : {}),
  });
  const snapshot = takeRunSnapshot(period, inputs, result, booked.statements, fiscal, ytd);
  return { result, booked, fiscal, snapshot, inputHash, outputHash: runOutputHash(result.outputHash, booked.statements, booked.entries, fiscal) };
}

/** What of the fiscal setup a run depends on: pack ids, principal, table overrides and the year to date carried in. */
function fiscalSetupKey(setup: PeriodFiscalSetup, ytd: ReadonlyMap<string, YtdState>): unknown {
  return {
    packs: setup.packs.map((p) => p.id),
    principal: setup.principal ?? {},
    tables: setup.tables ?? {},
    ytd: [...ytd.values()].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0)),
  };
}

/**
 * Core's run input for a period from the calculation's inputs: the same for the period's evaluation (here or on queue
 * workers) and for the recalculation of earlier periods, so invalid partners and reader rejections are never dropped.
 */
export function evaluationInput(period: Period, inputs: PeriodInputs, plans: readonly Plan[]): RunInput {
  return {
    period,
    plans: [...plans],
    partners: inputs.partners,
    factSchema: inputs.factSchema,
    facts: inputs.facts,
    ...(inputs.rejected?.length ? { rejected: inputs.rejected } : {}),
    ...(inputs.invalidPartners?.length ? { invalidPartners: inputs.invalidPartners } : {}),
  };
}

/** Service events of every fact table a plan's release or clawback condition names. */
function serviceEvents(inputs: PeriodInputs, conditions: ReturnType<typeof conditionsByPlan>): ServiceEvent[] {
  // records the evaluation rejects (no id, subject or type, a date that is not YYYY-MM-DD) release nothing;
  // the run already reports them as rejected with an issue naming record and field
  // Own entries only: a table the facts do not list has no events, also when it is named `toString` or `valueOf`.
  return serviceEventTables(conditions).flatMap((t) => serviceEventsFromFacts(t, inputs.factSchema, ownValue(inputs.facts, t) ?? [], { skipUnusable: true }));
}

/**
 * The run's output hash: the evaluation's, the period statements, the ledger entries approval will book and the
 * fiscal results (net to pay included), so approving the hash approves what is paid.
 */
export function runOutputHash(
  evaluationOutputHash: string,
  statements: readonly PeriodStatement[],
  entries: readonly LedgerEntry[],
  fiscal: readonly FiscalResult[] = [],
): string {
  const sorted = [...statements].sort((a, b) => (a.partnerId < b.partnerId ? -1 : a.partnerId > b.partnerId ? 1 : 0));
  return hash({ evaluation: evaluationOutputHash, statements: sorted, entries, ...(fiscal.length ? { fiscal } : {}) });
}
