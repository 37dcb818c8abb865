/** Enasarco quarter settlement: the minimum top-up borne by the principal, and what to pay Enasarco for the quarter. */
import { mandateMonths } from '../bands.js';
import { CITATIONS } from '../citations.js';
import { dueDateOf, push, str, table, tin, ytd, type Ctx } from '../context.js';
import { cents, dec, D, roundCent, sum, ZERO } from '../euro.js';
import type { FiscalTraceRounding } from '@provvigo/core';
import { enasarcoTotalYtd } from './enasarco.js';

/** Quarters 1..`quarter` of the year that the mandate touches. */
function mandateQuartersSoFar(ctx: Ctx): number {
  const months = mandateMonths(ctx.s, ctx.year);
  let quarters = 0;
  if (months) for (let q = 1; q <= ctx.quarter; q++) if (months[0] <= q * 3 && months[1] >= q * 3 - 2) quarters++;
  return quarters;
}

/**
 * Quarterly minimum (individuals and partnerships): if the year is productive so far, the principal tops the year's
 * total contributions (both shares, each statement's total rounded once) up to ¼ of the annual minimum per quarter
 * of the mandate so far. Cumulative: unproductive quarters are caught up once the year becomes productive, and a
 * cap reached early never triggers a top-up.
 */
export function enasarcoMinimum(ctx: Ctx): D {
  const { s } = ctx;
  const t = table(ctx, 'it.enasarco.individual');
  if (!t) return ZERO;
  const key = s.mandate === 'mono' ? 'monoMinimum' : 'pluriMinimum';
  const minStr = str(ctx, t, key);
  if (!minStr) return ZERO;
  const quarters = mandateQuartersSoFar(ctx);
  const rounding: FiscalTraceRounding[] = [];
  const quarterly = roundCent(dec(minStr).dividedBy(4), 'quarterly minimum', rounding);
  const required = quarterly.times(quarters);
  const b1 = dec(ctx.after['enasarco.base'] ?? '0');
  const paid = enasarcoTotalYtd(ctx.after);
  const topupBefore = ytd(ctx, 'enasarco.topup');
  const topup = b1.gt(0) ? D.max(ZERO, required.minus(paid).minus(topupBefore)) : ZERO;
  ctx.after['enasarco.topup'] = cents(topupBefore.plus(topup));
  ctx.after['enasarco.minimumSettledQuarter'] = String(ctx.quarter);
  if (topup.isZero()) return ZERO;
  const due = dueDateOf(ctx, ctx.quarter);
  push(ctx, {
    id: `ENASARCO_MINIMUM_TOPUP:${ctx.year}-Q${ctx.quarter}`,
    code: 'ENASARCO_MINIMUM_TOPUP',
    label: { it: 'Integrazione al minimale Enasarco (a carico del preponente)', en: 'Enasarco minimum top-up (borne by the principal)' },
    base: required,
    ratePercent: '0',
    fixedAmount: true,
    baseLabel: { it: 'contributi dovuti al minimale da inizio anno di', en: 'contributions due at the minimum so far of' },
    amount: topup,
    payer: 'principal',
    effect: 'principalCost',
    rule: 'it.enasarco.minimum.quarterly',
    citation: CITATIONS.enasarcoMinimum,
    ...(due ? { dueDate: due } : {}),
    trace: {
      inputs: [
        tin(key, t, minStr),
        { name: 'quartersOfMandateSoFar', kind: 'derived', value: quarters },
        { name: 'enasarco.base (ytd)', kind: 'ytd', value: cents(b1) },
        { name: 'enasarco.total (ytd, both shares)', kind: 'ytd', value: cents(paid) },
        { name: 'enasarco.topup (ytd before)', kind: 'ytd', value: cents(topupBefore) },
      ],
      steps: [
        { what: 'required so far', expr: `${minStr} / 4 × ${quarters}`, value: cents(required) },
        { what: 'top-up', expr: `max(0, ${cents(required)} − ${cents(paid)} − ${cents(topupBefore)})`, value: cents(topup) },
      ],
      rounding,
    },
  });
  return topup;
}

/**
 * What the principal pays Enasarco for the quarter: the total contributions of every statement of the quarter
 * (`enasarco.qN`, each statement's total rounded once) plus the quarter's minimum top-up, with the due date.
 * Informational: it moves no invoice money.
 */
export function enasarcoSettlement(ctx: Ctx, topup: D): void {
  const q = `enasarco.q${ctx.quarter}`;
  const contributions = dec(ctx.after[q] ?? '0');
  const base = dec(ctx.after[`${q}.base`] ?? '0');
  const due = dueDateOf(ctx, ctx.quarter);
  ctx.after['enasarco.settledQuarter'] = String(ctx.quarter);
  push(ctx, {
    id: `ENASARCO_SETTLEMENT:${ctx.year}-Q${ctx.quarter}`,
    code: 'ENASARCO_SETTLEMENT',
    label: { it: `Versamento Enasarco ${ctx.quarter}° trimestre ${ctx.year}`, en: `Enasarco payment, Q${ctx.quarter} ${ctx.year}` },
    baseLabel: { it: 'provvigioni del trimestre', en: 'commissions of the quarter' },
    base,
    ratePercent: '0',
    fixedAmount: true,
    amount: contributions.plus(topup),
    payer: 'principal',
    effect: 'informational',
    rule: 'it.enasarco.quarterlySettlement',
    citation: 'art. 8 Regolamento Enasarco',
    codes: { quarter: `${ctx.year}-Q${ctx.quarter}`, contributions: cents(contributions), minimumTopup: cents(topup) },
    ...(due ? { dueDate: due } : {}),
    trace: {
      inputs: [
        { name: `${q} (total contributions of the quarter)`, kind: 'ytd', value: cents(contributions) },
        { name: 'minimum top-up', kind: 'derived', value: cents(topup) },
      ],
      steps: [{ what: 'to pay', expr: `${cents(contributions)} + ${cents(topup)}`, value: cents(contributions.plus(topup)) }],
      rounding: [],
    },
  });
}

/** Adds this statement's Enasarco total and base to its quarter's running figures. */
export function accumulateQuarter(ctx: Ctx, base: D): void {
  const qKey = `enasarco.q${ctx.quarter}`;
  const total = sum(ctx.items.filter((i) => i.code === 'ENASARCO_AGENT' || i.code === 'ENASARCO_PRINCIPAL').map((i) => i.amount));
  ctx.after[qKey] = cents(ytd(ctx, qKey).plus(total));
  ctx.after[`${qKey}.base`] = cents(ytd(ctx, `${qKey}.base`).plus(base));
}
