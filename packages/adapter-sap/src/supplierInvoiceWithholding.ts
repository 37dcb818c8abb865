import { ownValue, type BothLanguages } from '@provvigo/core';
import type { SapConfig } from './config.js';
import type { ApprovedInvoice } from './invoice.js';
import { Decimal, fitsScale, formatAmount } from './money.js';
import { tooManyDecimals } from './texts.js';

/**
 * The withholdings of a supplier invoice (ritenuta d'acconto, Enasarco) as `to_SupplierInvoiceWhldgTax` entries:
 * one per SAP withholding tax type, since the type is the entry's key in A_SuplrInvcHeaderWhldgTax. Kept apart
 * from the payload mapping because its configuration lookup and checks are its own.
 */

/** Records one problem of the invoice, in both languages: every check runs and reports, so one rejection lists them all. */
type Report = (field: string, text: BothLanguages) => void;

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
    // own entries only: a withholding type is the caller's name, and `constructor` is no SAP withholding type
    const key = w.code ? `${w.type}:${w.code}` : w.type;
    const m = ownValue(config.withholding, key) ?? ownValue(config.withholding, w.type);
    if (m === undefined) {
      issue(`withholdings[${i}].type`, { en: `no SAP withholding tax type for "${key}" (withholding)`, it: `nessun tipo ritenuta SAP per "${key}" (withholding)` });
      return undefined;
    }
    if (whtTypes.has(m.withholdingTaxType)) {
      const type = m.withholdingTaxType;
      issue(`withholdings[${i}].type`, { en: `SAP withholding tax type ${type} is used twice in one invoice`, it: `il tipo ritenuta SAP ${type} è usato due volte nella stessa fattura` });
    }
    whtTypes.add(m.withholdingTaxType);
    for (const f of ['base', 'amount'] as const) {
      if (!fitsScale(new Decimal(w[f]), scale)) issue(`withholdings[${i}].${f}`, tooManyDecimals(w[f], inv.currency));
    }
    if (new Decimal(w.amount).abs().gt(new Decimal(w.base).abs())) {
      issue(`withholdings[${i}].amount`, { en: `withholding ${w.amount} exceeds its base ${w.base}`, it: `la ritenuta ${w.amount} supera il suo imponibile ${w.base}` });
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
