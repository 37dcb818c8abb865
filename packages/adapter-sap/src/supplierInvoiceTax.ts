import type { BothLanguages } from '@provvigo/core';
import type { ApprovedInvoice, ApprovedInvoiceLine } from './invoice.js';
import { Decimal, fitsScale, formatAmount } from './money.js';
import { tooManyDecimals } from './texts.js';

/**
 * The IVA of a supplier invoice per SAP tax code (`to_SupplierInvoiceTax`): the invoice's IVA summary reconciled
 * with its lines, rate/natura by rate/natura, before the tax is grouped by the tax code SAP knows it under. Kept
 * apart from the payload mapping because the reconciliation is where most of a rejected invoice's issues come from.
 */

/** Records one problem of the invoice, in both languages: every check runs and reports, so one rejection lists them all. */
type Report = (field: string, text: BothLanguages) => void;

/** An invoice item as the IVA reconciliation sees it: its line, signed amount and SAP tax code. */
export interface TaxedItem {
  line: ApprovedInvoiceLine;
  amount: Decimal;
  taxCode: string;
}

/** The taxable base and the IVA owed to the supplier under one SAP tax code, signed as the lines are. */
export interface TaxByCode {
  base: Decimal;
  amount: Decimal;
}

function vatKey(v: { rate?: string; vatRate?: string; natura?: string | undefined; reverseCharge?: boolean | undefined }): string {
  const rate = new Decimal(v.rate ?? v.vatRate ?? '0').toString();
  return `${rate}|${v.natura ?? ''}|${v.reverseCharge ? 'RC' : ''}`;
}

interface VatBase {
  base: Decimal;
  taxCode: string;
  line: ApprovedInvoiceLine;
}

interface VatSummaryEntry {
  taxable: Decimal;
  amount: Decimal;
  reverseCharge: boolean;
}

/** The items' total per rate/natura, with the tax code and the first line of each. */
function basesByVatKey(items: readonly TaxedItem[]): Map<string, VatBase> {
  const bases = new Map<string, VatBase>();
  for (const it of items) {
    const k = vatKey(it.line);
    const b = bases.get(k);
    if (b) b.base = b.base.plus(it.amount);
    else bases.set(k, { base: it.amount, taxCode: it.taxCode, line: it.line });
  }
  return bases;
}

/** The IVA summary per rate/natura; a summary twice, finer than the currency or without lines is reported. */
function summariesByVatKey(inv: ApprovedInvoice, bases: ReadonlyMap<string, VatBase>, scale: number, issue: Report): Map<string, VatSummaryEntry> {
  const summaries = new Map<string, VatSummaryEntry>();
  inv.vat.forEach((v, i) => {
    const k = vatKey(v);
    if (summaries.has(k)) issue(`vat[${i}]`, { en: `IVA ${v.rate}% appears twice in the summary`, it: `l'IVA al ${v.rate}% compare due volte nel riepilogo` });
    const amt = new Decimal(v.amount);
    if (!fitsScale(amt, scale)) issue(`vat[${i}].amount`, tooManyDecimals(v.amount, inv.currency));
    if (!bases.has(k) && !(amt.isZero() && new Decimal(v.taxable).isZero())) {
      const natura = v.natura ? ` ${v.natura}` : '';
      issue(`vat[${i}]`, { en: `IVA ${v.rate}%${natura} has no invoice lines`, it: `l'IVA al ${v.rate}%${natura} non ha righe in fattura` });
    }
    summaries.set(k, { taxable: new Decimal(v.taxable), amount: amt, reverseCharge: v.reverseCharge ?? false });
  });
  return summaries;
}

/**
 * IVA: every rate/natura used by the lines has a summary whose taxable equals the sum of those lines; the tax is
 * then summed per SAP tax code (several rate/natura keys may share one code). Reports each mismatch through `issue`.
 */
export function taxesByCode(
  inv: ApprovedInvoice,
  items: readonly TaxedItem[],
  scale: number,
  issue: Report,
): { taxes: Map<string, TaxByCode>; taxTotal: Decimal } {
  const bases = basesByVatKey(items);
  const summaries = summariesByVatKey(inv, bases, scale, issue);
  const taxes = new Map<string, TaxByCode>();
  let taxTotal = new Decimal(0);
  for (const [k, b] of bases) {
    const s = summaries.get(k);
    let taxAmount = new Decimal(0);
    if (s === undefined) {
      if (!new Decimal(b.line.vatRate).isZero() && !b.line.reverseCharge) {
        const [rate, total] = [b.line.vatRate, b.base.toFixed(scale)];
        issue('vat', {
          en: `no IVA summary for rate ${rate}% (the lines at that rate total ${total})`,
          it: `nessun riepilogo IVA per l'aliquota ${rate}% (le righe a quell'aliquota sommano ${total})`,
        });
      }
    } else {
      if (!s.taxable.eq(b.base)) {
        const [rate, taxable, total] = [b.line.vatRate, s.taxable.toFixed(scale), b.base.toFixed(scale)];
        issue('vat', {
          en: `IVA ${rate}% taxable ${taxable} differs from its lines' total ${total}`,
          it: `l'imponibile IVA al ${rate}% (${taxable}) è diverso dal totale delle sue righe (${total})`,
        });
      }
      // reverse charge: the principal self-assesses; nothing is owed to the supplier
      if (!s.reverseCharge) taxAmount = s.amount;
    }
    taxTotal = taxTotal.plus(taxAmount);
    const t = taxes.get(b.taxCode);
    if (t) {
      t.base = t.base.plus(b.base);
      t.amount = t.amount.plus(taxAmount);
    } else taxes.set(b.taxCode, { base: b.base, amount: taxAmount });
  }
  return { taxes, taxTotal };
}

/** Reports each tax code whose IVA runs against the sign of the document total (`sign` -1 for a credit memo). */
export function checkTaxSigns(taxes: ReadonlyMap<string, TaxByCode>, sign: number, gross: Decimal, scale: number, issue: Report): void {
  for (const [code, t] of taxes) {
    if (t.amount.times(sign).isNegative()) {
      const [vat, total] = [t.amount.toFixed(scale), gross.toFixed(scale)];
      issue('vat', {
        en: `tax code ${code} has IVA ${vat} against the sign of the document total ${total}`,
        it: `il codice IVA ${code} ha un'IVA di ${vat}, di segno opposto al totale del documento ${total}`,
      });
    }
  }
}

/** The `to_SupplierInvoiceTax` entries: amounts positive on the document's side, at the currency's scale. */
export function taxPayloads(
  taxes: ReadonlyMap<string, TaxByCode>,
  currency: string,
  sign: number,
  scale: number,
): { TaxCode: string; DocumentCurrency: string; TaxAmount: string; TaxBaseAmountInTransCrcy: string }[] {
  return [...taxes].map(([code, t]) => ({
    TaxCode: code,
    DocumentCurrency: currency,
    TaxAmount: formatAmount(t.amount.times(sign).abs(), scale),
    TaxBaseAmountInTransCrcy: formatAmount(t.base.times(sign).abs(), scale),
  }));
}
