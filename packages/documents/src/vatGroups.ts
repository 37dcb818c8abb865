/**
 * The VAT groups of a document (FatturaPA DatiRiepilogo): one per VAT treatment (rate, Natura) among its lines and
 * cassa contributions. One invoice may mix treatments where the law allows it — e.g. a reverse-charge installer
 * (N6.7, art. 17 c.6 lett. a-ter DPR 633/72) whose sales commission is an intermediation at the standard rate —
 * and the VAT is computed per group (taxable × rate, rounded half up to the cent), as SdI checks it.
 */
import { bothTexts, currencyScale, ownValue, roundMoney, vatGroupKey, type BothLanguages } from '@provvigo/core';
import { DocumentError } from './errors.js';
import { amountAt, dec, type Decimal } from './money.js';
import type { DocumentFiscal, StatementSummary, DocumentVatGroup, VatTreatment } from './schema.js';

/** The key of a treatment: core's VAT group key, rate with two decimals and Natura ("22.00|", "0.00|N6.7"). */
export const treatmentKey = (t: { rate: string; natura?: string | undefined }): string => vatGroupKey(t.rate, t.natura);

/** The treatment of a summary component ("adjustment" and "clawback" for those blocks): its own, else the default. */
export function treatmentOf(fiscal: Pick<DocumentFiscal, 'vat' | 'vatByComponent'>, component: string): VatTreatment {
  // own entries only: a component is the plan's name for a payout ("toString", "constructor" are names like any other)
  return ownValue(fiscal.vatByComponent, component) ?? fiscal.vat;
}

/** Every amount of the summary with the component whose treatment it takes. */
export function summaryAmounts(summary: StatementSummary): Array<{ component: string; amount: string }> {
  return [
    ...summary.components.map((c) => ({ component: c.component, amount: c.amount })),
    ...summary.adjustments.map((a) => ({ component: 'adjustment', amount: a.amount })),
    ...summary.clawbacks.map((c) => ({ component: 'clawback', amount: c.amount })),
  ];
}

/**
 * The groups in first-seen order: the summary's lines, then the cassa contributions (which take the default
 * treatment, as DatiCassaPrevidenziale carries one AliquotaIVA). A document without lines has the default group.
 * `place` names the document in a refusal, in both languages (one string serves both).
 */
export function vatGroupsOf(summary: StatementSummary, fiscal: DocumentFiscal, currency: string, scale: number, place: string | BothLanguages): DocumentVatGroup[] {
  const where = bothTexts(place);
  const groups = new Map<string, { treatment: VatTreatment; taxable: Decimal }>();
  const add = (treatment: VatTreatment, amount: string) => {
    const key = treatmentKey(treatment);
    const g = groups.get(key);
    if (!g) groups.set(key, { treatment, taxable: dec(amount) });
    else if ((g.treatment.esigibilita ?? 'I') !== (treatment.esigibilita ?? 'I')) {
      const [was, is] = [g.treatment.esigibilita, treatment.esigibilita];
      throw new DocumentError({ en: `${where.en}: VAT ${key} is both EsigibilitaIVA ${was} and ${is}`, it: `${where.it}: l'IVA ${key} è sia EsigibilitaIVA ${was} sia ${is}` }, ['fiscal', 'vatByComponent']);
    } else g.taxable = g.taxable.plus(amount);
  };
  for (const l of summaryAmounts(summary)) add(treatmentOf(fiscal, l.component), l.amount);
  for (const c of fiscal.cassa) add(fiscal.vat, c.amount);
  if (groups.size === 0) add(fiscal.vat, '0');
  // VAT is rounded half up to the currency's minor unit (the tax rule), whatever the plan's own scale.
  return [...groups.values()].map((g) => ({
    treatment: g.treatment,
    taxable: amountAt(g.taxable, scale),
    vat: amountAt(roundMoney(g.taxable.times(g.treatment.rate).div(100), currencyScale(currency), 'halfUp'), scale),
  }));
}
