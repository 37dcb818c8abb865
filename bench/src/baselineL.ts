import Decimal from 'decimal.js';
import type { Workload } from './data.js';
import { D, planA, rateKey } from './planA.js';

/**
 * Baseline (L): sample plan (a) written by hand in TypeScript with decimal.js, no formula engine. What a developer
 * would write for this one plan; the engine must agree with it to the cent.
 */
export interface Totals {
  /** partner → component → amount (2 decimals) */
  byPartner: Map<string, Map<string, string>>;
  lines: number;
}

export function baselineL(w: Workload): Totals {
  const { rateByKey, eeBonus, marginal, target } = planA(w.plan);

  const acc = new Map<string, { commission: Decimal; bonus: Decimal; activations: number }>();
  for (const p of w.partners) acc.set(p.id, { commission: new D(0), bonus: new D(0), activations: 0 });
  let lines = 0;
  for (const c of w.contracts) {
    const a = acc.get(String(c.partnerId));
    if (!a || c.qualityOk !== true) continue;
    const units = c.commodity === 'gas' ? Number(c.annualSmc ?? 0) : c.commodity === 'power' ? Number(c.annualKwh ?? 0) : 0;
    const r = rateByKey.get(rateKey(c.category, c.territory));
    if (!r) throw new Error(`no rate for ${String(c.category)} × ${String(c.territory)}`);
    a.commission = a.commission.plus(new D(units).times(r.rate).plus(r.fixed).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
    if (c.energyEfficiency === true) a.bonus = a.bonus.plus(eeBonus);
    a.activations++;
    lines += 2;
  }
  const byPartner = new Map<string, Map<string, string>>();
  for (const [id, a] of acc) {
    const q = new D(a.activations);
    const volume = q.gte(target(id)) ? marginal(q).amount.toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : new D(0);
    byPartner.set(id, new Map([['commission', a.commission.toFixed(2)], ['bonus', a.bonus.plus(volume).toFixed(2)]]));
    lines++;
  }
  return { byPartner, lines };
}
