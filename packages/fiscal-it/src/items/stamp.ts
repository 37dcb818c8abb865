/** Imposta di bollo: €2 on documents whose amount not subject to IVA exceeds €77.47 (art. 13 Tariffa DPR 642/72). */
import type { InvoiceLine } from '@provvigo/core';
import { CITATIONS } from '../citations.js';
import { push, str, table, tin, type Ctx } from '../context.js';
import { cents, dec, type D, sum, ZERO } from '../euro.js';
import type { LineBuilder } from './lines.js';

/**
 * Adds the BOLLO item when due; when `stampDutyRecharged` (default true, see the README) also a line charging it
 * to the principal (Natura N1). Returns the amount charged on the invoice (0 when not recharged or not due).
 */
export function stampDuty(ctx: Ctx, lb: LineBuilder, lines: InvoiceLine[]): D {
  const { s } = ctx;
  // N1–N4: amounts outside, not subject to, not taxable or exempt from IVA; reverse charge (N6) bears IVA.
  const nonVat = sum(lines.filter((l) => l.natura && /^N[1-4]/.test(l.natura)).map((l) => l.amount));
  if (nonVat.isZero()) return ZERO;
  const t = table(ctx, 'it.bollo');
  const amount = t && str(ctx, t, 'amount');
  const threshold = t && str(ctx, t, 'threshold');
  if (!t || !amount || !threshold || !nonVat.gt(threshold)) return ZERO;
  const charged = s.stampDutyRecharged ? dec(amount) : ZERO;
  if (s.stampDutyRecharged) {
    lines.push(lb.make({ component: 'stamp_duty', description: { it: 'Rimborso imposta di bollo', en: 'Stamp duty recharged' }, amount: cents(charged), withholding: false, kind: 'stamp' }, { natura: 'N1', rate: '0' }));
  }
  push(ctx, {
    id: 'BOLLO',
    code: 'BOLLO',
    label: { it: 'Imposta di bollo', en: 'Stamp duty' },
    base: nonVat,
    ratePercent: '0',
    fixedAmount: true,
    baseLabel: { it: 'importo non soggetto a IVA di', en: 'an amount not subject to VAT of' },
    amount: dec(amount),
    payer: s.stampDutyRecharged ? 'principal' : 'partner',
    effect: s.stampDutyRecharged ? 'addsToDocument' : 'informational',
    rule: 'it.bollo.nonVat',
    citation: CITATIONS.bollo,
    codes: { bolloVirtuale: 'SI', importoBollo: cents(dec(amount)) },
    trace: {
      inputs: [{ name: 'amountNotSubjectToVat', kind: 'derived', value: cents(nonVat) }, tin('threshold', t, threshold), tin('amount', t, amount), { name: 'stampDutyRecharged', kind: 'setting', value: s.stampDutyRecharged }],
      steps: [{ what: 'threshold', expr: `${cents(nonVat)} > ${threshold}`, value: 'true' }],
      rounding: [],
    },
  });
  return charged;
}
