import type { SapConfig } from './config.js';
import type { ApprovedInvoice } from './invoice.js';
import { Decimal, fitsScale, formatAmount } from './money.js';

/**
 * The withholdings of a supplier invoice (ritenuta d'acconto, Enasarco) as `to_SupplierInvoiceWhldgTax` entries:
 * one per SAP withholding tax type, since the type is the entry's key in A_SuplrInvcHeaderWhldgTax. Kept apart
 * from the payload mapping because its configuration lookup and checks are its own.
 */

/** Records one problem of the invoice: every check runs and reports, so one rejection lists them all. */
type Report = (field: string, message: string) => void;

/** One `to_SupplierInvoiceWhldgTax` entry as the mapping builds it. */
export interface WithholdingEntry {
  WithholdingTaxType: string;
  WithholdingTaxCode: string;
  DocumentCurrency: string;
  WithholdingTaxBaseAmount: string;
  WhldgTaxBaseIsEnteredManually: boolean;
  ManuallyEnteredWhldgTaxAmount?: string;
  WhldgTaxIsEnteredManually?: boolean;
}

/**
 * The invoice's withholdings mapped through `config.withholding` (by `type:code`, then by `type`). A withholding
 * without a mapping, a tax type used twice, an amount finer than the currency or above its base is reported
 * through `issue`; an unmapped one is left out of the result (its issue stops the invoice anyway).
 */
export function withholdingEntries(inv: ApprovedInvoice, config: SapConfig, scale: number, issue: Report): WithholdingEntry[] {
  const whtTypes = new Set<string>();
  const entries = inv.withholdings.map((w, i): WithholdingEntry | undefined => {
    const m = config.withholding[w.code ? `${w.type}:${w.code}` : w.type] ?? config.withholding[w.type];
    if (m === undefined) {
      issue(`withholdings[${i}].type`, `no SAP withholding tax type for "${w.code ? `${w.type}:${w.code}` : w.type}" (withholding)`);
      return undefined;
    }
    if (whtTypes.has(m.withholdingTaxType)) {
      issue(`withholdings[${i}].type`, `SAP withholding tax type ${m.withholdingTaxType} is used twice in one invoice`);
    }
    whtTypes.add(m.withholdingTaxType);
    for (const f of ['base', 'amount'] as const) {
      if (!fitsScale(new Decimal(w[f]), scale)) issue(`withholdings[${i}].${f}`, `"${w[f]}" has more decimals than ${inv.currency} allows`);
    }
    if (new Decimal(w.amount).abs().gt(new Decimal(w.base).abs())) {
      issue(`withholdings[${i}].amount`, `withholding ${w.amount} exceeds its base ${w.base}`);
    }
    return {
      WithholdingTaxType: m.withholdingTaxType,
      WithholdingTaxCode: m.withholdingTaxCode,
      DocumentCurrency: inv.currency,
      WithholdingTaxBaseAmount: formatAmount(new Decimal(w.base).abs(), scale),
      // our base (the one on the FatturaPA) is authoritative; the amount too unless SAP is asked to compute it
      WhldgTaxBaseIsEnteredManually: true,
      ...(m.sendAmount ? { ManuallyEnteredWhldgTaxAmount: formatAmount(new Decimal(w.amount).abs(), scale), WhldgTaxIsEnteredManually: true } : {}),
    };
  });
  return entries.filter((e) => e !== undefined);
}
