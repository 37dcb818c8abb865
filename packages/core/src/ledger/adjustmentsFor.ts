import type { AdjustmentLine } from '../schema/ledger.js';
import type { Statement, StatementLine } from '../schema/result.js';
import { byString, dec, fmt, keyLines, lineKey, scaleOf } from './util.js';

export interface AdjustmentsOptions {
  /** Adjustments already booked for the same period (earlier recalculations): the comparison is against
   *  the latest booked state = approved lines + these deltas. History is never rewritten. */
  previous?: AdjustmentLine[];
  /** Only these partners (default: every partner of the recalculation). */
  partners?: string[];
}

/**
 * The adjustment lines that bring an approved period's latest booked state to its recalculation: per line the delta
 * (lines that appear or disappear included), with both traces, to book in the next open period. Unchanged inputs
 * give no lines. Lines are matched by `lineKey` (plan, payout, source record), so a new plan version matches too.
 */
export function adjustmentsFor(
  original: Statement[],
  recalculated: Statement[],
  options: AdjustmentsOptions = {},
): AdjustmentLine[] {
  const previous = options.previous ?? [];
  const origBy = new Map(original.map((s) => [s.partnerId, s]));
  const partners = options.partners
    ? [...new Set(options.partners)].sort()
    : [...new Set(recalculated.map((s) => s.partnerId))].sort();
  const recBy = new Map(recalculated.map((s) => [s.partnerId, s]));
  const out: AdjustmentLine[] = [];
  for (const partnerId of partners) {
    const orig = origBy.get(partnerId);
    const rec = recBy.get(partnerId);
    const period = rec?.period ?? orig?.period;
    if (period === undefined) continue;
    if (orig && rec && orig.period !== rec.period) {
      throw new Error(`adjustmentsFor: partner ${partnerId} compares period ${orig.period} with ${rec.period}`);
    }
    const scale = scaleOf(orig, rec);
    const before = keyLines(orig?.lines ?? []);
    const after = keyLines(rec?.lines ?? []);
    const prevFor = new Map<string, AdjustmentLine[]>();
    for (const a of previous) {
      if (a.partnerId !== partnerId || a.originalPeriod !== period) continue;
      const list = prevFor.get(a.lineKey) ?? [];
      list.push(a);
      prevFor.set(a.lineKey, list);
    }
    const keys = [...new Set([...before.keys(), ...after.keys(), ...prevFor.keys()])].sort();
    for (const key of keys) {
      const b = before.get(key);
      const a = after.get(key);
      const prev = (prevFor.get(key) ?? []).sort((x, y) => x.revision - y.revision);
      const last = prev[prev.length - 1];
      // latest booked state of the line: approved amount plus every correction booked since
      let booked = dec(b?.amount ?? '0');
      for (const p of prev) booked = booked.plus(p.delta);
      const now = dec(a?.amount ?? '0');
      const delta = now.minus(booked);
      if (delta.isZero()) continue;
      const bookedExists = last ? last.newLineId !== null : b !== undefined;
      const ref: StatementLine = (a ?? b ?? undefined) as StatementLine;
      const previousLineId = last ? last.newLineId : (b?.id ?? null);
      const previousTrace = last ? last.newTrace : (b?.trace ?? null);
      const revision = prev.length + 1;
      out.push({
        id: `adj:${period}:${key}:${revision}`,
        partnerId,
        originalPeriod: period,
        lineKey: key,
        previousLineId,
        newLineId: a?.id ?? null,
        planId: ref?.planId ?? last!.planId,
        payout: ref?.payout ?? last!.payout,
        component: ref?.component ?? last!.component,
        label: ref?.label ?? last!.label,
        source: ref?.source ?? last?.source ?? null,
        currency: ref?.currency ?? last!.currency,
        previousAmount: fmt(booked, scale),
        newAmount: fmt(now, scale),
        delta: fmt(delta, scale),
        change: !a ? 'removed' : bookedExists ? 'changed' : 'added',
        revision,
        previousTrace,
        newTrace: a?.trace ?? null,
      });
    }
  }
  return out.sort(byString((x) => `${x.partnerId}\u0000${x.id}`));
}

export { lineKey };
