import { type BookingContext, money } from '../booking.js';
import { DEFAULT_RECOVERY_START } from '../conventions.js';
import { addMonths, Decimal, dec, sum } from '../util.js';
import type { Agreement, LedgerEntry } from '../../schema/ledger.js';

/**
 * Rule 5: upfront agreements. The advance is booked as paid in the first booked period that contains or follows
 * its signing; it is recovered from statements, starting with the signing period (`recoveryStart: sameMonth`) or
 * the first period after it (`nextMonth`, default): min(balance, instalment, maxShare × statement before recovery,
 * rounded down). When the agreement ends (early termination or end of term) the whole balance is recovered.
 * Returns the statement amount left after recovery.
 */
export function recoverAdvances(
  ctx: BookingContext,
  args: { partnerId: string; currency: string; agreements: readonly Agreement[]; prior: readonly LedgerEntry[]; running: Decimal },
): Decimal {
  const { period } = ctx;
  const { partnerId, currency, prior } = args;
  let running = args.running;
  for (const a of args.agreements) {
    if (a.signedOn > period.end) continue;
    if (!prior.some((e) => e.kind === 'advance_paid' && e.agreementId === a.id)) {
      ctx.book.add({
        id: `${period.id}:${partnerId}:advance_paid:${a.id}`,
        partnerId,
        kind: 'advance_paid',
        amount: money(ctx, dec(a.advance)),
        currency,
        agreementId: a.id,
        explanation: `Advance of agreement ${a.id} paid at signing on ${a.signedOn}; recovered from later statements.`,
        details: { signedOn: a.signedOn },
      });
    }
    const all = [...prior, ...ctx.book.of(partnerId)].filter((e) => e.agreementId === a.id);
    const balance = sum(all.filter((e) => e.kind === 'advance_paid').map((e) => e.amount)).minus(
      sum(all.filter((e) => e.kind === 'advance_recovered' || e.kind === 'advance_recovery_on_termination').map((e) => e.amount)),
    );
    if (balance.lte(0)) continue;
    const termEnd = addMonths(a.signedOn, a.termMonths);
    const early = a.terminatedOn != null && a.terminatedOn < termEnd;
    const ends = early ? a.terminatedOn! : termEnd;
    if (ends <= period.end) {
      ctx.book.add({
        id: `${period.id}:${partnerId}:advance_recovery_on_termination:${a.id}`,
        partnerId,
        kind: 'advance_recovery_on_termination',
        amount: money(ctx, balance),
        currency,
        agreementId: a.id,
        explanation: early
          ? `Agreement ${a.id} terminated early on ${a.terminatedOn}: the unrecovered advance of ${money(ctx, balance)} is recovered in full.`
          : `Agreement ${a.id} ended on ${termEnd} with ${money(ctx, balance)} of the advance unrecovered: recovered in full.`,
        details: { reason: early ? 'terminated' : 'term_end', endedOn: ends },
      });
      running = running.minus(balance);
      continue;
    }
    const start = a.recoveryStart ?? DEFAULT_RECOVERY_START;
    if (start === 'nextMonth' && !(period.start > a.signedOn)) continue;
    running = recoverOnce(ctx, a, { partnerId, currency, balance, running, start });
  }
  return running;
}

function recoverOnce(
  ctx: BookingContext,
  a: Agreement,
  args: { partnerId: string; currency: string; balance: Decimal; running: Decimal; start: string },
): Decimal {
  const { partnerId, currency, balance, running } = args;
  let amount = balance;
  const details: Record<string, string> = { balanceBefore: money(ctx, balance), base: money(ctx, running), recoveryStart: args.start };
  if (a.recovery.maxShare !== undefined) {
    const cap = running.gt(0) ? running.times(a.recovery.maxShare).toDecimalPlaces(ctx.opts.scale, Decimal.ROUND_DOWN) : new Decimal(0);
    amount = Decimal.min(amount, cap);
    details['maxShare'] = a.recovery.maxShare;
    details['cap'] = money(ctx, cap);
  }
  if (a.recovery.instalment !== undefined) {
    amount = Decimal.min(amount, dec(a.recovery.instalment));
    details['instalment'] = a.recovery.instalment;
  }
  if (amount.lte(0)) return running;
  ctx.book.add({
    id: `${ctx.period.id}:${partnerId}:advance_recovered:${a.id}`,
    partnerId,
    kind: 'advance_recovered',
    amount: money(ctx, amount),
    currency,
    agreementId: a.id,
    explanation: `Advance of agreement ${a.id}: ${money(ctx, amount)} recovered from this statement${a.recovery.maxShare !== undefined ? ` (at most ${dec(a.recovery.maxShare).times(100).toString()}% of ${money(ctx, Decimal.max(running, 0))})` : ''}; ${money(ctx, balance.minus(amount))} left.`,
    details,
  });
  return running.minus(amount);
}
