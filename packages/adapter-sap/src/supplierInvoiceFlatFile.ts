import { fromODataDate } from './dates.js';
import { csvCell, neutralise } from './journalEntries.js';
import type { MappedInvoice } from './supplierInvoicePayload.js';

/**
 * The mapped supplier invoices as a flat file for systems without the OData service (ECC with an LSMW or Z-program
 * load): one row per G/L item, with the header fields repeated and the invoice's tax and withholding summarised on
 * its first row. Same validation as the OData path (only mapped invoices can be written).
 */
const COLUMNS = [
  'reference',
  'invoice_number',
  'partner_id',
  'company_code',
  'supplier',
  'document_date',
  'posting_date',
  'fiscal_year',
  'currency',
  'gross_amount',
  'credit_memo',
  'header_text',
  'item',
  'gl_account',
  'cost_center',
  'tax_code',
  'debit_credit',
  'item_amount',
  'item_text',
  'tax_amount',
  'withholding',
] as const;

export function supplierInvoiceFlatFile(invoices: readonly MappedInvoice[], options: { delimiter?: string } = {}): string {
  const delimiter = options.delimiter ?? ';';
  const rows = [COLUMNS.join(delimiter)];
  for (const inv of invoices) {
    const p = inv.payload;
    const tax = (p.to_SupplierInvoiceTax?.results ?? []).map((t) => `${t.TaxCode}:${t.TaxAmount}`).join(' ');
    const wht = (p.to_SupplierInvoiceWhldgTax?.results ?? [])
      .map((w) => `${w.WithholdingTaxType}/${w.WithholdingTaxCode}:${w.WithholdingTaxBaseAmount}:${w.ManuallyEnteredWhldgTaxAmount ?? ''}`)
      .join(' ');
    p.to_SupplierInvoiceItemGLAcct.results.forEach((it, n) => {
      const cells: Record<(typeof COLUMNS)[number], string> = {
        reference: neutralise(inv.reference),
        invoice_number: neutralise(inv.invoiceNumber),
        partner_id: neutralise(inv.partnerId),
        company_code: neutralise(inv.companyCode),
        supplier: neutralise(inv.supplier),
        document_date: fromODataDate(p.DocumentDate) ?? '',
        posting_date: fromODataDate(p.PostingDate) ?? '',
        fiscal_year: inv.fiscalYear,
        currency: p.DocumentCurrency,
        gross_amount: p.InvoiceGrossAmount,
        credit_memo: inv.isCreditMemo ? 'X' : '',
        header_text: neutralise(p.DocumentHeaderText),
        item: it.SupplierInvoiceItem,
        gl_account: neutralise(it.GLAccount),
        cost_center: neutralise(it.CostCenter ?? ''),
        tax_code: neutralise(it.TaxCode),
        debit_credit: it.DebitCreditCode,
        item_amount: it.SupplierInvoiceItemAmount,
        item_text: neutralise(it.SupplierInvoiceItemText),
        tax_amount: n === 0 ? tax : '',
        withholding: n === 0 ? wht : '',
      };
      rows.push(COLUMNS.map((c) => csvCell(cells[c], delimiter)).join(delimiter));
    });
  }
  return `${rows.join('\r\n')}\r\n`;
}
