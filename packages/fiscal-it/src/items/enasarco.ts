/**
 * Enasarco contributions of one statement. Enasarco publishes the contribution as the total rate applied to the base
 * and rounded once; the agent's share is rounded half-up and the principal's share is the total minus the agent's
 * (README "Enasarco rounding"). Both are kept year to date, so every statement's amounts are differences of
 * year-to-date figures: the year's shares always sum to round(base within the cap × 17%), never a cent above.
 */
import type { FiscalTraceInput, FiscalTraceRounding, FiscalTraceStep } from '@provvigo/core';
import { bandPortions, parseBands, type Band } from '../bands.js';
import { CITATIONS } from '../citations.js';
import { dueDateOf, pct2, push, str, table, tin, ytd, type Ctx } from '../context.js';
import { cents, clamp, dec, D, pct, plain, roundCent, sum, ZERO } from '../euro.js';

/** Year-to-date total contribution (both shares), rounded; older states without it sum their two shares. */
export function enasarcoTotalYtd(values: Record<string, string>): D {
  if (values['enasarco.total'] !== undefined) return dec(values['enasarco.total']);
  return dec(values['enasarco.agent'] ?? '0').plus(values['enasarco.principal'] ?? '0');
}

function totalExactYtd(values: Record<string, string>): D {
  if (values['enasarco.total.exact'] !== undefined) return dec(values['enasarco.total.exact']);
  return dec(values['enasarco.agent.exact'] ?? '0').plus(values['enasarco.principal.exact'] ?? '0');
}

interface ShareSpec {
  /** The statement's Enasarco base, and the part of it that bears contributions (within the cap). */
  base: D;
  contributing: D;
  /** Exact (unrounded) change of the year's total contribution and of the agent's share. */
  totalExact: D;
  agentExact: D;
  agentRate: string;
  principalRate: string;
  rule: string;
  inputs: FiscalTraceInput[];
  steps: FiscalTraceStep[];
}

/** The agent and principal items of a statement from the year-to-date exact total and agent share. */
function shareItems(ctx: Ctx, spec: ShareSpec): void {
  const rounding: FiscalTraceRounding[] = [];
  const totalExactBefore = totalExactYtd(ctx.before.values);
  const agentExactBefore = ytd(ctx, 'enasarco.agent.exact');
  const totalBefore = enasarcoTotalYtd(ctx.before.values);
  const agentBefore = ytd(ctx, 'enasarco.agent');
  const principalBefore = totalBefore.minus(agentBefore);
  const totalExactAfter = totalExactBefore.plus(spec.totalExact);
  const agentExactAfter = agentExactBefore.plus(spec.agentExact);
  const totalAfter = roundCent(totalExactAfter, 'Enasarco total contribution, year to date (rounded once)', rounding);
  const agentAfter = roundCent(agentExactAfter, 'Enasarco agent share, year to date (half-up)', rounding);
  const principalAfter = totalAfter.minus(agentAfter);
  Object.assign(ctx.after, {
    'enasarco.total.exact': plain(totalExactAfter),
    'enasarco.total': cents(totalAfter),
    'enasarco.agent.exact': plain(agentExactAfter),
    'enasarco.agent': cents(agentAfter),
    'enasarco.principal': cents(principalAfter),
  });
  delete ctx.after['enasarco.principal.exact'];
  const due = dueDateOf(ctx, ctx.quarter);
  const ytdInputs: FiscalTraceInput[] = [
    { name: 'enasarco.total.exact (ytd before)', kind: 'ytd', value: plain(totalExactBefore) },
    { name: 'enasarco.total (ytd before)', kind: 'ytd', value: cents(totalBefore) },
    { name: 'enasarco.agent.exact (ytd before)', kind: 'ytd', value: plain(agentExactBefore) },
    { name: 'enasarco.agent (ytd before)', kind: 'ytd', value: cents(agentBefore) },
  ];
  const common = [
    ...spec.steps,
    { what: 'total year to date', expr: `round(${plain(totalExactBefore)} + ${plain(spec.totalExact)})`, value: cents(totalAfter) },
    { what: 'agent share year to date', expr: `round(${plain(agentExactBefore)} + ${plain(spec.agentExact)})`, value: cents(agentAfter) },
    { what: 'principal share year to date', expr: `${cents(totalAfter)} − ${cents(agentAfter)}`, value: cents(principalAfter) },
  ];
  const agent = agentAfter.minus(agentBefore);
  const principal = principalAfter.minus(principalBefore);
  push(ctx, {
    id: 'ENASARCO_AGENT',
    code: 'ENASARCO_AGENT',
    label: { it: 'Contributo Enasarco quota agente', en: 'Enasarco contribution, agent share' },
    base: spec.contributing,
    ratePercent: spec.agentRate,
    amount: agent,
    payer: 'partner',
    effect: 'withheld',
    rule: spec.rule,
    citation: CITATIONS.enasarco,
    codes: { tipoRitenuta: 'RT04', aliquotaRitenuta: pct2(spec.agentRate), causalePagamento: 'ZO' },
    ...(due ? { dueDate: due } : {}),
    trace: { inputs: [...spec.inputs, ...ytdInputs], steps: [...common, { what: 'amount', expr: `${cents(agentAfter)} − ${cents(agentBefore)}`, value: cents(agent) }], rounding },
  });
  push(ctx, {
    id: 'ENASARCO_PRINCIPAL',
    code: 'ENASARCO_PRINCIPAL',
    label: { it: 'Contributo Enasarco quota preponente', en: 'Enasarco contribution, principal share' },
    base: spec.contributing,
    ratePercent: spec.principalRate,
    amount: principal,
    payer: 'principal',
    effect: 'principalCost',
    rule: spec.rule,
    citation: CITATIONS.enasarco,
    ...(due ? { dueDate: due } : {}),
    trace: { inputs: [...spec.inputs, ...ytdInputs], steps: [...common, { what: 'amount', expr: `${cents(principalAfter)} − ${cents(principalBefore)}`, value: cents(principal) }], rounding: [...rounding] },
  });
}

/** Individual agents and partnerships: 17% (8.5 + 8.5) on the base up to the annual cap, year to date. */
export function enasarcoIndividual(ctx: Ctx, base: D): void {
  const { s } = ctx;
  const t = table(ctx, 'it.enasarco.individual');
  if (!t) return;
  const capKey = s.mandate === 'mono' ? 'monoCap' : 'pluriCap';
  const capStr = str(ctx, t, capKey);
  const agentP = str(ctx, t, 'agentPercent');
  const principalP = str(ctx, t, 'principalPercent');
  if (!capStr || !agentP || !principalP) return;
  const cap = dec(capStr);
  const b0 = ytd(ctx, 'enasarco.base');
  const b1 = b0.plus(base);
  const delta = clamp(b1, ZERO, cap).minus(clamp(b0, ZERO, cap));
  ctx.after['enasarco.base'] = cents(b1);
  const totalP = dec(agentP).plus(principalP);
  shareItems(ctx, {
    base,
    contributing: delta,
    totalExact: pct(delta, totalP),
    agentExact: pct(delta, agentP),
    agentRate: agentP,
    principalRate: principalP,
    rule: delta.equals(base) ? 'it.enasarco.individual' : 'it.enasarco.individual.capped',
    inputs: [
      { name: 'periodBase', kind: 'derived', value: cents(base) },
      { name: 'enasarco.base (ytd before)', kind: 'ytd', value: cents(b0) },
      { name: 'mandate', kind: 'setting', value: s.mandate },
      tin(capKey, t, capStr),
      tin('agentPercent', t, agentP),
      tin('principalPercent', t, principalP),
    ],
    steps: [
      { what: 'base within the cap', expr: `min(max(${cents(b1)}, 0), ${capStr}) − min(max(${cents(b0)}, 0), ${capStr})`, value: cents(delta) },
      { what: 'total contribution (exact)', expr: `${cents(delta)} × ${plain(totalP)}%`, value: plain(pct(delta, totalP)) },
      { what: 'agent share (exact)', expr: `${cents(delta)} × ${agentP}%`, value: plain(pct(delta, agentP)) },
    ],
  });
}

/** Società di capitali: marginal bands on the year's base, no cap, no minimum. */
export function enasarcoCompany(ctx: Ctx, base: D): void {
  const t = table(ctx, 'it.enasarco.company');
  if (!t) return;
  const agentBands = parseBands(ctx, t, 'bands', 'agentPercent');
  const principalBands = parseBands(ctx, t, 'bands', 'principalPercent');
  if (!agentBands || !principalBands) return;
  const totalBands: Band[] = agentBands.map((b, i) => ({ upTo: b.upTo, percent: plain(dec(b.percent).plus(principalBands[i]!.percent)) }));
  const b0 = ytd(ctx, 'enasarco.base');
  const b1 = b0.plus(base);
  ctx.after['enasarco.base'] = cents(b1);
  const on = (x: D, bands: Band[]) => sum(bandPortions(D.max(x, ZERO), bands).map((b) => pct(b.portion, b.percent)));
  const totalExact = on(b1, totalBands).minus(on(b0, totalBands));
  const agentExact = on(b1, agentBands).minus(on(b0, agentBands));
  // The band of the year-to-date base: its rate goes on the invoice (Assosoftware option a, README).
  const reached = bandPortions(D.max(b1, ZERO), agentBands).length;
  const idx = Math.max(0, reached - 1);
  shareItems(ctx, {
    base,
    contributing: base,
    totalExact,
    agentExact,
    agentRate: agentBands[idx]!.percent,
    principalRate: principalBands[idx]!.percent,
    rule: 'it.enasarco.company',
    inputs: [
      { name: 'periodBase', kind: 'derived', value: cents(base) },
      { name: 'enasarco.base (ytd before)', kind: 'ytd', value: cents(b0) },
      tin('bands (total)', t, totalBands.map((b) => `${b.upTo ? plain(b.upTo) : '∞'}:${b.percent}%`).join(' ')),
      tin('bands (agent)', t, agentBands.map((b) => `${b.upTo ? plain(b.upTo) : '∞'}:${b.percent}%`).join(' ')),
    ],
    steps: [
      { what: 'total contribution (exact)', expr: `bands(${cents(b1)}) − bands(${cents(b0)})`, value: plain(totalExact) },
      { what: 'agent share (exact)', expr: `agentBands(${cents(b1)}) − agentBands(${cents(b0)})`, value: plain(agentExact) },
    ],
  });
}
