import { type BookingContext, eventRef, money, roundAmount } from '../booking.js';
import { clawbackWindowEnd, proRataFraction, windowText } from '../conventions.js';
import type { PaidUnit } from '../units.js';
import { byString, Decimal } from '../util.js';
import type { EventRef } from '../../schema/ledger.js';

/**
 * Rule 4: a paid unit whose subject gets a clawback event before its window closes is clawed back, once: in full,
 * or pro rata temporis (days left over days in the window, counted by the plan's day-count convention).
 * The window opens at the `from` event (default: the release event; with neither, the sale date).
 */
export function clawbacks(ctx: BookingContext, paid: readonly PaidUnit[]): void {
  for (const p of [...paid].sort(byString((x) => `${x.partnerId}\u0000${x.unitId}`))) {
    if (!ctx.inScope(p.partnerId)) continue;
    const c = ctx.conditions[p.planId];
    const claw = c?.clawback;
    if (!claw) continue;
    const ending = ctx.events.find(p.subject, claw.events, claw.on);
    if (!ending) continue;
    const start = windowStart(ctx, p, ending.date);
    if (start.date === null) continue;
    const windowEnd = clawbackWindowEnd(start.date, claw);
    if (!(ending.date < windowEnd)) continue;
    const pr = claw.mode === 'proRata' ? proRataFraction(start.date, ending.date, windowEnd, claw) : null;
    const fraction = pr ? pr.fraction : new Decimal(1);
    const amount = pr ? roundAmount(ctx, p.amount.times(fraction)) : p.amount;
    if (amount.isZero()) continue;
    ctx.book.add({
      ...p.fields,
      id: `${ctx.period.id}:${p.partnerId}:clawback:${p.unitId}`,
      partnerId: p.partnerId,
      kind: 'clawback',
      amount: money(ctx, amount),
      currency: p.currency,
      originalEntryId: p.originalEntryId,
      event: eventRef(ending),
      windowStart: start.event,
      explanation: pr
        ? `Clawback pro rata: ${p.subject} ended (${ending.type} ${ending.id}) on ${ending.date}, ${pr.left.toString()} of ${pr.total.toString()} days (${pr.dayCount}) before the ${windowText(claw)} window from ${start.date} closes; ${money(ctx, p.amount)} × ${fraction.toSignificantDigits(10).toString()}.`
        : `Clawback in full: ${p.subject} ended (${ending.type} ${ending.id}) on ${ending.date}, within the ${windowText(claw)} window from ${start.date}.`,
      details: {
        mode: claw.mode,
        paidAmount: money(ctx, p.amount),
        fraction: fraction.toString(),
        windowStart: start.date,
        windowEnd,
        terminatedOn: ending.date,
        ...(pr ? { dayCount: pr.dayCount, daysLeft: pr.left.toString(), daysInWindow: pr.total.toString() } : {}),
      },
    });
  }
}

function windowStart(ctx: BookingContext, p: PaidUnit, endedOn: string): { event: EventRef | null; date: string | null } {
  const c = ctx.conditions[p.planId];
  const claw = c!.clawback!;
  const fromType = claw.from ?? c?.release?.on;
  if (!fromType) return { event: null, date: p.saleDate };
  if (fromType === c?.release?.on && p.releasedBy) return { event: p.releasedBy, date: p.releasedBy.date };
  const found = ctx.events.find(p.subject, claw.events, [fromType], endedOn) ?? (c?.release ? ctx.events.find(p.subject, c.release.events, [fromType], endedOn) : undefined);
  return found ? { event: eventRef(found), date: found.date } : { event: null, date: null };
}
