import Decimal from 'decimal.js';
import type { Workload } from './data.js';
import type { Totals } from './baselineL.js';

/**
 * The naive workbook rounds each commission with the spreadsheet's ROUND on binary doubles (HyperFormula: multiply,
 * Math.round, divide), which lands on the other cent for some half-cent values (hyperformula.md §2.2). This replays
 * that arithmetic in doubles, so a disagreement between the engine and (N) can be checked to be exactly those lines.
 */
export function naiveCommissionDelta(w: Workload): { byPartner: Map<string, Decimal>; lines: number } {
  const rates = w.plan.tables.Rates;
  if (rates?.kind !== 'lookup') throw new Error('plan (a) changed shape');
  const table = new Map(rates.rows.map((r) => [`${String(r.category).toLowerCase()}|${String(r.territory).toLowerCase()}`, [Number(r.Rate), Number(r.Fixed), String(r.Rate), String(r.Fixed)] as const]));
  const byPartner = new Map<string, Decimal>();
  let lines = 0;
  for (const c of w.contracts) {
    if (c.qualityOk !== true) continue;
    const units = c.commodity === 'gas' ? Number(c.annualSmc ?? 0) : c.commodity === 'power' ? Number(c.annualKwh ?? 0) : 0;
    const [rate, fixed, rateText, fixedText] = table.get(`${String(c.category).toLowerCase()}|${String(c.territory).toLowerCase()}`)!;
    const v = units * rate + fixed;
    const spreadsheet = v < 0 ? -Math.round(-v * 100) / 100 : Math.round(v * 100) / 100;
    const exact = new Decimal(units).times(rateText).plus(fixedText).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const delta = exact.minus(String(spreadsheet));
    if (!delta.isZero()) {
      lines++;
      const p = String(c.partnerId);
      byPartner.set(p, (byPartner.get(p) ?? new Decimal(0)).plus(delta));
    }
  }
  return { byPartner, lines };
}

/** Engine totals minus the naive workbook's binary-ROUND artefacts: what (N) must show exactly. */
export function withArtefacts(engine: Totals, delta: Map<string, Decimal>): Totals {
  const byPartner = new Map<string, Map<string, string>>();
  for (const [p, comps] of engine.byPartner) {
    const out = new Map(comps);
    const d = delta.get(p);
    if (d) out.set('commission', new Decimal(comps.get('commission') ?? '0').minus(d).toFixed(2));
    byPartner.set(p, out);
  }
  return { byPartner, lines: engine.lines };
}
