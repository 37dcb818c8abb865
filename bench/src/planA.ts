import Decimal from 'decimal.js';
import type { Plan } from '@provvigo/core';

/**
 * Sample plan (a)'s tables and parameters as the hand-written baselines read them ((L) in `baselineL.ts`, (LD) in
 * `baselineLD.ts`): the rates by category × territory, the energy-efficiency bonus, the marginal volume bands and each
 * partner's bonus target. Read once per run; the baselines then compute with decimal.js as a developer would.
 */

/** decimal.js as the engine computes: 40 significant digits, half up. */
export const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** One row of the rates table: the decimals, and their text as the plan writes it (for traces). */
export interface RateRow {
  rate: Decimal;
  fixed: Decimal;
  rateText: string;
  fixedText: string;
}

/** The key of a category × territory in `rates` (case-insensitive, as the plan's RATE lookup). */
export const rateKey = (category: unknown, territory: unknown): string => `${String(category).toLowerCase()}|${String(territory).toLowerCase()}`;

export function planA(plan: Plan) {
  const rates = plan.tables.Rates;
  const tiers = plan.tables.VolumeTiers;
  if (rates?.kind !== 'lookup' || tiers?.kind !== 'tier') throw new Error('plan (a) changed shape');
  const rateByKey = new Map<string, RateRow>();
  for (const r of rates.rows) {
    rateByKey.set(rateKey(r.category, r.territory), { rate: new D(String(r.Rate)), fixed: new D(String(r.Fixed)), rateText: String(r.Rate), fixedText: String(r.Fixed) });
  }
  const from = tiers.bands.map((b) => new D(b.from));
  const rate = tiers.bands.map((b) => new D(b.rate));
  return {
    rateByKey,
    eeBonus: new D(String(plan.parameters.EfficiencyBonus!.value)),
    /** The marginal volume bonus of `q` activations, and the bands it used (index, from, to, quantity in the band). */
    marginal(q: Decimal) {
      let amount = new D(0);
      const used: Array<{ band: number; from: string; to: string; quantity: string }> = [];
      for (let i = 0; i < from.length; i++) {
        if (q.lte(from[i]!)) break;
        const top = i + 1 < from.length && q.gt(from[i + 1]!) ? from[i + 1]! : q;
        amount = amount.plus(top.minus(from[i]!).times(rate[i]!));
        used.push({ band: i, from: from[i]!.toString(), to: top.toString(), quantity: top.minus(from[i]!).toString() });
      }
      return { amount, used };
    },
    /** A partner's bonus target: its override, or the plan's. */
    target: (partner: string) => new D(String(plan.overrides[partner]?.BonusTarget ?? plan.parameters.BonusTarget!.value)),
  };
}
