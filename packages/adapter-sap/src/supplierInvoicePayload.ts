import { ownValue, type BothLanguages } from '@provvigo/core';
import { z } from 'zod';
import type { Posting, SapConfig, SupplierMapping, TaxCodeRule } from './config.js';
import { fiscalYearOf, toODataDate } from './dates.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { ApprovedInvoiceSchema, type ApprovedInvoice } from './invoice.js';
import { Decimal, currencyScale, fitsScale, formatAmount } from './money.js';
import { fillTemplate } from './textTemplate.js';
import { checkTaxSigns, taxesByCode, taxPayloads, type TaxByCode, type TaxedItem } from './supplierInvoiceTax.js';
import { withholdingEntries, type WithholdingEntry } from './supplierInvoiceWithholding.js';
import { schemaIssues, tooManyDecimals } from './texts.js';

/**
 * Approved invoice → `A_SupplierInvoice` deep-create payload (header + `to_SupplierInvoiceItemGLAcct` +
 * `to_SupplierInvoiceTax` + `to_SupplierInvoiceWhldgTax`), with SAP's lengths and types enforced and the
 * balance gross = Σ items + tax checked before anything is sent.
 */

const amount = z.string().regex(/^\d{1,11}(\.\d{1,3})?$/, 'must be a non-negative Decimal(14,3) string');
const odataDate = z.string().regex(/^\/Date\(-?\d+\)\/$/, 'must be an OData date "/Date(ms)/"');
const max = (n: number) => z.string().max(n, `has at most ${n} characters in SAP`);

export const GlItemPayloadSchema = z
  .object({
    SupplierInvoiceItem: z.string().regex(/^\d{4}$/, 'is a 4-digit item number'),
    CompanyCode: z.string().length(4),
    GLAccount: max(10).min(1),
    CostCenter: max(10).optional(),
    DocumentCurrency: max(5),
    SupplierInvoiceItemAmount: amount,
    TaxCode: max(2).min(1),
    DebitCreditCode: z.enum(['S', 'H']),
    SupplierInvoiceItemText: max(50),
    AssignmentReference: max(18).optional(),
  })
  .strict();
export type GlItemPayload = z.infer<typeof GlItemPayloadSchema>;

export const TaxPayloadSchema = z
  .object({
    TaxCode: max(2).min(1),
    DocumentCurrency: max(5),
    TaxAmount: amount,
    TaxBaseAmountInTransCrcy: amount,
  })
  .strict();

export const WithholdingPayloadSchema = z
  .object({
    WithholdingTaxType: max(2).min(1),
    WithholdingTaxCode: max(2).min(1),
    DocumentCurrency: max(5),
    WithholdingTaxBaseAmount: amount,
    ManuallyEnteredWhldgTaxAmount: amount.optional(),
    /** Without these flags SAP ignores the amounts sent and computes base and withholding from its own code. */
    WhldgTaxIsEnteredManually: z.boolean().optional(),
    WhldgTaxBaseIsEnteredManually: z.boolean().optional(),
  })
  .strict();

export const SupplierInvoicePayloadSchema = z
  .object({
    CompanyCode: z.string().length(4),
    DocumentDate: odataDate,
    PostingDate: odataDate,
    SupplierInvoiceIDByInvcgParty: max(16).min(1),
    InvoicingParty: max(10).min(1),
    DocumentCurrency: max(5),
    InvoiceGrossAmount: amount,
    SupplierInvoiceIsCreditMemo: z.enum(['X', '']).optional(),
    TaxIsCalculatedAutomatically: z.boolean(),
    DocumentHeaderText: max(25),
    SupplierPostingLineItemText: max(50),
    AccountingDocumentType: max(2).optional(),
    SupplierInvoiceStatus: max(1).optional(),
    PaymentTerms: max(4).optional(),
    PaymentBlockingReason: max(1).optional(),
    AssignmentReference: max(18).optional(),
    to_SupplierInvoiceItemGLAcct: z.object({ results: z.array(GlItemPayloadSchema).min(1).max(9999) }).strict(),
    to_SupplierInvoiceTax: z.object({ results: z.array(TaxPayloadSchema) }).strict().optional(),
    to_SupplierInvoiceWhldgTax: z.object({ results: z.array(WithholdingPayloadSchema) }).strict().optional(),
  })
  .strict();
export type SupplierInvoicePayload = z.infer<typeof SupplierInvoicePayloadSchema>;

/** One invoice ready to post: the payload plus the identity SAP will know it by. */
export interface MappedInvoice {
  /** `companyCode/supplier/reference/fiscalYear`: our idempotency key. */
  key: string;
  invoiceNumber: string;
  periodId: string;
  partnerId: string;
  companyCode: string;
  supplier: string;
  reference: string;
  fiscalYear: string;
  grossAmount: string;
  currency: string;
  isCreditMemo: boolean;
  payload: SupplierInvoicePayload;
}

export function postingKey(companyCode: string, supplier: string, reference: string, fiscalYear: string): string {
  return `${companyCode}/${supplier}/${reference}/${fiscalYear}`;
}

function supplierOf(m: SupplierMapping): { supplier: string; companyCode?: string | undefined; costCenter?: string | undefined } {
  return typeof m === 'string' ? { supplier: m } : m;
}

/** The first rule whose given fields all match; a rule field left out matches anything. */
export function findTaxCode(
  rules: readonly TaxCodeRule[],
  line: { vatRate: string; natura?: string | undefined; reverseCharge?: boolean | undefined },
): string | undefined {
  for (const r of rules) {
    if (r.rate !== undefined && !new Decimal(r.rate).eq(line.vatRate)) continue;
    if (r.natura !== undefined && r.natura !== (line.natura ?? '')) continue;
    if (r.reverseCharge !== undefined && r.reverseCharge !== (line.reverseCharge ?? false)) continue;
    return r.taxCode;
  }
  return undefined;
}

/** Records one problem of the invoice, in both languages: every check runs and reports, so one rejection lists them all. */
type Report = (field: string, text: BothLanguages) => void;

/** The SAP supplier of a partner, with the company code and cost centre its mapping may fix. */
type Supplier = ReturnType<typeof supplierOf>;

/** One invoice line that reaches SAP: its signed amount with the tax code, G/L account and cost centre it posts to. */
interface InvoiceItem extends TaxedItem {
  index: number;
  gl: string;
  costCenter?: string | undefined;
}

/** What every section of the payload repeats, fixed once the invoice has passed its checks. */
interface DocumentFacts {
  inv: ApprovedInvoice;
  companyCode: string;
  supplier: string;
  reference: string;
  scale: number;
  gross: Decimal;
  isCreditMemo: boolean;
  /** -1 for a credit memo: amounts are sent positive, on the document's side. */
  sign: 1 | -1;
  /** The variables of the header, supplier-line and item text templates. */
  vars: Record<string, string>;
}

/** The input as an ApprovedInvoice, or a `ValidationError` naming each shape problem (under the invoice number if any). */
function parseApprovedInvoice(input: unknown): ApprovedInvoice {
  const record =
    typeof input === 'object' && input !== null && typeof (input as { invoiceNumber?: unknown }).invoiceNumber === 'string'
      ? (input as { invoiceNumber: string }).invoiceNumber
      : '(invoice)';
  const parsed = ApprovedInvoiceSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(schemaIssues(record, parsed.error.issues));
  return parsed.data;
}

/** Who SAP knows the invoice from and by: its supplier, company code and reference, checked against SAP's formats. */
function invoiceIdentity(inv: ApprovedInvoice, config: SapConfig, issue: Report): { sup: Supplier; companyCode: string; reference: string } {
  // own entries only: partner ids and components are the caller's names, and `constructor` or `toString` is no supplier,
  // G/L account or cost centre
  const mapping = ownValue(config.suppliers, inv.partnerId);
  if (mapping === undefined) {
    issue('partnerId', { en: `partner "${inv.partnerId}" has no SAP supplier in config.suppliers`, it: `il partner "${inv.partnerId}" non ha un fornitore SAP in config.suppliers` });
  }
  const sup: Supplier = mapping ? supplierOf(mapping) : { supplier: '' };
  const companyCode = inv.companyCode ?? sup.companyCode ?? config.posting.companyCode;
  if (!/^[A-Za-z0-9]{4}$/.test(companyCode)) {
    issue('companyCode', { en: `"${companyCode}" is not a 4-character company code`, it: `"${companyCode}" non è un codice società di 4 caratteri` });
  }
  // SupplierInvoiceIDByInvcgParty is an upper-case field: SAP stores "cm-1" as "CM-1", so we send and look up upper case
  const reference = (inv.reference ?? inv.invoiceNumber).toUpperCase();
  if (reference.length > 16) {
    issue('reference', {
      en: `"${reference}" is ${reference.length} characters; SupplierInvoiceIDByInvcgParty allows 16 (set a shorter reference)`,
      it: `"${reference}" ha ${reference.length} caratteri; SupplierInvoiceIDByInvcgParty ne ammette 16 (indica un riferimento più corto)`,
    });
  }
  return { sup, companyCode, reference };
}

/** Lines → signed amounts, with tax code, G/L account and cost centre. Every line is checked; zero lines are left out. */
function invoiceItems(inv: ApprovedInvoice, config: SapConfig, sup: Supplier, scale: number, issue: Report): InvoiceItem[] {
  const items: InvoiceItem[] = [];
  inv.lines.forEach((line, index) => {
    const amt = new Decimal(line.amount);
    if (!fitsScale(amt, scale)) issue(`lines[${index}].amount`, tooManyDecimals(line.amount, inv.currency, scale));
    const gl = ownValue(config.glAccounts.byComponent, line.component) ?? config.glAccounts.default;
    if (gl === undefined) {
      issue(`lines[${index}].component`, {
        en: `no G/L account for component "${line.component}" (glAccounts.byComponent or glAccounts.default)`,
        it: `nessun conto Co.Ge. per il componente "${line.component}" (glAccounts.byComponent o glAccounts.default)`,
      });
    }
    const taxCode = findTaxCode(config.taxCodes, line);
    if (taxCode === undefined) {
      const natura = line.natura ? ` natura ${line.natura}` : '';
      issue(`lines[${index}].vatRate`, {
        en: `no tax code for IVA ${line.vatRate}%${natura}${line.reverseCharge ? ' reverse charge' : ''} (taxCodes)`,
        it: `nessun codice IVA per l'aliquota ${line.vatRate}%${natura}${line.reverseCharge ? ' in reverse charge' : ''} (taxCodes)`,
      });
    }
    const costCenter = sup.costCenter ?? ownValue(config.costCenters.byComponent, line.component) ?? config.costCenters.default;
    if (amt.isZero()) return; // a zero line carries nothing to SAP
    items.push({ line, index, amount: amt, taxCode: taxCode ?? '', gl: gl ?? '', costCenter });
  });
  return items;
}

/** `to_SupplierInvoiceItemGLAcct`: the items numbered from 0001, amounts positive, each on its side of the document. */
function glItemPayloads(items: readonly InvoiceItem[], doc: DocumentFacts, itemText: string): GlItemPayload[] {
  const { isCreditMemo, sign } = doc;
  return items.map((it, n) => ({
    SupplierInvoiceItem: String(n + 1).padStart(4, '0'),
    CompanyCode: doc.companyCode,
    GLAccount: it.gl,
    ...(it.costCenter ? { CostCenter: it.costCenter } : {}),
    DocumentCurrency: doc.inv.currency,
    SupplierInvoiceItemAmount: formatAmount(it.amount.abs(), doc.scale),
    TaxCode: it.taxCode,
    // an item with the document's sign sits on the expense side; one against it (a clawback) on the other
    DebitCreditCode: (it.amount.isNegative() ? -1 : 1) * sign > 0 ? (isCreditMemo ? 'H' : 'S') : isCreditMemo ? 'S' : 'H',
    SupplierInvoiceItemText: fillTemplate(it.line.description ?? itemText, { ...doc.vars, component: it.line.component }, 50),
    AssignmentReference: doc.reference.slice(0, 18),
  }));
}

/** AccountingDocumentType: the credit-memo type for a credit memo, the invoice type otherwise; left out when not configured. */
function documentType(p: Posting, isCreditMemo: boolean): { AccountingDocumentType?: string } {
  const type = isCreditMemo ? p.creditMemoDocumentType : p.accountingDocumentType;
  return type ? { AccountingDocumentType: type } : {};
}

/** The deep-create payload: the header with its G/L items, the explicit tax (when configured) and the withholdings. */
function assemblePayload(
  doc: DocumentFacts,
  p: Posting,
  glItems: GlItemPayload[],
  taxes: ReadonlyMap<string, TaxByCode>,
  withholdings: WithholdingEntry[],
): SupplierInvoicePayload {
  const { inv, isCreditMemo } = doc;
  return {
    CompanyCode: doc.companyCode,
    DocumentDate: toODataDate(inv.documentDate),
    PostingDate: toODataDate(inv.postingDate),
    SupplierInvoiceIDByInvcgParty: doc.reference,
    InvoicingParty: doc.supplier,
    DocumentCurrency: inv.currency,
    InvoiceGrossAmount: formatAmount(doc.gross.abs(), doc.scale),
    ...(isCreditMemo ? { SupplierInvoiceIsCreditMemo: 'X' as const } : {}),
    TaxIsCalculatedAutomatically: p.taxCalculation === 'automatic',
    DocumentHeaderText: fillTemplate(p.headerText, doc.vars, 25),
    SupplierPostingLineItemText: fillTemplate(p.supplierLineText, doc.vars, 50),
    ...documentType(p, isCreditMemo),
    ...(p.supplierInvoiceStatus ? { SupplierInvoiceStatus: p.supplierInvoiceStatus } : {}),
    ...(p.paymentTerms ? { PaymentTerms: p.paymentTerms } : {}),
    ...(p.paymentBlockingReason ? { PaymentBlockingReason: p.paymentBlockingReason } : {}),
    to_SupplierInvoiceItemGLAcct: { results: glItems },
    ...(p.taxCalculation === 'explicit' ? { to_SupplierInvoiceTax: { results: taxPayloads(taxes, inv.currency, doc.sign, doc.scale) } } : {}),
    ...(withholdings.length > 0 ? { to_SupplierInvoiceWhldgTax: { results: withholdings } } : {}),
  };
}

/**
 * Maps one approved invoice. Throws `ValidationError` listing every problem (unknown partner, missing G/L
 * account or tax code, too-long reference, unbalanced IVA summary, amounts finer than the currency…).
 */
export function mapSupplierInvoice(input: unknown, config: SapConfig): MappedInvoice {
  const inv = parseApprovedInvoice(input);
  const issues: ValidationIssue[] = [];
  const issue: Report = (field, text) => issues.push({ record: inv.invoiceNumber, field, message: text.en, messages: { en: text.en, it: text.it } });

  const { sup, companyCode, reference } = invoiceIdentity(inv, config, issue);
  const scale = currencyScale(inv.currency);
  const fiscalYear = fiscalYearOf(inv.postingDate, config.posting.fiscalYearStartMonth, config.posting.fiscalYearShift);
  const items = invoiceItems(inv, config, sup, scale, issue);
  if (items.length === 0 && issues.length === 0) issue('lines', { en: 'every line is zero: nothing to post', it: 'ogni riga è a zero: niente da registrare' });
  if (items.length > 9999) issue('lines', { en: `${items.length} lines; SAP allows 9999 items`, it: `${items.length} righe; SAP ammette al massimo 9999 posizioni` });
  const { taxes, taxTotal } = taxesByCode(inv, items, scale, issue);

  const net = items.reduce((s, it) => s.plus(it.amount), new Decimal(0));
  const gross = net.plus(taxTotal);
  if (gross.isZero() && items.length > 0) issue('lines', { en: 'the invoice total is zero: nothing to post', it: 'il totale della fattura è zero: niente da registrare' });
  const isCreditMemo = gross.isNegative();
  const sign = isCreditMemo ? -1 : 1;
  const tooBig = (d: Decimal, field: string) => {
    if (d.abs().gte('100000000000')) issue(field, { en: `${d.toFixed(scale)} exceeds SAP's Decimal(14,3)`, it: `${d.toFixed(scale)} supera il Decimal(14,3) di SAP` });
  };
  tooBig(gross, 'gross');
  // Each item too: lines of opposite signs can leave the total within SAP's digits while one line is not.
  for (const it of items) tooBig(it.amount, `lines[${it.index}].amount`);
  const withholdings = withholdingEntries(inv, config, scale, issue);
  checkTaxSigns(taxes, sign, gross, scale, issue);
  if (issues.length > 0) throw new ValidationError(issues);

  const vars = { period: inv.periodId, partner: inv.partnerId, invoice: inv.invoiceNumber, supplier: sup.supplier };
  const doc: DocumentFacts = { inv, companyCode, supplier: sup.supplier, reference, scale, gross, isCreditMemo, sign, vars };
  const glItems = glItemPayloads(items, doc, config.posting.itemText);
  const payload = assemblePayload(doc, config.posting, glItems, taxes, withholdings);
  const checked = SupplierInvoicePayloadSchema.safeParse(payload);
  if (!checked.success) throw new ValidationError(schemaIssues(inv.invoiceNumber, checked.error.issues, ''));
  return {
    key: postingKey(companyCode, sup.supplier, reference, fiscalYear),
    invoiceNumber: inv.invoiceNumber,
    periodId: inv.periodId,
    partnerId: inv.partnerId,
    companyCode,
    supplier: sup.supplier,
    reference,
    fiscalYear,
    grossAmount: formatAmount(gross, scale),
    currency: inv.currency,
    isCreditMemo,
    payload: checked.data,
  };
}

/** `mapSupplierInvoice` without throwing: the mapped invoice or its issues. */
export function tryMapSupplierInvoice(
  input: unknown,
  config: SapConfig,
): { ok: true; invoice: MappedInvoice } | { ok: false; issues: ValidationIssue[] } {
  try {
    return { ok: true, invoice: mapSupplierInvoice(input, config) };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, issues: error.issues };
    throw error;
  }
}

/** Recomputes gross = Σ signed items + Σ tax of a payload (used by tests and the fake's balance check). */
export function payloadBalance(p: SupplierInvoicePayload): { items: string; tax: string; gross: string } {
  const credit = p.SupplierInvoiceIsCreditMemo === 'X';
  const items = p.to_SupplierInvoiceItemGLAcct.results.reduce((s, i) => {
    const a = new Decimal(i.SupplierInvoiceItemAmount);
    const onExpenseSide = i.DebitCreditCode === (credit ? 'H' : 'S');
    return onExpenseSide ? s.plus(a) : s.minus(a);
  }, new Decimal(0));
  const tax = (p.to_SupplierInvoiceTax?.results ?? []).reduce((s, t) => s.plus(t.TaxAmount), new Decimal(0));
  return { items: items.toFixed(), tax: tax.toFixed(), gross: p.InvoiceGrossAmount };
}
