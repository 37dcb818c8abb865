import { type BookingContext, money } from '../booking.js';
import { buildPeriodStatement } from '../periodStatement.js';
import { Decimal, sum } from '../util.js';
import { recoverAdvances } from './advances.js';
import type { AdjustmentLine, Agreement, LedgerEntry, LedgerEntryKind, PeriodStatement } from '../../schema/ledger.js';
import type { Statement } from '../../schema/result.js';

/**
 * Rules 6 and 7, per partner: bring in a negative balance carried from earlier statements, recover advances, floor
 * a negative statement at zero carrying the rest forward (when `floorAtZero`), and book what the statement pays.
 * Returns the period statement, or null when nothing happened for the partner (no statement is produced and any
 * carried balance stays as it was).
 */
export function settleStatement(
  ctx: BookingContext,
  args: {
    partnerId: string;
    currency: string;
    statement: Statement | null;
    adjustments: AdjustmentLine[];
    agreements: readonly Agreement[];
    prior: LedgerEntry[];
  },
): PeriodStatement | null {
  const { period } = ctx;
  const { partnerId, currency, prior } = args;
  const total = (kinds: LedgerEntryKind[]): Decimal => sum(ctx.book.of(partnerId).filter((e) => kinds.includes(e.kind)).map((e) => e.amount));
  const carryIn = sum(prior.filter((e) => e.kind === 'carry_forward').map((e) => e.amount));
  if (carryIn.gt(0)) {
    ctx.book.add({
      id: `${period.id}:${partnerId}:carry_forward:in`,
      partnerId,
      kind: 'carry_forward',
      amount: money(ctx, carryIn.negated()),
      currency,
      explanation: `Negative balance of ${money(ctx, carryIn)} brought forward from earlier statements.`,
      details: {},
    });
  }
  const beforeAdvance = total(['earned', 'adjustment'])
    .minus(total(['held']))
    .plus(total(['released']))
    .minus(total(['reserved']))
    .plus(total(['reserve_released']))
    .minus(total(['clawback']))
    .minus(carryIn.gt(0) ? carryIn : 0);
  const running = recoverAdvances(ctx, { partnerId, currency, agreements: args.agreements, prior, running: beforeAdvance });
  if (args.statement === null && ctx.book.of(partnerId).every((e) => e.kind === 'carry_forward')) {
    ctx.book.drop(partnerId);
    return null;
  }
  let payable = running;
  if (running.lt(0) && ctx.opts.floorAtZero) {
    ctx.book.add({
      id: `${period.id}:${partnerId}:carry_forward:out`,
      partnerId,
      kind: 'carry_forward',
      amount: money(ctx, running.negated()),
      currency,
      explanation: `Statement balance ${money(ctx, running)} is negative: payable floored at zero, ${money(ctx, running.negated())} carried forward to the next statement.`,
      details: {},
    });
    payable = new Decimal(0);
  }
  ctx.book.add({ id: `${period.id}:${partnerId}:paid`, partnerId, kind: 'paid', amount: money(ctx, payable), currency, explanation: `Payable for ${period.id}.`, details: {} });
  return buildPeriodStatement({
    partnerId,
    period: period.id,
    runId: ctx.runId,
    currency,
    statement: args.statement,
    adjustments: args.adjustments,
    entries: ctx.book.of(partnerId),
    prior,
    floorAtZero: ctx.opts.floorAtZero,
    scale: ctx.opts.scale,
  });
}
