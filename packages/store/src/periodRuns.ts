import {
  adjustmentsFor,
  approveRun,
  bookPeriod,
  conditionsByPlan,
  evaluate,
  hash,
  isRunImmutable,
  lineLinksFromFacts,
  openRun,
  RunError,
  serviceEventsFromFacts,
  transition,
  unwrapRun,
  type Actor,
  type AdjustmentLine,
  type Agreement,
  type FactRecord,
  type FactSchema,
  type LedgerEntry,
  type LedgerOptionsInput,
  type Partner,
  type Period,
  type PeriodStatement,
  type Plan,
  type RunResult,
  type ServiceEvent,
  type Statement,
} from '@provvigo/core';
import { Store, StoreError, type PeriodRecord, type StoredRun } from './store.js';

/**
 * The period workflow finance runs, over a Store: open → calculate → validate → approve → close. Core decides
 * (evaluate, run state machine, ledger rules); this module only loads, persists and keeps each step atomic:
 * every step is one store transaction, so killing the process at any point leaves the previous state intact,
 * and repeating a step with unchanged inputs changes nothing.
 */

/** Everything a calculation reads besides the store. Facts are cumulative: all records known so far, any period. */
export interface PeriodInputs {
  plans: Plan[];
  partners: Partner[];
  factSchema: FactSchema;
  facts: Record<string, FactRecord[]>;
  agreements?: Agreement[];
  ledgerOptions?: LedgerOptionsInput;
}

export interface StepArgs {
  periodId: string;
  actor: Actor;
  /** The caller's clock, ISO 8601 (core reads none). */
  at: string;
}

const LICENSE = { licenseKey: 'gpl-v3' };

/** Run id of the n-th run of a period. */
export function runIdFor(periodId: string, seq: number): string {
  return `${periodId}-r${seq}`;
}

/** Opens a period and its first (draft) run. */
export async function openPeriod(store: Store, args: { period: Period; actor: Actor; at: string }): Promise<{ period: PeriodRecord; run: StoredRun }> {
  const opened = unwrapRun(openRun({ id: runIdFor(args.period.id, 1), period: args.period, actor: args.actor, at: args.at }));
  const period = await store.openPeriod({
    period: args.period,
    actor: args.actor.id,
    at: args.at,
    audit: { at: args.at, actor: args.actor.id, action: 'period.open', details: { period: args.period.id } },
  });
  const run = await store.createRun(opened.run, opened.audit);
  return { period, run };
}

/** The period's latest run, or a clear error. */
export async function currentRun(store: Store, periodId: string): Promise<StoredRun> {
  const period = await store.getPeriod(periodId);
  if (!period) throw new StoreError('period_unknown', `period ${periodId} does not exist: run \`provvigo period open --period ${periodId}\` first`);
  const runs = await store.listRuns(periodId);
  const run = runs[runs.length - 1];
  if (!run) throw new StoreError('run_unknown', `period ${periodId} has no run`);
  return run;
}

export interface CalculateOutcome {
  run: StoredRun;
  /** False when the run already held a calculation of exactly these inputs against this ledger: nothing written. */
  changed: boolean;
  result: RunResult;
  statements: PeriodStatement[];
  adjustments: AdjustmentLine[];
  proposed: LedgerEntry[];
}

/**
 * Evaluates the period with core, recomputes every earlier approved period with the same (possibly corrected) inputs
 * to get adjustment lines, books everything with core's ledger rules against the current ledger, and stores run,
 * statements, traces and proposed ledger entries in ONE transaction.
 */
export async function calculatePeriod(store: Store, args: StepArgs & { inputs: PeriodInputs }): Promise<CalculateOutcome> {
  const { inputs } = args;
  const run = await currentRun(store, args.periodId);
  if (isRunImmutable(run.record)) {
    throw new RunError(
      'run_immutable',
      `run ${run.record.id} of period ${args.periodId} is ${run.record.state}: it never changes. Corrections to its facts or plans ` +
        'become adjustment lines when the next open period is calculated',
      run.record.id,
    );
  }
  const period = run.record.period;
  const result = evaluate({ period, plans: inputs.plans, partners: inputs.partners, factSchema: inputs.factSchema, facts: inputs.facts }, LICENSE);
  const conditions = conditionsByPlan(inputs.plans);
  const events = serviceEvents(inputs, conditions);
  const periods = await store.listPeriods();
  const order = periods.map((p) => p.id);
  const rank = (id: string): number => order.indexOf(id);
  const ledgerSeq = await store.ledgerHead();
  const ledger = (await store.ledger({ uptoSeq: ledgerSeq })).filter((e) => rank(e.period) < rank(period.id));
  const { adjustments, recalculated } = await adjustmentsForEarlierPeriods(
    store,
    periods.filter((p) => rank(p.id) < rank(period.id)),
    inputs,
  );
  // the recalculated lines behind adjustments are linked to their service events too
  const links = lineLinksFromFacts([...result.statements, ...recalculated], conditions, inputs.factSchema, inputs.facts);
  const booked = bookPeriod({
    runId: run.record.id,
    period,
    statements: result.statements,
    adjustments,
    conditions,
    events,
    links,
    ledger,
    agreements: inputs.agreements ?? [],
    options: inputs.ledgerOptions,
  });
  const inputHash = hash({ evaluation: result.inputHash, agreements: inputs.agreements ?? [], ledger: ledger.map((e) => e.id), options: inputs.ledgerOptions ?? {} });
  const outputHash = hash({ evaluation: result.outputHash, statements: booked.statements, entries: booked.entries });
  const { statements: _omit, ...summary } = result;
  void _omit;

  const same =
    (run.record.state === 'calculated' || run.record.state === 'validated') &&
    run.record.inputHash === inputHash &&
    run.record.outputHash === outputHash &&
    run.ledgerSeq === ledgerSeq;
  if (same) {
    return { run, changed: false, result, statements: booked.statements, adjustments, proposed: booked.entries };
  }
  const moved = unwrapRun(
    transition(run.record, 'calculate', args.actor, args.at, { plans: result.plans, inputHash, outputHash }),
  );
  const saved = await store.saveCalculation(
    {
      record: moved.run,
      summary,
      evaluated: result.statements,
      statements: booked.statements,
      proposed: booked.entries,
      ledgerSeq,
      audit: {
        ...moved.audit,
        details: {
          ...moved.audit.details,
          partners: result.statements.length,
          lines: result.statements.reduce((n, s) => n + s.lines.length, 0),
          adjustments: adjustments.length,
          entries: booked.entries.length,
        },
      },
    },
    [run.record.state],
  );
  return { run: saved, changed: true, result, statements: booked.statements, adjustments, proposed: booked.entries };
}

/** Service events of every fact table a plan's release or clawback condition names. */
function serviceEvents(inputs: PeriodInputs, conditions: ReturnType<typeof conditionsByPlan>): ServiceEvent[] {
  const tables = new Set<string>();
  for (const c of Object.values(conditions)) {
    if (c?.release) tables.add(c.release.events);
    if (c?.clawback) tables.add(c.clawback.events);
  }
  return [...tables].sort().flatMap((t) => serviceEventsFromFacts(t, inputs.factSchema, inputs.facts[t] ?? []));
}

/**
 * Adjustment lines for every earlier period with an approved run: its approved statements against a recalculation
 * with today's inputs, net of the corrections already booked (found in approved period statements).
 */
async function adjustmentsForEarlierPeriods(
  store: Store,
  earlier: PeriodRecord[],
  inputs: PeriodInputs,
): Promise<{ adjustments: AdjustmentLine[]; recalculated: Statement[] }> {
  const approvedRuns: StoredRun[] = [];
  for (const p of earlier) {
    for (const r of await store.listRuns(p.id)) if (isRunImmutable(r.record)) approvedRuns.push(r);
  }
  // corrections booked so far, from the approved period statements of every run
  const previous: AdjustmentLine[] = [];
  for (const r of approvedRuns) {
    const approved = new Set(r.record.partners?.approved ?? []);
    for (const s of await store.getStatements(r.record.id)) if (approved.has(s.partnerId)) previous.push(...s.adjustments);
  }
  const adjustments: AdjustmentLine[] = [];
  const recalculatedAll: Statement[] = [];
  for (const r of approvedRuns) {
    const partners = r.record.partners?.approved ?? [];
    const original: Statement[] = (await store.getEvaluated(r.record.id)).filter((s) => partners.includes(s.partnerId));
    const recalculated = evaluate(
      { period: r.record.period, plans: inputs.plans, partners: inputs.partners, factSchema: inputs.factSchema, facts: inputs.facts },
      LICENSE,
    ).statements;
    recalculatedAll.push(...recalculated);
    adjustments.push(...adjustmentsFor(original, recalculated, { previous, partners }));
  }
  return { adjustments, recalculated: recalculatedAll };
}

export interface ValidateOutcome {
  run: StoredRun;
  /** Partners whose statements carry errors: they cannot be approved in this run. */
  blocked: { partnerId: string; reasons: string[] }[];
  /** Fact tables whose counts do not add up (in ≠ used + excluded + rejected): none expected. */
  unbalanced: string[];
}

/** Checks the calculation (conservation of records, blocked partners) and moves the run to `validated`. */
export async function validatePeriod(store: Store, args: StepArgs): Promise<ValidateOutcome> {
  const run = await currentRun(store, args.periodId);
  const evaluated = await store.getEvaluated(run.record.id);
  const blocked = evaluated
    .filter((s) => s.blocked)
    .map((s) => ({
      partnerId: s.partnerId,
      reasons: [...s.lines.filter((l) => l.status === 'error').flatMap((l) => l.issues.map((i) => `${l.id}: ${i.message}`)), ...s.issues.filter((i) => i.severity === 'error').map((i) => i.message)],
    }));
  const unbalanced = Object.entries(run.summary?.counts ?? {})
    .filter(([, c]) => c.in !== c.used + c.excluded + c.rejected)
    .map(([t]) => t);
  if (unbalanced.length > 0) {
    throw new StoreError('counts_unbalanced', `run ${run.record.id}: record counts do not add up for ${unbalanced.join(', ')}; recalculate`);
  }
  const { run: moved } = await store.transitionRun(run.record.id, (current) => {
    const r = unwrapRun(transition(current.record, 'validate', args.actor, args.at));
    return { record: r.run, audit: { ...r.audit, details: { ...r.audit.details, blocked: blocked.map((b) => b.partnerId) } } };
  });
  return { run: moved, blocked, unbalanced };
}

export interface ApproveOutcome {
  run: StoredRun;
  approved: string[];
  blocked: { partnerId: string; reasons: { code: string; message: string }[] }[];
  skipped: string[];
  /** Ledger entries appended. */
  entries: number;
  /** True when this approver had already approved the run: nothing written. */
  already: boolean;
}

/**
 * Four-eyes approval in ONE transaction: locks the run row, lets core decide (roles, four-eyes, state, blocked
 * partners), appends the approved partners' ledger entries and the audit entry, and freezes the run. A concurrent
 * approver waits for the lock, then sees `approved` and gets core's refusal.
 */
export async function approvePeriod(store: Store, args: StepArgs & { partners?: string[] }): Promise<ApproveOutcome> {
  const run = await currentRun(store, args.periodId);
  const statements = await store.getEvaluated(run.record.id);
  let entries = 0;
  let already = false;
  const { run: after, value } = await store.transitionRun(run.record.id, async (current, ctx) => {
    const rec = current.record;
    if (isRunImmutable(rec) && rec.approvedBy === args.actor.id) {
      already = true; // repeating one's own approval (e.g. after a crash) is a no-op, not an error
      return null;
    }
    if (isRunImmutable(rec)) {
      throw new RunError('run_immutable', `run ${rec.id} was already approved by ${rec.approvedBy} at ${rec.approvedAt}`, rec.id);
    }
    if (current.ledgerSeq !== ctx.ledgerSeq && rec.state === 'validated') {
      throw new StoreError(
        'ledger_moved',
        `the ledger changed since run ${rec.id} was calculated (another approval): calculate and validate it again`,
      );
    }
    const decision = approveRun(rec, statements, args.actor, args.at, { partners: args.partners, outputHash: rec.outputHash ?? undefined });
    if (!decision.ok) throw new RunError(decision.error.code, decision.error.message, decision.error.runId);
    const approved = new Set(decision.approved);
    const ledger = (await ctx.proposed()).filter((e) => approved.has(e.partnerId));
    entries = ledger.length;
    return {
      record: decision.run,
      ledger,
      audit: { ...decision.audit, details: { ...decision.audit.details, entries: ledger.length } },
      value: { approved: decision.approved, blocked: decision.blocked, skipped: decision.skipped },
    };
  });
  const partners = value ?? after.record.partners ?? { approved: [], blocked: [], skipped: [] };
  return { run: after, approved: partners.approved, blocked: partners.blocked, skipped: partners.skipped, entries, already };
}

/** Closes a period whose latest run is approved (or later). */
export async function closePeriod(store: Store, args: StepArgs): Promise<PeriodRecord> {
  return store.closePeriod({
    periodId: args.periodId,
    actor: args.actor.id,
    at: args.at,
    check: (runs) => {
      const last = runs[runs.length - 1];
      if (!last || !isRunImmutable(last.record)) {
        throw new StoreError(
          'not_approved',
          `period ${args.periodId} cannot be closed: its run ${last?.record.id ?? '(none)'} is ${last?.record.state ?? 'missing'}, not approved`,
        );
      }
    },
  });
}
