import { type BookingContext, eventRef, money } from '../booking.js';
import { lastReleaseDay, releaseDeadline } from '../conventions.js';
import { type PaidUnit, type PayableAmount, type Unit, unitFields } from '../units.js';
import type { LedgerEntry } from '../../schema/ledger.js';

/**
 * Rule 1: every unit of the period is earned (or booked as an adjustment). With a release condition and no
 * releasing event known by the period end (and by the deadline's last counting day), it is also held; otherwise it
 * is payable now. Service conditions bind lines of a source record (a contract); partner-level lines (bonuses,
 * caps) are payable at once.
 */
export function earnUnits(ctx: BookingContext, units: readonly Unit[], heldOpen: Map<string, LedgerEntry>, paid: PaidUnit[], payable: PayableAmount[]): void {
  const { period } = ctx;
  for (const u of units) {
    if (!ctx.inScope(u.partnerId)) continue;
    const c = ctx.conditions[u.planId];
    const release = u.source ? c?.release : undefined;
    const deadline = release ? releaseDeadline(u.saleDate, release) : null;
    const releasing = release ? ctx.events.find(u.subject, release.events, [release.on], deadline ? lastReleaseDay(deadline, release) : undefined) : undefined;
    const what = u.kind === 'earned' ? `Earned in ${u.originalPeriod}` : `Adjustment of ${u.originalPeriod} (${u.unitId})`;
    ctx.book.add({
      ...unitFields(u),
      id: u.entryId,
      partnerId: u.partnerId,
      kind: u.kind,
      amount: money(ctx, u.amount),
      currency: u.currency,
      event: releasing ? eventRef(releasing) : null,
      explanation: release
        ? releasing
          ? `${what}; payable now: ${release.on} ${releasing.id} on ${releasing.date}.`
          : `${what}; held until ${release.on}${u.subject ? ` of ${u.subject}` : ''}.`
        : c?.release
          ? `${what}; payable now (a partner-level line: service conditions do not apply).`
          : `${what}; payable now (no release condition).`,
      details: { saleDate: u.saleDate },
    });
    if (release && !releasing) {
      const inclusive = release.deadlineInclusive ?? true;
      const held = ctx.book.add({
        ...unitFields(u),
        id: `${period.id}:${u.partnerId}:held:${u.unitId}`,
        partnerId: u.partnerId,
        kind: 'held',
        amount: money(ctx, u.amount),
        currency: u.currency,
        originalEntryId: u.entryId,
        dueDate: deadline,
        explanation: `Held until ${release.on}${u.subject ? ` of ${u.subject}` : ' (the line has no link value)'}${deadline ? `; lapses if not met by ${deadline}${inclusive ? '' : ' (the deadline day itself no longer counts)'}` : ''}.`,
        details: { saleDate: u.saleDate, on: release.on, ...(deadline ? { deadline, deadlineInclusive: String(inclusive) } : {}) },
      });
      heldOpen.set(held.id, held);
    } else {
      payable.push({ unitId: u.unitId, partnerId: u.partnerId, planId: u.planId, currency: u.currency, amount: u.amount, fields: unitFields(u) });
      paid.push({
        unitId: u.unitId,
        partnerId: u.partnerId,
        currency: u.currency,
        amount: u.amount,
        planId: u.planId,
        subject: u.subject,
        saleDate: u.saleDate,
        fields: unitFields(u),
        originalEntryId: u.entryId,
        releasedBy: releasing ? eventRef(releasing) : null,
      });
    }
  }
}
