/** IVA per VAT group (rate, Natura): charged, split payment (art. 17-ter) or reverse charge N6.7. */
import { groupVat, resolveRow, type FiscalTraceRounding, type InvoiceLine } from '@provvigo/core';
import { CITATIONS } from '../citations.js';
import { pct2, push, str, table, tin, warn, type Ctx } from '../context.js';
import { dec, pct, plain, roundCent } from '../euro.js';
import type { LineBuilder } from './lines.js';

/**
 * Whether split payment applies on the statement date: the principal says it is in the scheme, the partner is not
 * an art. 25 professional (excluded since DL 87/2018), and the scheme is authorised on that date — table
 * `it.splitPayment`, whose rows follow the EU authorisations (Decision 2023/1552 runs to 30 June 2026). Outside
 * them a warning says so and the IVA is charged normally (EsigibilitaIVA I).
 */
export function splitPaymentApplies(ctx: Ctx): boolean {
  if (!ctx.principal.splitPayment || ctx.s.ritenuta === 'art25') return false;
  try {
    const r = resolveRow(ctx.tables, 'it.splitPayment', ctx.date);
    ctx.refs.set('it.splitPayment', r.ref);
    return true;
  } catch {
    const text = {
      en: `the principal is in split payment, but art. 17-ter DPR 633/72 has no EU authorisation in force on ${ctx.date} (table it.splitPayment): IVA charged normally; add a row to the table when the authorisation is renewed`,
      it: `il committente è in scissione dei pagamenti, ma l'art. 17-ter DPR 633/72 non ha un'autorizzazione UE in vigore il ${ctx.date} (tabella it.splitPayment): IVA addebitata normalmente; aggiungi una riga alla tabella quando l'autorizzazione viene rinnovata`,
    };
    warn(ctx, 'invalid_input', text, ['principal', 'splitPayment']);
    return false;
  }
}

export function ivaItems(ctx: Ctx, lines: readonly InvoiceLine[], lb: LineBuilder, splitPayment: boolean): void {
  for (const g of groupVat(lines, ctx.currency)) {
    if (g.natura === 'N6.7') reverseChargeIva(ctx, g);
    else if (!g.natura) chargedIva(ctx, g, lb, splitPayment);
  }
}

/** Reverse charge: the principal self-assesses the IVA (TD16 integration); shown, not charged on the invoice. */
function reverseChargeIva(ctx: Ctx, g: { key: string; taxable: string }): void {
  const t = table(ctx, 'it.iva');
  const p = t && str(ctx, t, 'standardPercent');
  if (!t || !p) return;
  const rounding: FiscalTraceRounding[] = [];
  const exact = pct(dec(g.taxable), p);
  push(ctx, {
    id: `IVA:${g.key}`,
    code: 'IVA',
    label: { it: 'IVA in inversione contabile (a carico del committente)', en: 'Reverse-charge VAT (self-assessed by the principal)' },
    base: dec(g.taxable),
    ratePercent: p,
    amount: roundCent(exact, 'IVA reverse charge', rounding),
    payer: 'principal',
    effect: 'informational',
    rule: 'it.iva.reverseCharge.n67',
    citation: CITATIONS.reverseCharge,
    codes: { vatGroup: g.key, natura: 'N6.7', aliquotaIVA: pct2(p), tipoDocumentoIntegrazione: 'TD16' },
    trace: { inputs: [{ name: 'taxable', kind: 'derived', value: g.taxable }, tin('standardPercent', t, p), { name: 'vat', kind: 'setting', value: ctx.s.vat }], steps: [{ what: 'IVA', expr: `${g.taxable} × ${p}%`, value: plain(exact) }], rounding },
  });
}

function chargedIva(ctx: Ctx, g: { key: string; taxable: string; vatRatePercent: string }, lb: LineBuilder, splitPayment: boolean): void {
  const rounding: FiscalTraceRounding[] = [];
  const exact = pct(dec(g.taxable), g.vatRatePercent);
  push(ctx, {
    id: `IVA:${g.key}`,
    code: 'IVA',
    label: splitPayment ? { it: 'IVA (scissione dei pagamenti)', en: 'VAT (split payment)' } : { it: 'IVA', en: 'VAT' },
    base: dec(g.taxable),
    ratePercent: g.vatRatePercent,
    amount: roundCent(exact, 'IVA', rounding),
    payer: 'principal',
    effect: 'addsToDocument',
    rule: splitPayment ? 'it.iva.splitPayment' : 'it.iva.standard',
    citation: splitPayment ? `${CITATIONS.iva}; ${CITATIONS.splitPayment}` : CITATIONS.iva,
    codes: { vatGroup: g.key, aliquotaIVA: pct2(g.vatRatePercent), esigibilitaIVA: splitPayment ? 'S' : 'I' },
    trace: {
      inputs: [{ name: 'taxable', kind: 'derived', value: g.taxable }, ...(lb.standard ? [tin('standardPercent', lb.standard.table, lb.standard.rate)] : [])],
      steps: [{ what: 'IVA', expr: `${g.taxable} × ${g.vatRatePercent}%`, value: plain(exact) }],
      rounding,
    },
  });
}
