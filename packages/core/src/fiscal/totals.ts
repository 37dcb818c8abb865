import type { FiscalItem, InvoiceLine, InvoiceTotals, VatSummaryLine } from '../schema/fiscal.js';
import { Decimal, exactAmount, sumDecimals as sum, toDecimal as dec } from '../money.js';
import { taxMoney } from './taxRounding.js';
import { requireOptions } from '../requireOptions.js';

/** A VAT group: the invoice lines sharing one rate and Natura (one FatturaPA DatiRiepilogo). */
export interface VatGroup {
  key: string;
  vatRatePercent: string;
  natura: string | undefined;
  taxable: string;
}

/** A rate as FatturaPA's AliquotaIVA writes it: two decimals ("22.00"); a rate, not an amount. */
function rateKey(vatRatePercent: string): string {
  return dec(vatRatePercent).toFixed(2);
}

export function vatGroupKey(vatRatePercent: string, natura: string | undefined): string {
  return `${rateKey(vatRatePercent)}|${natura ?? ''}`;
}

/** Groups invoice lines by (rate, Natura), in first-appearance order (deterministic for a given line order). */
export function groupVat(lines: readonly InvoiceLine[], currency: string): VatGroup[] {
  const spec = taxMoney(currency);
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
    taxable: exactAmount(sum(g.amounts), spec.scale),
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
  requireOptions('buildTotals', opts, ['currency', 'invoiceLines', 'items']);
  const { invoiceLines, items } = opts;
  const spec = taxMoney(opts.currency);
  // Sums of amounts already rounded by the pack: written at the currency's scale, never rounded again.
  const fixed = (v: Decimal) => exactAmount(v, spec.scale);
  const esig = opts.esigibilita ?? 'I';
  const fees = sum(invoiceLines.filter((l) => l.kind === 'fee').map((l) => l.amount));
  const contributions = sum(invoiceLines.filter((l) => l.kind === 'contribution').map((l) => l.amount));
  const stampCharged = sum(invoiceLines.filter((l) => l.kind === 'stamp').map((l) => l.amount));
  const taxable = fees.plus(contributions);

  const vatSummary: VatSummaryLine[] = groupVat(invoiceLines, opts.currency).map((g) => {
    const vat = sum(
      items.filter((i) => i.effect === 'addsToDocument' && i.codes['vatGroup'] === g.key).map((i) => i.amount),
    );
    const line: VatSummaryLine = {
      vatRatePercent: rateKey(g.vatRatePercent),
      taxable: g.taxable,
      vat: fixed(vat),
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
  const splitPaymentVat = esig === 'S' ? vatTotal : new Decimal(0);
  const netToPay = documentTotal.minus(withholdings).minus(splitPaymentVat);
  const principalCosts = sum(items.filter((i) => i.effect === 'principalCost').map((i) => i.amount));
  return {
    currency: opts.currency,
    fees: fixed(fees),
    contributions: fixed(contributions),
    taxable: fixed(taxable),
    vatTotal: fixed(vatTotal),
    stampDuty: fixed(stampDuty),
    stampDutyCharged: fixed(stampCharged),
    documentTotal: fixed(documentTotal),
    withholdingsTotal: fixed(withholdings),
    splitPaymentVat: fixed(splitPaymentVat),
    netToPay: fixed(netToPay),
    principalCostsTotal: fixed(principalCosts),
    vatSummary,
  };
}
