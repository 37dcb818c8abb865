import { type BookingContext, eventRef } from '../booking.js';
import { lastReleaseDay } from '../conventions.js';
import { fieldsOf, type PaidUnit, type PayableAmount } from '../units.js';
import { byString, dec } from '../util.js';
import type { LedgerEntry } from '../../schema/ledger.js';

/**
 * Rule 2: a held unit is released in the first period whose run sees its releasing event (dated by the deadline's
 * last counting day); it lapses when its contract ends first (a clawback event) or when that last day has passed.
 * An event that arrives after the unit lapsed changes nothing: a lapsed unit is settled.
 */
export function settleHeld(ctx: BookingContext, heldOpen: ReadonlyMap<string, LedgerEntry>, paid: PaidUnit[], payable: PayableAmount[]): void {
  const { period } = ctx;
  for (const held of [...heldOpen.values()].sort(byString((e) => e.id))) {
    if (!ctx.inScope(held.partnerId)) continue;
    const c = ctx.conditions[held.planId ?? ''];
    const fields = fieldsOf(held);
    const release = c?.release;
    const lastDay = held.dueDate !== null ? lastReleaseDay(held.dueDate, release) : undefined;
    const releasing = release && held.period !== period.id ? ctx.events.find(held.subject, release.events, [release.on], lastDay) : undefined;
    if (releasing) {
      ctx.book.add({
        ...fields,
        id: `${period.id}:${held.partnerId}:released:${held.unitId}`,
        partnerId: held.partnerId,
        kind: 'released',
        amount: held.amount,
        currency: held.currency,
        originalEntryId: held.id,
        event: eventRef(releasing),
        explanation: `Released: ${releasing.type} ${releasing.id} of ${held.subject} on ${releasing.date} (held since ${held.period}).`,
        details: { heldSince: held.period },
      });
      const amount = dec(held.amount);
      const unitId = held.unitId ?? held.id;
      payable.push({ unitId, partnerId: held.partnerId, planId: held.planId ?? '', currency: held.currency, amount, fields });
      paid.push({
        unitId,
        partnerId: held.partnerId,
        currency: held.currency,
        amount,
        planId: held.planId ?? '',
        subject: held.subject,
        saleDate: held.details['saleDate'] ?? period.end,
        fields,
        originalEntryId: held.originalEntryId ?? held.id,
        releasedBy: eventRef(releasing),
      });
      continue;
    }
    const claw = c?.clawback;
    const ending = claw ? ctx.events.find(held.subject, claw.events, claw.on) : undefined;
    const pastDeadline = lastDay !== undefined && lastDay <= period.end;
    if (!ending && !pastDeadline) continue;
    const inclusive = release?.deadlineInclusive ?? true;
    ctx.book.add({
      ...fields,
      id: `${period.id}:${held.partnerId}:lapsed:${held.unitId}`,
      partnerId: held.partnerId,
      kind: 'lapsed',
      amount: held.amount,
      currency: held.currency,
      originalEntryId: held.id,
      event: ending ? eventRef(ending) : null,
      explanation: ending
        ? `Lapsed: ${held.subject} ended (${ending.type} ${ending.id} on ${ending.date}) before ${release?.on ?? 'release'}.`
        : `Lapsed: ${release?.on ?? 'the release condition'} of ${held.subject ?? 'the line'} not met by ${held.dueDate}${inclusive ? '' : ' (exclusive)'}.`,
      details: {
        reason: ending ? 'terminated' : 'deadline',
        ...(held.dueDate ? { deadline: held.dueDate, deadlineInclusive: String(inclusive) } : {}),
      },
    });
  }
}
