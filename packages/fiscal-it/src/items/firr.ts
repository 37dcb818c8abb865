/** FIRR at the year's settlement: marginal bands reduced pro rata by the mandate's months, each band rounded. */
import type { FiscalTraceRounding } from '@provvigo/core';
import { bandPortions, mandateMonths, parseBands, type Band } from '../bands.js';
import { CITATIONS } from '../citations.js';
import { push, report, table, tin, warn, type Ctx } from '../context.js';
import { cents, dec, D, pct, plain, roundCent, sum, ZERO } from '../euro.js';

export function firr(ctx: Ctx): void {
  const { s } = ctx;
  const months = mandateMonths(s, ctx.year);
  if (!months) {
    // A mandate outside the year has no FIRR: never fall through to 0-month bands (everything at the last rate).
    const [from, to] = [s.mandateStart ?? '…', s.mandateEnd ?? '…'];
    const why = {
      en: `the mandate (${from} to ${to}) does not cover ${ctx.year}: no FIRR can be accrued for it; check mandateStart / mandateEnd`,
      it: `il mandato (dal ${from} al ${to}) non copre l'anno ${ctx.year}: non si può accantonare il FIRR per quell'anno; verifica mandateStart / mandateEnd`,
    };
    report(ctx, 'error', 'invalid_input', why, ['partners', ctx.partnerId, 'fiscalSettings', 'mandateStart'], 'mandateStart');
    return;
  }
  const t = table(ctx, 'it.firr');
  if (!t) return;
  const bands = parseBands(ctx, t, s.mandate, 'percent');
  if (!bands) return;
  const n = months[1] - months[0] + 1;
  const rounding: FiscalTraceRounding[] = [];
  const scaled: Band[] = bands.map((b, i) => ({
    upTo: b.upTo === null ? null : n === 12 ? b.upTo : roundCent(b.upTo.times(n).dividedBy(12), `FIRR band ${i + 1} limit × ${n}/12`, rounding),
    percent: b.percent,
  }));
  const base = D.max(dec(ctx.after['firr.base'] ?? '0'), ZERO);
  const out = bandPortions(base, scaled).map((p, i) => ({
    from: cents(p.from),
    to: p.to === null ? null : cents(p.to),
    ratePercent: p.percent,
    base: cents(p.portion),
    amount: cents(roundCent(pct(p.portion, p.percent), `FIRR band ${i + 1}`, rounding)),
  }));
  const amount = sum(out.map((b) => b.amount));
  ctx.after['firr.settled'] = '1';
  const dueMonthDay = typeof t.values['dueMonthDay'] === 'string' ? (t.values['dueMonthDay'] as string) : '03-31';
  const endsEarly = s.mandateEnd !== null && s.mandateEnd < `${ctx.year}-12-31`;
  if (endsEarly) {
    warn(
      ctx,
      'invalid_input',
      {
        en: `the mandate ended on ${s.mandateEnd}: the last year's FIRR (${cents(amount)}) is paid directly to the agent, not to Enasarco`,
        it: `il mandato è cessato il ${s.mandateEnd}: il FIRR dell'ultimo anno (${cents(amount)}) si paga direttamente all'agente, non all'Enasarco`,
      },
      ['fiscal', 'firr'],
    );
  }
  push(ctx, {
    id: `FIRR:${ctx.year}`,
    code: 'FIRR',
    label: { it: 'FIRR (accantonamento a carico del preponente)', en: 'FIRR (termination fund, borne by the principal)' },
    base,
    ratePercent: out.at(-1)?.ratePercent ?? bands[0]!.percent,
    amount,
    payer: 'principal',
    effect: 'principalCost',
    rule: n === 12 ? `it.firr.${s.mandate}` : `it.firr.${s.mandate}.proRata`,
    citation: CITATIONS.firr,
    codes: endsEarly ? { paidTo: 'agent', causalePagamento: 'H' } : { paidTo: 'enasarco' },
    dueDate: endsEarly ? (s.mandateEnd as string) : `${ctx.year + 1}-${dueMonthDay}`,
    bands: out,
    trace: {
      inputs: [
        { name: 'firr.base (year)', kind: 'ytd', value: cents(base) },
        { name: 'mandate', kind: 'setting', value: s.mandate },
        { name: 'monthsOfMandate', kind: 'derived', value: n },
        tin(s.mandate, t, bands.map((b) => `${b.upTo ? plain(b.upTo) : '∞'}:${b.percent}%`).join(' ')),
      ],
      steps: out.map((b, i) => ({ what: `band ${i + 1}`, expr: `${b.base} × ${b.ratePercent}%`, value: b.amount })),
      rounding,
    },
  });
}
