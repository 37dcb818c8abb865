import { type BookingContext, money, roundAmount } from '../booking.js';
import { DEFAULT_RESERVE_BASIS } from '../conventions.js';
import type { PayableAmount } from '../units.js';
import { addMonths, byString, Decimal, dec } from '../util.js';
import type { LedgerEntry } from '../../schema/ledger.js';

type Reserve = { share: string; releaseAfterMonths: number; basis?: 'line' | 'periodTotal' | undefined };

/**
 * Rule 3a: when amounts become payable, the plan's reserve share is withheld. Basis `line` (default): each amount's
 * share, rounded per amount. Basis `periodTotal`: the share of the partner's total under the plan for the period,
 * rounded once, then split over the payout components in proportion to their positive totals (largest remainder),
 * so the fiscal base by component stays exact.
 */
export function withholdReserves(ctx: BookingContext, payable: readonly PayableAmount[]): void {
  const groups = new Map<string, PayableAmount[]>();
  for (const p of [...payable].sort(byString((x) => `${x.partnerId}\u0000${x.unitId}`))) {
    const reserve = ctx.conditions[p.planId]?.reserve;
    if (!reserve || !ctx.inScope(p.partnerId)) continue;
    if ((reserve.basis ?? DEFAULT_RESERVE_BASIS) === 'line') {
      withholdLine(ctx, reserve, p);
      continue;
    }
    const key = `${p.partnerId}\u0000${p.planId}`;
    const list = groups.get(key);
    if (list) list.push(p);
    else groups.set(key, [p]);
  }
  for (const [, list] of [...groups.entries()].sort(byString(([k]) => k))) withholdPeriodTotal(ctx, ctx.conditions[list[0]!.planId]!.reserve!, list);
}

function due(ctx: BookingContext, reserve: Reserve): string {
  return addMonths(ctx.period.start, reserve.releaseAfterMonths);
}

function withholdLine(ctx: BookingContext, reserve: Reserve, p: PayableAmount): void {
  if (p.amount.lte(0)) return;
  const share = dec(reserve.share);
  const withheld = roundAmount(ctx, p.amount.times(share));
  if (withheld.isZero()) return;
  const dueDate = due(ctx, reserve);
  ctx.book.add({
    ...p.fields,
    id: `${ctx.period.id}:${p.partnerId}:reserved:${p.unitId}`,
    partnerId: p.partnerId,
    kind: 'reserved',
    amount: money(ctx, withheld),
    currency: p.currency,
    dueDate,
    explanation: `Reserve of ${share.times(100).toString()}% withheld from ${money(ctx, p.amount)}, released on or after ${dueDate}.`,
    details: { share: share.toString(), base: money(ctx, p.amount), releaseAfterMonths: String(reserve.releaseAfterMonths), basis: 'line' },
  });
}

function withholdPeriodTotal(ctx: BookingContext, reserve: Reserve, list: readonly PayableAmount[]): void {
  const first = list[0]!;
  const base = list.reduce((t, p) => t.plus(p.amount), new Decimal(0));
  if (base.lte(0)) return;
  const share = dec(reserve.share);
  const withheld = roundAmount(ctx, base.times(share));
  if (withheld.isZero()) return;
  const byComponent = new Map<string, Decimal>();
  for (const p of list) {
    const c = p.fields.component ?? p.fields.payout ?? 'commission';
    byComponent.set(c, (byComponent.get(c) ?? new Decimal(0)).plus(p.amount));
  }
  const components = [...byComponent.entries()].filter(([, v]) => v.gt(0)).sort(byString(([k]) => k));
  const parts = allocate(withheld, components.map(([, v]) => v), ctx.opts.scale);
  const dueDate = due(ctx, reserve);
  components.forEach(([component, componentBase], i) => {
    const amount = parts[i]!;
    if (amount.isZero()) return;
    ctx.book.add({
      planId: first.planId,
      component,
      id: `${ctx.period.id}:${first.partnerId}:reserved:${first.planId}:${component}`,
      partnerId: first.partnerId,
      kind: 'reserved',
      amount: money(ctx, amount),
      currency: first.currency,
      dueDate,
      explanation: `Reserve of ${share.times(100).toString()}% withheld from the period total of ${money(ctx, base)} under plan ${first.planId} (rounded once to ${money(ctx, withheld)}); ${money(ctx, amount)} of it on ${component}; released on or after ${dueDate}.`,
      details: {
        share: share.toString(),
        base: money(ctx, base),
        withheld: money(ctx, withheld),
        componentBase: money(ctx, componentBase),
        releaseAfterMonths: String(reserve.releaseAfterMonths),
        basis: 'periodTotal',
      },
    });
  });
}

/**
 * Splits `total` (already at `scale`) over positive weights in proportion, at `scale`, with the units left over by
 * rounding down given to the largest remainders (ties: first weight): the parts add up to `total` exactly.
 */
export function allocate(total: Decimal, weights: readonly Decimal[], scale: number): Decimal[] {
  const sumW = weights.reduce((t, w) => t.plus(w), new Decimal(0));
  if (sumW.isZero()) return weights.map(() => new Decimal(0));
  const exact = weights.map((w) => total.times(w).dividedBy(sumW));
  const parts = exact.map((x) => x.toDecimalPlaces(scale, Decimal.ROUND_DOWN));
  const unit = new Decimal(1).dividedBy(new Decimal(10).pow(scale));
  let left = total.minus(parts.reduce((t, p) => t.plus(p), new Decimal(0))).dividedBy(unit).toNumber();
  const order = exact.map((x, i) => ({ i, rem: x.minus(parts[i]!) })).sort((a, b) => b.rem.comparedTo(a.rem) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = parts[i]!.plus(unit);
    left--;
  }
  return parts;
}

/** Rule 3b: reserve withheld earlier is released in the first period ending on or after its due date. */
export function releaseReserves(ctx: BookingContext, ledger: readonly LedgerEntry[], settled: ReadonlySet<string>): void {
  const reserved = ledger.filter((e) => e.kind === 'reserved' && !settled.has(e.id)).sort(byString((e) => e.id));
  for (const r of reserved) {
    if (!ctx.inScope(r.partnerId) || r.dueDate === null || r.dueDate > ctx.period.end) continue;
    ctx.book.add({
      unitId: r.unitId,
      lineId: r.lineId,
      lineKey: r.lineKey,
      originalPeriod: r.originalPeriod,
      subject: r.subject,
      source: r.source,
      planId: r.planId,
      payout: r.payout,
      component: r.component,
      traceRef: r.traceRef,
      id: `${ctx.period.id}:${r.partnerId}:reserve_released:${r.unitId ?? r.id}`,
      partnerId: r.partnerId,
      kind: 'reserve_released',
      amount: r.amount,
      currency: r.currency,
      originalEntryId: r.id,
      explanation: `Reserve withheld in ${r.period} released (due ${r.dueDate}).`,
      details: { withheldIn: r.period, dueDate: r.dueDate },
    });
  }
}
