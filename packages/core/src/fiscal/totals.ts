import type { FiscalItem, InvoiceLine, InvoiceTotals, VatSummaryLine } from '../schema/fiscal.js';
import { cents, dec, sum, ZERO } from './decimal.js';

/** A VAT group: the invoice lines sharing one rate and Natura (one FatturaPA DatiRiepilogo). */
export interface VatGroup {
  key: string;
  vatRatePercent: string;
  natura: string | undefined;
  taxable: string;
}

export function vatGroupKey(vatRatePercent: string, natura: string | undefined): string {
  return `${dec(vatRatePercent).toFixed(2)}|${natura ?? ''}`;
}

/** Groups invoice lines by (rate, Natura), in first-appearance order (deterministic for a given line order). */
export function groupVat(lines: readonly InvoiceLine[]): VatGroup[] {
  const groups = new Map<string, { rate: string; natura: string | undefined; amounts: string[] }>();
  for (const line of lines) {
    const key = vatGroupKey(line.vatRatePercent, line.natura);
    const g = groups.get(key) ?? { rate: line.vatRatePercent, natura: line.natura, amounts: [] };
    g.amounts.push(line.amount);
    groups.set(key, g);
  }
  return [...groups.entries()].map(([key, g]) => ({
    key,
    vatRatePercent: g.rate,
    natura: g.natura,
    taxable: cents(sum(g.amounts)),
  }));
}

export interface BuildTotalsOptions {
  currency: string;
  invoiceLines: readonly InvoiceLine[];
  items: readonly FiscalItem[];
  /** Esigibilità of charged VAT: "S" moves the VAT to the principal (split payment). */
  esigibilita?: 'I' | 'D' | 'S';
  /** RiferimentoNormativo per Natura code. */
  legalReferences?: Record<string, string>;
}

/**
 * Totals from the invoice lines and the items, keeping the identities documented on `InvoiceTotalsSchema`.
 * VAT per summary line is the sum of the VAT items tagged with that group's key (`codes.vatGroup`) and effect
 * `addsToDocument`; groups with a Natura carry no VAT.
 */
export function buildTotals(opts: BuildTotalsOptions): InvoiceTotals {
  const { invoiceLines, items } = opts;
  const esig = opts.esigibilita ?? 'I';
  const fees = sum(invoiceLines.filter((l) => l.kind === 'fee').map((l) => l.amount));
  const contributions = sum(invoiceLines.filter((l) => l.kind === 'contribution').map((l) => l.amount));
  const stampCharged = sum(invoiceLines.filter((l) => l.kind === 'stamp').map((l) => l.amount));
  const taxable = fees.plus(contributions);

  const vatSummary: VatSummaryLine[] = groupVat(invoiceLines).map((g) => {
    const vat = sum(
      items.filter((i) => i.effect === 'addsToDocument' && i.codes['vatGroup'] === g.key).map((i) => i.amount),
    );
    const line: VatSummaryLine = {
      vatRatePercent: dec(g.vatRatePercent).toFixed(2),
      taxable: g.taxable,
      vat: cents(vat),
    };
    if (g.natura) {
      line.natura = g.natura;
      const ref = opts.legalReferences?.[g.natura];
      if (ref) line.legalReference = ref;
    } else {
      line.esigibilita = esig;
    }
    return line;
  });
  const vatTotal = sum(vatSummary.map((v) => v.vat));
  const stampDuty = sum(items.filter((i) => i.code === 'BOLLO').map((i) => i.amount));
  const documentTotal = taxable.plus(vatTotal).plus(stampCharged);
  const withholdings = sum(items.filter((i) => i.effect === 'withheld').map((i) => i.amount));
  const splitPaymentVat = esig === 'S' ? vatTotal : ZERO;
  const netToPay = documentTotal.minus(withholdings).minus(splitPaymentVat);
  const principalCosts = sum(items.filter((i) => i.effect === 'principalCost').map((i) => i.amount));
  return {
    currency: opts.currency,
    fees: cents(fees),
    contributions: cents(contributions),
    taxable: cents(taxable),
    vatTotal: cents(vatTotal),
    stampDuty: cents(stampDuty),
    stampDutyCharged: cents(stampCharged),
    documentTotal: cents(documentTotal),
    withholdingsTotal: cents(withholdings),
    splitPaymentVat: cents(splitPaymentVat),
    netToPay: cents(netToPay),
    principalCostsTotal: cents(principalCosts),
    vatSummary,
  };
}
