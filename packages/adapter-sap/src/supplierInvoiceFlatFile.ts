import { fromODataDate } from './dates.js';
import { writeCsv } from '@provvigo/core';
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

const AMOUNTS = new Set<string>(['gross_amount', 'item_amount']);

export function supplierInvoiceFlatFile(invoices: readonly MappedInvoice[], options: { delimiter?: string } = {}): string {
  const rows: Record<(typeof COLUMNS)[number], string>[] = [];
  for (const inv of invoices) {
    const p = inv.payload;
    const tax = (p.to_SupplierInvoiceTax?.results ?? []).map((t) => `${t.TaxCode}:${t.TaxAmount}`).join(' ');
    const wht = (p.to_SupplierInvoiceWhldgTax?.results ?? [])
      .map((w) => `${w.WithholdingTaxType}/${w.WithholdingTaxCode}:${w.WithholdingTaxBaseAmount}:${w.ManuallyEnteredWhldgTaxAmount ?? ''}`)
      .join(' ');
    p.to_SupplierInvoiceItemGLAcct.results.forEach((it, n) => {
      const cells: Record<(typeof COLUMNS)[number], string> = {
        reference: inv.reference,
        invoice_number: inv.invoiceNumber,
        partner_id: inv.partnerId,
        company_code: inv.companyCode,
        supplier: inv.supplier,
        document_date: fromODataDate(p.DocumentDate) ?? '',
        posting_date: fromODataDate(p.PostingDate) ?? '',
        fiscal_year: inv.fiscalYear,
        currency: p.DocumentCurrency,
        gross_amount: p.InvoiceGrossAmount,
        credit_memo: inv.isCreditMemo ? 'X' : '',
        header_text: p.DocumentHeaderText,
        item: it.SupplierInvoiceItem,
        gl_account: it.GLAccount,
        cost_center: it.CostCenter ?? '',
        tax_code: it.TaxCode,
        debit_credit: it.DebitCreditCode,
        item_amount: it.SupplierInvoiceItemAmount,
        item_text: it.SupplierInvoiceItemText,
        tax_amount: n === 0 ? tax : '',
        withholding: n === 0 ? wht : '',
      };
      rows.push(cells);
    });
  }
  // core's one CSV writer: quoting and the formula-injection guard on every text cell; amounts stay decimals; no BOM
  const columns = COLUMNS.map((c) => ({ header: c, kind: AMOUNTS.has(c) ? ('number' as const) : ('text' as const), value: (r: (typeof rows)[number]) => r[c] }));
  return writeCsv(rows, columns, { dialect: { separator: options.delimiter ?? ';', decimal: '.' }, bom: false });
}
