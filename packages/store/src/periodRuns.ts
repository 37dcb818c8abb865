import {
  adjustmentsFor,
  approveRun,
  blockedPartners,
  computePeriod,
  evaluate,
  evaluationInput,
  isRejected,
  isRunImmutable,
  normalizeActorId,
  openRun,
  resolvePlanVersion,
  runIdFor,
  RunError,
  runStateName,
  transition,
  unwrapRun,
  type Actor,
  type AdjustmentLine,
  type BlockReason,
  type FiscalResult,
  type FormulaEngine,
  type LedgerEntry,
  type Period,
  type PeriodInputs,
  type PeriodStatement,
  type Plan,
  type PlanVersionResolution,
  type RunResult,
  type Statement,
} from '@provvigo/core';
import type { Queryable } from './db.js';
import { getFiscalResults, withFiscalBlocks } from './snapshots.js';
import { ytdBeforePeriod } from './fiscalSettlements.js';
import { storableText } from './sql.js';
import { storableTimes } from './timestamps.js';
import { type Store, StoreError, type PeriodRecord, type StoredRun } from './store.js';

/**
 * The period workflow finance runs, over a Store: open → calculate → validate → approve → close. Core decides
 * (evaluate, run state machine, ledger rules); this module only loads, persists and keeps each step atomic:
 * every step is one store transaction, so killing the process at any point leaves the previous state intact,
 * and repeating a step with unchanged inputs changes nothing.
 */

// The pure parts of the calculation (computePeriod, evaluationInput, runIdFor, runOutputHash, PeriodInputs) live in
// core, their one owner: import them from @provvigo/core.

export interface StepArgs {
  periodId: string;
  actor: Actor;
  /** The caller's clock, an ISO 8601 date-time with its offset such as `toISOString` writes (core reads none). */
  at: string;
  /** Progress: `computed` after the pure work, `writing` right before the step's one transaction starts. */
  onPhase?: (phase: 'computed' | 'writing') => void;
}

/**
 * The period, the actor and the time of a step, refused here when the store cannot keep them: the actor's id and the
 * time reach the database inside the run record and the audit entry, which would name the run rather than the field.
 */
function storableStep(args: { periodId: string; actor: Actor; at: string }): void {
  storableText({ 'the period id': args.periodId, 'the actor id': args.actor.id });
  storableTimes({ at: args.at });
}

/** Opens a period and its first (draft) run, in ONE transaction: a period never exists without its run. */
export async function openPeriod(store: Store, args: { period: Period; actor: Actor; at: string }): Promise<{ period: PeriodRecord; run: StoredRun }> {
  storableTimes({ at: args.at });
  const opened = unwrapRun(openRun({ id: runIdFor(args.period.id, 1), period: args.period, actor: args.actor, at: args.at }));
  const period = await store.openPeriod({
    period: args.period,
    actor: args.actor.id,
    at: args.at,
    audit: { at: args.at, actor: args.actor.id, action: 'period.open', details: { period: args.period.id } },
    run: { record: opened.run, audit: opened.audit },
  });
  return { period, run: { record: opened.run, summary: null, ledgerSeq: 0 } };
}

/** The period's latest run, or a clear error. */
export async function currentRun(store: Store, periodId: string): Promise<StoredRun> {
  const period = await store.getPeriod(periodId);
  if (!period) {
    throw new StoreError('period_unknown', {
      en: `period ${periodId} does not exist: run \`provvigo period open --period ${periodId}\` first`,
      it: `il periodo ${periodId} non esiste: esegui prima \`provvigo period open --period ${periodId}\``,
    });
  }
  const runs = await store.listRuns(periodId);
  const run = runs[runs.length - 1];
  if (!run) throw new StoreError('run_unknown', { en: `period ${periodId} has no run`, it: `il periodo ${periodId} non ha alcuna esecuzione` });
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
  /** Each period statement's fiscal result (empty without `inputs.fiscal`). */
  fiscal: FiscalResult[];
  /** The plan versions the run pins; `isNew` ones were saved by this calculation. */
  plans: PlanVersionResolution[];
}

/**
 * The plans given to a calculation, as stored versions: content already stored is that version; new content is the
 * next version, saved (and pinned) by the calculation's own transaction.
 */
export async function resolvePlans(store: Store, plans: readonly Plan[]): Promise<{ plans: Plan[]; resolved: PlanVersionResolution[] }> {
  const resolved: PlanVersionResolution[] = [];
  for (const plan of plans) resolved.push(resolvePlanVersion(plan, await store.planHistory(plan.id)));
  return { plans: resolved.map((r) => r.plan), resolved };
}

/**
 * Evaluates the period with core, recomputes every earlier approved period with the same (possibly corrected) inputs
 * to get adjustment lines, books everything with core's ledger rules against the current ledger, and stores run,
 * statements, traces and proposed ledger entries in ONE transaction.
 */
export async function calculatePeriod(
  store: Store,
  args: StepArgs & {
    inputs: PeriodInputs;
    /** Cross-checks the run (e.g. `hyperFormulaEngine` from `@provvigo/core/hyperformula`). */
    formulaEngine?: FormulaEngine | undefined;
    /**
     * The period's evaluation, computed elsewhere from these same inputs (e.g. partitions evaluated by queue workers
     * and merged with core's `mergeRunResults`); the period is evaluated here when absent. It must evaluate `plans`:
     * the given plans as the stored versions the run pins.
     */
    evaluate?: (run: { id: string; period: Period; plans: Plan[] }) => Promise<RunResult>;
  },
): Promise<CalculateOutcome> {
  storableStep(args);
  const versions = await resolvePlans(store, args.inputs.plans);
  const inputs: PeriodInputs = { ...args.inputs, plans: versions.plans };
  const run = await currentRun(store, args.periodId);
  if (isRunImmutable(run.record)) {
    throw new RunError(
      'run_immutable',
      {
        en:
          `run ${run.record.id} of period ${args.periodId} is ${run.record.state}: it never changes. Corrections to its facts or plans ` +
          'become adjustment lines when the next open period is calculated',
        it:
          `l'esecuzione ${run.record.id} del periodo ${args.periodId} è già approvata: non cambia mai. Le correzioni ai suoi dati o ` +
          'piani diventano righe di rettifica quando si calcola il prossimo periodo aperto',
      },
      run.record.id,
    );
  }
  const period = run.record.period;
  const periods = await store.listPeriods();
  const order = periods.map((p) => p.id);
  const rank = (id: string): number => order.indexOf(id);
  const ledgerSeq = await store.ledgerHead();
  const ledger = (await store.ledger({ uptoSeq: ledgerSeq })).filter((e) => rank(e.period) < rank(period.id));
  const ytd = inputs.fiscal ? await ytdBeforePeriod(store, period) : undefined;
  const { adjustments, recalculated } = await adjustmentsForEarlierPeriods(
    store,
    periods.filter((p) => rank(p.id) < rank(period.id)),
    inputs,
    args.formulaEngine,
  );
  const { result, booked, fiscal, snapshot, inputHash, outputHash } = computePeriod({
    runId: run.record.id,
    period,
    inputs,
    ledger,
    adjustments,
    recalculated,
    formulaEngine: args.formulaEngine,
    ...(ytd ? { ytd } : {}),
    ...(args.evaluate ? { evaluation: await args.evaluate({ id: run.record.id, period, plans: inputs.plans }) } : {}),
  });
  const { statements: _omit, ...summary } = result;
  void _omit;

  // a rejected run is recalculated even with unchanged inputs: the new calculation is what clears the rejection
  const same =
    (run.record.state === 'calculated' || run.record.state === 'validated') &&
    !isRejected(run.record) &&
    run.record.inputHash === inputHash &&
    run.record.outputHash === outputHash &&
    run.ledgerSeq === ledgerSeq;
  // the versions the run pins: those the evaluation used, new ones marked
  const used = new Set(result.plans.map((p) => `${p.id}\u0000${p.version}`));
  const plans = versions.resolved.filter((r) => used.has(`${r.ref.id}\u0000${r.ref.version}`));
  if (same) {
    return { run, changed: false, result, statements: booked.statements, adjustments, proposed: booked.entries, plans, fiscal };
  }
  const moved = unwrapRun(
    transition(run.record, 'calculate', args.actor, args.at, { plans: result.plans, inputHash, outputHash }),
  );
  args.onPhase?.('computed');
  args.onPhase?.('writing');
  const saved = await store.saveCalculation(
    {
      record: moved.run,
      summary,
      evaluated: result.statements,
      statements: booked.statements,
      proposed: booked.entries,
      ledgerSeq,
      snapshot,
      planVersions: plans.filter((p) => p.isNew).map((p) => ({ plan: p.plan, ref: p.ref })),
      audit: {
        ...moved.audit,
        details: {
          ...moved.audit.details,
          partners: result.statements.length,
          lines: result.statements.reduce((n, s) => n + s.lines.length, 0),
          adjustments: adjustments.length,
          entries: booked.entries.length,
          plans: result.plans.map((p) => `${p.id}@${p.version}:${p.hash}`),
          ...(inputs.fiscal ? { fiscalErrors: fiscal.filter((f) => f.issues.some((i) => i.severity === 'error')).length } : {}),
        },
      },
    },
    [run.record.state],
  );
  return { run: saved, changed: true, result, statements: booked.statements, adjustments, proposed: booked.entries, plans, fiscal };
}

/**
 * Adjustment lines for every earlier period with an approved run: its approved statements against a recalculation
 * with today's inputs, net of the corrections already booked (found in approved period statements).
 */
async function adjustmentsForEarlierPeriods(
  store: Store,
  earlier: PeriodRecord[],
  inputs: PeriodInputs,
  formulaEngine?: FormulaEngine,
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
    const approved = new Set(r.record.partners?.approved ?? []);
    const original: Statement[] = (await store.getEvaluated(r.record.id)).filter((s) => approved.has(s.partnerId));
    // invalid partners recalculate as blocked, so an approved partner that is invalid today waits until it is fixed
    // instead of looking gone (which would reverse what it was paid)
    const recalculated = evaluate(evaluationInput(r.record.period, inputs, inputs.plans), formulaEngine ? { formulaEngine } : {}).statements;
    // Corrected partners: every partner whose recalculation is clean — including those blocked or skipped at the
    // period's approval and those whose records arrived late (their lines come in as 'added' adjustments) — and
    // approved partners who have disappeared. A partner whose recalculation carries errors waits until it is fixed.
    const recalculatedIds = new Set(recalculated.map((s) => s.partnerId));
    const partners = [
      ...recalculated.filter((s) => !s.blocked).map((s) => s.partnerId),
      ...[...approved].filter((p) => !recalculatedIds.has(p)),
    ].sort();
    recalculatedAll.push(...recalculated);
    adjustments.push(...adjustmentsFor(original, recalculated, { previous, partners }));
  }
  return { adjustments, recalculated: recalculatedAll };
}

export interface ValidateOutcome {
  run: StoredRun;
  /**
   * The partners approval will block and why, as `approvePeriod` gives them (core's `blockReasons`, each reason in
   * Italian and English): sorted by partner id.
   */
  blocked: { partnerId: string; reasons: BlockReason[] }[];
  /** Fact tables whose counts do not add up (in ≠ used + excluded + rejected): none expected. */
  unbalanced: string[];
}

/** Checks the calculation (conservation of records, blocked partners) and moves the run to `validated`. */
export async function validatePeriod(store: Store, args: StepArgs): Promise<ValidateOutcome> {
  storableStep(args);
  const run = await currentRun(store, args.periodId);
  // fiscal errors block like erroneous lines: validation covers what is paid
  const evaluated = withFiscalBlocks(await store.getEvaluated(run.record.id), await getFiscalResults(store, run.record.id));
  // core's selection, its one owner: validation tells the approver exactly what approval will hold back
  const blocked = blockedPartners(evaluated);
  const unbalanced = Object.entries(run.summary?.counts ?? {})
    .filter(([, c]) => c.in !== c.used + c.excluded + c.rejected)
    .map(([t]) => t);
  if (unbalanced.length > 0) {
    throw new StoreError('counts_unbalanced', {
      en: `run ${run.record.id}: record counts do not add up for ${unbalanced.join(', ')}; recalculate`,
      it: `esecuzione ${run.record.id}: i conteggi dei record non tornano per ${unbalanced.join(', ')}; ricalcola`,
    });
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
  blocked: { partnerId: string; reasons: BlockReason[] }[];
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
  storableStep(args);
  const run = await currentRun(store, args.periodId);
  const statements = withFiscalBlocks(await store.getEvaluated(run.record.id), await getFiscalResults(store, run.record.id));
  const readHash = run.record.outputHash;
  // the ledger books periods in order: every earlier period must be approved first
  const periods = await store.listPeriods();
  for (const p of periods) {
    if (p.id === args.periodId || p.start >= run.record.period.start) continue;
    const runs = await store.listRuns(p.id);
    const last = runs[runs.length - 1];
    if (!last || !isRunImmutable(last.record)) {
      throw new StoreError('period_order', {
        en: `period ${p.id} is not approved yet: approve the periods in order (${p.id} before ${args.periodId})`,
        it: `il periodo ${p.id} non è ancora approvato: approva i periodi in ordine (${p.id} prima di ${args.periodId})`,
      });
    }
  }
  let entries = 0;
  let already = false;
  args.onPhase?.('writing');
  const { run: after, value } = await store.transitionRun(run.record.id, async (current, ctx) => {
    const rec = current.record;
    // the same person however the caller spells the id (approvedBy is stored in core's one spelling)
    if (isRunImmutable(rec) && rec.approvedBy !== null && normalizeActorId(rec.approvedBy) === normalizeActorId(args.actor.id)) {
      already = true; // repeating one's own approval (e.g. after a crash) is a no-op, not an error
      return null;
    }
    if (isRunImmutable(rec)) {
      throw new RunError(
        'run_immutable',
        { en: `run ${rec.id} was already approved by ${rec.approvedBy} at ${rec.approvedAt}`, it: `l'esecuzione ${rec.id} è già stata approvata da ${rec.approvedBy} il ${rec.approvedAt}` },
        rec.id,
      );
    }
    if (current.ledgerSeq !== ctx.ledgerSeq && rec.state === 'validated') {
      throw new StoreError('ledger_moved', {
        en: `the ledger changed since run ${rec.id} was calculated (another approval): calculate and validate it again`,
        it: `il registro contabile è cambiato da quando l'esecuzione ${rec.id} è stata calcolata (un'altra approvazione): calcolala e convalidala di nuovo`,
      });
    }
    // statements were read before the lock: core refuses them if a recalculation replaced them meanwhile
    const decision = approveRun(rec, statements, args.actor, args.at, {
      ...(args.partners ? { partners: args.partners } : {}),
      ...(readHash ? { outputHash: readHash } : {}),
    });
    if (!decision.ok) throw new RunError(decision.error.code, decision.error.messages ?? decision.error.message, decision.error.runId);
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

/**
 * An approver rejects the period's current run (calculated or validated) with a reason: ONE transaction moves it back
 * to `calculated` and appends the audit entry carrying the reason. Core refuses the run's own calculator (four eyes),
 * an approved run and an empty reason; the run cannot be validated again until it is recalculated.
 */
export async function rejectPeriod(store: Store, args: StepArgs & { reason: string }): Promise<{ run: StoredRun; reason: string }> {
  storableStep(args);
  storableText({ 'the reason': args.reason });
  const run = await currentRun(store, args.periodId);
  const reason = args.reason.trim();
  const { run: after } = await store.transitionRun(run.record.id, (current) => {
    const r = unwrapRun(transition(current.record, 'reject', args.actor, args.at, { reason }));
    return { record: r.run, audit: r.audit };
  });
  return { run: after, reason };
}

/** Closes a period whose latest run is approved (or later). */
export async function closePeriod(store: Store, args: StepArgs): Promise<PeriodRecord> {
  storableStep(args);
  return store.closePeriod({
    periodId: args.periodId,
    actor: args.actor.id,
    at: args.at,
    check: (runs) => {
      const last = runs[runs.length - 1];
      if (!last || !isRunImmutable(last.record)) {
        throw new StoreError('not_approved', {
          en: `period ${args.periodId} cannot be closed: its run ${last?.record.id ?? '(none)'} is ${last?.record.state ?? 'missing'}, not approved`,
          it: last
            ? `il periodo ${args.periodId} non può essere chiuso: la sua esecuzione ${last.record.id} è nello stato ${runStateName(last.record.state, 'it')}, non approvata`
            : `il periodo ${args.periodId} non può essere chiuso: non ha alcuna esecuzione, quindi nessuna approvata`,
        });
      }
    },
  });
}

/**
 * Moves an approved run to `invoiced`, or an invoiced run to `posted`, in ONE transaction together with the caller's
 * own writes (`write(tx)`: e.g. the delivery or SAP posting records), so "posted" and the postings commit together
 * or not at all. Repeating it on a run already in (or past) the target state writes nothing and returns `changed:
 * false`.
 */
export async function advanceRun(
  store: Store,
  args: { runId: string; action: 'invoice' | 'post'; actor: Actor; at: string; details?: Record<string, unknown>; write?: (tx: Queryable) => Promise<void> },
): Promise<{ run: StoredRun; changed: boolean }> {
  storableText({ 'the run id': args.runId, 'the actor id': args.actor.id });
  storableTimes({ at: args.at });
  const target = args.action === 'invoice' ? 'invoiced' : 'posted';
  const order = ['draft', 'calculated', 'validated', 'approved', 'invoiced', 'posted'];
  const { run, changed } = await store.transitionRun(args.runId, async (current, ctx) => {
    if (order.indexOf(current.record.state) >= order.indexOf(target)) return null;
    const moved = unwrapRun(transition(current.record, args.action, args.actor, args.at));
    await args.write?.(ctx.tx);
    return { record: moved.run, audit: { ...moved.audit, details: { ...moved.audit.details, ...args.details } } };
  });
  return { run, changed };
}
