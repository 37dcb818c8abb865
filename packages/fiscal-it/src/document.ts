/** Document-level codes and the sentences the invoice must print. */
import type { BilingualText, FiscalResult } from '@provvigo/core';
import { CITATIONS } from './citations.js';
import type { Ctx } from './context.js';
import { dec } from './euro.js';
import type { ItSettings } from './settings.js';

/** No VAT number and not forfettario: an occasional worker (receipt, out of the scope of IVA). */
export function isOccasional(s: ItSettings): boolean {
  return s.regime !== 'forfettario' && s.vat === 'none';
}

export function documentOf(ctx: Ctx, taxable: string, splitPayment: boolean): FiscalResult['document'] {
  const { s } = ctx;
  const notes: BilingualText[] = [];
  const codes: Record<string, string> = {};
  const occasional = isOccasional(s);
  const negative = dec(taxable).isNegative();
  codes['regimeFiscale'] = s.regime === 'forfettario' ? 'RF19' : 'RF01';
  if (!occasional) codes['tipoDocumento'] = negative ? 'TD04' : 'TD01';
  const bollo = ctx.items.find((i) => i.code === 'BOLLO');
  if (bollo) {
    codes['bolloVirtuale'] = 'SI';
    codes['importoBollo'] = bollo.amount;
  }
  if (s.regime === 'forfettario')
    notes.push({
      it: `Operazione effettuata ai sensi dell'${CITATIONS.forfettario} (regime forfettario): senza applicazione dell'IVA e non soggetta a ritenuta d'acconto.`,
      en: `Supply under ${CITATIONS.forfettario} (flat-rate regime): no VAT charged and no withholding tax.`,
    });
  if (s.vat === 'reverseChargeN67' && s.regime !== 'forfettario')
    notes.push({ it: `Inversione contabile, ${CITATIONS.reverseCharge}.`, en: `Reverse charge, ${CITATIONS.reverseCharge}.` });
  if (splitPayment) notes.push({ it: `Scissione dei pagamenti, ${CITATIONS.splitPayment}.`, en: `Split payment, ${CITATIONS.splitPayment}.` });
  if (occasional)
    notes.push({ it: `Prestazione occasionale fuori campo IVA, ${CITATIONS.outOfScope}.`, en: `Occasional service outside the scope of VAT, ${CITATIONS.outOfScope}.` });
  if (s.ritenuta === 'art25bis' && s.employeesDeclaration && s.regime !== 'forfettario')
    notes.push({
      it: "Ritenuta d'acconto sul 20% delle provvigioni: il percipiente si avvale in via continuativa di dipendenti o terzi (D.M. 16/4/1983).",
      en: 'Withholding on 20% of the commissions: the payee uses employees or third parties continuously (D.M. 16/4/1983).',
    });
  return { kind: occasional ? 'receipt' : negative ? 'creditNote' : 'invoice', codes, notes };
}
