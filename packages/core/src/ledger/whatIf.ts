import type { WhatIfLine, WhatIfPartner, WhatIfResult } from '../schema/ledger.js';
import type { Statement } from '../schema/result.js';
import { byString, Decimal, dec, fmt, keyLines, scaleOf, sum } from './util.js';

/**
 * Diffs two evaluations of the same facts (plan version A vs B) per partner and per line. Lines are matched by
 * `lineKey` (plan, payout, source record), so a new version of the same plan lines up. Core `evaluate` does the runs.
 */
export function whatIf(a: Statement[], b: Statement[], options: { includeUnchanged?: boolean } = {}): WhatIfResult {
  const byA = new Map(a.map((s) => [s.partnerId, s]));
  const byB = new Map(b.map((s) => [s.partnerId, s]));
  const partners: WhatIfPartner[] = [];
  const totals = new Map<string, { a: Decimal; b: Decimal; scale: number }>();
  let changedLines = 0;
  for (const partnerId of [...new Set([...byA.keys(), ...byB.keys()])].sort()) {
    const sa = byA.get(partnerId);
    const sb = byB.get(partnerId);
    const currency = sb?.currency ?? sa?.currency ?? '';
    const scale = scaleOf(sa, sb);
    const m = (d: Decimal): string => fmt(d, scale);
    const la = keyLines(sa?.lines ?? []);
    const lb = keyLines(sb?.lines ?? []);
    const lines: WhatIfLine[] = [];
    const comp = new Map<string, { a: Decimal; b: Decimal }>();
    for (const key of [...new Set([...la.keys(), ...lb.keys()])].sort()) {
      const x = la.get(key);
      const y = lb.get(key);
      const amountA = dec(x?.amount ?? '0');
      const amountB = dec(y?.amount ?? '0');
      const delta = amountB.minus(amountA);
      const ref = (y ?? x)!;
      const c = comp.get(ref.component) ?? { a: new Decimal(0), b: new Decimal(0) };
      comp.set(ref.component, { a: c.a.plus(amountA), b: c.b.plus(amountB) });
      const change = !x ? 'added' : !y ? 'removed' : delta.isZero() ? 'same' : 'changed';
      if (change !== 'same') changedLines++;
      if (change === 'same' && !options.includeUnchanged) continue;
      lines.push({
        lineKey: key,
        lineIdA: x?.id ?? null,
        lineIdB: y?.id ?? null,
        component: ref.component,
        label: ref.label,
        source: ref.source,
        amountA: m(amountA),
        amountB: m(amountB),
        delta: m(delta),
        change,
      });
    }
    const totalA = sum((sa?.lines ?? []).map((l) => l.amount));
    const totalB = sum((sb?.lines ?? []).map((l) => l.amount));
    const t = totals.get(currency) ?? { a: new Decimal(0), b: new Decimal(0), scale };
    totals.set(currency, { a: t.a.plus(totalA), b: t.b.plus(totalB), scale: Math.max(t.scale, scale) });
    partners.push({
      partnerId,
      currency,
      totalA: m(totalA),
      totalB: m(totalB),
      delta: m(totalB.minus(totalA)),
      byComponent: Object.fromEntries(
        [...comp.entries()].sort(byString(([k]) => k)).map(([k, v]) => [k, { a: m(v.a), b: m(v.b), delta: m(v.b.minus(v.a)) }]),
      ),
      lines,
    });
  }
  return {
    partners,
    totals: Object.fromEntries(
      [...totals.entries()].sort(byString(([k]) => k)).map(([k, v]) => [k, { a: fmt(v.a, v.scale), b: fmt(v.b, v.scale), delta: fmt(v.b.minus(v.a), v.scale) }]),
    ),
    changedPartners: partners.filter((p) => !dec(p.delta).isZero() || p.lines.some((l) => l.change !== 'same')).length,
    changedLines,
  };
}
