/**
 * Step 6 of a run: the units computed exactly, batch by batch (a cross-checking engine gets one batch at a time), and
 * each partner's statement emitted as soon as its units are done, in partner-id order, the invalid partners' among
 * them. A batch's slots are emptied once it is taken, so a large run keeps only the records still to compute.
 */
import type { Issue } from '../schema/issue.js';
import type { Partner } from '../schema/partner.js';
import { batchEnd } from './batches.js';
import type { RunCrossCheck } from './crossCheck.js';
import { buildStatement, finaliseUnit, type FreshLines } from './finalise.js';
import type { InvalidStatements } from './invalidStatements.js';
import type { StatementEmitter } from './statementEmitter.js';
import { statementRejections } from './statementRejections.js';
import type { PreparedPlan, UnitWork } from './units.js';

/** What the batches read and where they write, besides the units. */
export interface BatchContext {
  periodId: string;
  /** The plan versions of the period (a statement's currency and scale come from them). */
  plans: PreparedPlan[];
  batchSize: number;
  keepTrace: boolean;
  crossCheck: RunCrossCheck;
  rejectedByPartner: ReadonlyMap<string, Issue[]>;
  /** The run's issues: each statement's are added as it is built. */
  issues: Issue[];
  invalid: InvalidStatements;
  out: StatementEmitter;
  onProgress: ((done: number, total: number) => void) | undefined;
}

/** A partner's statement being gathered, unit by unit. */
type Gathering = { partner: Partner; block: boolean } & FreshLines;

export function runBatches(units: Array<UnitWork | undefined>, ctx: BatchContext): void {
  const total = units.length;
  let done = 0;
  for (let start = 0; start < total; ) {
    const end = batchEnd(units, start, ctx.batchSize);
    const batch = units.slice(start, end) as UnitWork[];
    units.fill(undefined, start, end);
    runBatch(batch, ctx, start === 0 && end === total);
    done += batch.length;
    ctx.onProgress?.(done, total);
    start = end;
  }
  ctx.invalid.emitBefore(ctx.out);
}

/** One batch: its units in partner order, a statement emitted each time the partner changes and at the end. */
function runBatch(batch: UnitWork[], ctx: BatchContext, whole: boolean): void {
  const checked = ctx.crossCheck.forBatch(batch, whole);
  const verify = ctx.crossCheck.summary;
  let current: Gathering | undefined;
  const flush = () => {
    if (!current) return;
    ctx.invalid.emitBefore(ctx.out, current.partner.id);
    const rejected = { issues: statementRejections(ctx.rejectedByPartner.get(current.partner.id)), block: current.block };
    ctx.out.emit(buildStatement(current.partner, current.lines, ctx.periodId, ctx.plans, ctx.issues, rejected), current.refs);
    current = undefined;
  };
  for (const work of batch) {
    if (current && current.partner.id !== work.partner.id) flush();
    current ??= { partner: work.partner, lines: [], refs: [], block: false };
    if (work.plan.analyzed.plan.rejectedRecords === 'block') current.block = true;
    const check = checked?.(work);
    // Mismatches are counted as the lines are made: reading `trace.formulaValue` here would build every lazy trace.
    const made = finaliseUnit(work, check, ctx.periodId, ctx.keepTrace, verify);
    if (check) verify.lines += made.lines.length;
    // a loop, not push(...): a partner's unit may hold more lines than a call takes arguments
    for (let i = 0; i < made.lines.length; i++) {
      current.lines.push(made.lines[i]!);
      current.refs.push(made.refs[i]!);
    }
  }
  flush();
}
