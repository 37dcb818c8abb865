/** Imposta di bollo: €2 on documents whose amount not subject to IVA exceeds €77.47 (art. 13 Tariffa DPR 642/72). */
import type { InvoiceLine } from '@provvigo/core';
import { CITATIONS } from '../citations.js';
import { push, str, table, tin, type Ctx } from '../context.js';
import { cents, dec, type D, sum, ZERO } from '../euro.js';
import type { LineBuilder } from './lines.js';

/**
 * Adds the BOLLO item when due; when `stampDutyRecharged` (default true, see the README) also a line charging it
 * to the principal (Natura N1). Returns the amount charged on the invoice (0 when not recharged or not due).
 *
 * Art. 13 n. 1 taxes "fatture, note, conti e simili documenti, recanti addebitamenti o accreditamenti": a credit
 * note (an accreditamento, TD04) owes the stamp as an invoice does, so the threshold is on the absolute amount not
 * subject to IVA. The stamp is always +2.00 (a duty paid, ImportoBollo), whatever the document's sign.
 */
export function stampDuty(ctx: Ctx, lb: LineBuilder, lines: InvoiceLine[]): D {
  const { s } = ctx;
  // N1–N4: amounts outside, not subject to, not taxable or exempt from IVA; reverse charge (N6) bears IVA.
  const nonVat = sum(lines.filter((l) => l.natura && /^N[1-4]/.test(l.natura)).map((l) => l.amount));
  if (nonVat.isZero()) return ZERO;
  const t = table(ctx, 'it.bollo');
  const amount = t && str(ctx, t, 'amount');
  const threshold = t && str(ctx, t, 'threshold');
  if (!t || !amount || !threshold || !nonVat.abs().gt(threshold)) return ZERO;
  // A negative document (taxable = fees + contributions below zero: documentOf's TD04, or an occasional worker's
  // negative receipt) never recharges the stamp: whether a recharge on a credit note is −2.00 (the principal's
  // refund reversed with the invoice) or +2.00 (a new charge) is an open question for the principal's accountant.
  // Until it is answered the stamp is declared (DatiBollo) and borne by the issuer, as when not recharged.
  const creditNote = sum(lines.filter((l) => l.kind === 'fee' || l.kind === 'contribution').map((l) => l.amount)).isNegative();
  const recharged = s.stampDutyRecharged && !creditNote;
  const charged = recharged ? dec(amount) : ZERO;
  if (recharged) {
    lines.push(lb.make({ component: 'stamp_duty', description: { it: 'Rimborso imposta di bollo', en: 'Stamp duty recharged' }, amount: cents(charged), withholding: false, kind: 'stamp' }, { natura: 'N1', rate: '0' }));
  }
  const why = 'credit note: never recharged, whatever stampDutyRecharged says (the sign of a recharge, -2.00 or +2.00, is an open question for the accountant)';
  const whyNot = creditNote ? [{ name: 'notRechargedOnCreditNote', kind: 'derived' as const, value: why }] : [];
  push(ctx, {
    id: 'BOLLO',
    code: 'BOLLO',
    label: { it: 'Imposta di bollo', en: 'Stamp duty' },
    base: nonVat,
    ratePercent: '0',
    fixedAmount: true,
    baseLabel: { it: 'importo non soggetto a IVA di', en: 'an amount not subject to VAT of' },
    amount: dec(amount),
    payer: recharged ? 'principal' : 'partner',
    effect: recharged ? 'addsToDocument' : 'informational',
    rule: 'it.bollo.nonVat',
    citation: CITATIONS.bollo,
    codes: { bolloVirtuale: 'SI', importoBollo: cents(dec(amount)) },
    trace: {
      inputs: [{ name: 'amountNotSubjectToVat', kind: 'derived', value: cents(nonVat) }, tin('threshold', t, threshold), tin('amount', t, amount), { name: 'stampDutyRecharged', kind: 'setting', value: s.stampDutyRecharged }, ...whyNot],
      steps: [{ what: 'threshold', expr: nonVat.isNegative() ? `|${cents(nonVat)}| = ${cents(nonVat.abs())} > ${threshold}` : `${cents(nonVat)} > ${threshold}`, value: 'true' }],
      rounding: [],
    },
  });
  return charged;
}
