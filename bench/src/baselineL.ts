import Decimal from 'decimal.js';
import type { Workload } from './data.js';

/**
 * Baseline (L): sample plan (a) written by hand in TypeScript with decimal.js, no formula engine. What a developer
 * would write for this one plan; the engine must agree with it to the cent.
 */
export interface Totals {
  /** partner → component → amount (2 decimals) */
  byPartner: Map<string, Map<string, string>>;
  lines: number;
}

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export function baselineL(w: Workload): Totals {
  const plan = w.plan;
  const rates = plan.tables.Rates;
  const tiers = plan.tables.VolumeTiers;
  if (rates?.kind !== 'lookup' || tiers?.kind !== 'tier') throw new Error('plan (a) changed shape');
  const rateByKey = new Map<string, { rate: Decimal; fixed: Decimal }>();
  for (const r of rates.rows) rateByKey.set(`${String(r.category).toLowerCase()}|${String(r.territory).toLowerCase()}`, { rate: new D(String(r.Rate)), fixed: new D(String(r.Fixed)) });
  const eeBonus = new D(String(plan.parameters.EfficiencyBonus!.value));
  const from = tiers.bands.map((b) => new D(b.from));
  const rate = tiers.bands.map((b) => new D(b.rate));
  const marginal = (q: Decimal) => {
    let amount = new D(0);
    for (let i = 0; i < from.length; i++) {
      if (q.lte(from[i]!)) break;
      const top = i + 1 < from.length && q.gt(from[i + 1]!) ? from[i + 1]! : q;
      amount = amount.plus(top.minus(from[i]!).times(rate[i]!));
    }
    return amount;
  };
  const target = (partner: string) => new D(String(plan.overrides[partner]?.BonusTarget ?? plan.parameters.BonusTarget!.value));

  const acc = new Map<string, { commission: Decimal; bonus: Decimal; activations: number }>();
  for (const p of w.partners) acc.set(p.id, { commission: new D(0), bonus: new D(0), activations: 0 });
  let lines = 0;
  for (const c of w.contracts) {
    const a = acc.get(String(c.partnerId));
    if (!a || c.qualityOk !== true) continue;
    const units = c.commodity === 'gas' ? Number(c.annualSmc ?? 0) : c.commodity === 'power' ? Number(c.annualKwh ?? 0) : 0;
    const r = rateByKey.get(`${String(c.category).toLowerCase()}|${String(c.territory).toLowerCase()}`);
    if (!r) throw new Error(`no rate for ${String(c.category)} × ${String(c.territory)}`);
    a.commission = a.commission.plus(new D(units).times(r.rate).plus(r.fixed).toDecimalPlaces(2, Decimal.ROUND_HALF_UP));
    if (c.energyEfficiency === true) a.bonus = a.bonus.plus(eeBonus);
    a.activations++;
    lines += 2;
  }
  const byPartner = new Map<string, Map<string, string>>();
  for (const [id, a] of acc) {
    const q = new D(a.activations);
    const volume = q.gte(target(id)) ? marginal(q).toDecimalPlaces(2, Decimal.ROUND_HALF_UP) : new D(0);
    byPartner.set(id, new Map([['commission', a.commission.toFixed(2)], ['bonus', a.bonus.plus(volume).toFixed(2)]]));
    lines++;
  }
  return { byPartner, lines };
}
