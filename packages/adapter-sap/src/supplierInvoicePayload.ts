import { z } from 'zod';
import type { SapConfig, SupplierMapping, TaxCodeRule } from './config.js';
import { fiscalYearOf, toODataDate } from './dates.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import { ApprovedInvoiceSchema, type ApprovedInvoice, type ApprovedInvoiceLine } from './invoice.js';
import { Decimal, currencyScale, fitsScale, formatAmount } from './money.js';

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

function fill(template: string, vars: Record<string, string>, limit: number): string {
  const text = template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
  return text.length > limit ? text.slice(0, limit) : text;
}

function supplierOf(m: SupplierMapping): { supplier: string; companyCode?: string | undefined; costCenter?: string | undefined } {
  return typeof m === 'string' ? { supplier: m } : m;
}

const sameDecimal = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined ? a === b : new Decimal(a).eq(b);

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

function vatKey(v: { rate?: string; vatRate?: string; natura?: string | undefined; reverseCharge?: boolean | undefined }): string {
  const rate = new Decimal(v.rate ?? v.vatRate ?? '0').toString();
  return `${rate}|${v.natura ?? ''}|${v.reverseCharge ? 'RC' : ''}`;
}

/**
 * Maps one approved invoice. Throws `ValidationError` listing every problem (unknown partner, missing G/L
 * account or tax code, too-long reference, unbalanced IVA summary, amounts finer than the currency…).
 */
export function mapSupplierInvoice(input: unknown, config: SapConfig): MappedInvoice {
  const record =
    typeof input === 'object' && input !== null && typeof (input as { invoiceNumber?: unknown }).invoiceNumber === 'string'
      ? (input as { invoiceNumber: string }).invoiceNumber
      : '(invoice)';
  const parsed = ApprovedInvoiceSchema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ record, field: i.path.join('.') || '(root)', message: i.message })),
    );
  }
  const inv: ApprovedInvoice = parsed.data;
  const issues: ValidationIssue[] = [];
  const issue = (field: string, message: string) => issues.push({ record: inv.invoiceNumber, field, message });

  const mapping = config.suppliers[inv.partnerId];
  if (mapping === undefined) issue('partnerId', `partner "${inv.partnerId}" has no SAP supplier in config.suppliers`);
  const sup = mapping ? supplierOf(mapping) : { supplier: '' };
  const companyCode = inv.companyCode ?? sup.companyCode ?? config.posting.companyCode;
  if (!/^[A-Za-z0-9]{4}$/.test(companyCode)) issue('companyCode', `"${companyCode}" is not a 4-character company code`);
  // SupplierInvoiceIDByInvcgParty is an upper-case field: SAP stores "cm-1" as "CM-1", so we send and look up upper case
  const reference = (inv.reference ?? inv.invoiceNumber).toUpperCase();
  if (reference.length > 16) {
    issue('reference', `"${reference}" is ${reference.length} characters; SupplierInvoiceIDByInvcgParty allows 16 (set a shorter reference)`);
  }
  const scale = currencyScale(inv.currency);
  const fiscalYear = fiscalYearOf(inv.postingDate, config.posting.fiscalYearStartMonth, config.posting.fiscalYearShift);

  // Lines → signed amounts, with tax code, G/L account and cost centre.
  interface Item { line: ApprovedInvoiceLine; index: number; amount: Decimal; taxCode: string; gl: string; costCenter?: string | undefined }
  const items: Item[] = [];
  inv.lines.forEach((line, index) => {
    const amt = new Decimal(line.amount);
    if (!fitsScale(amt, scale)) issue(`lines[${index}].amount`, `"${line.amount}" has more decimals than ${inv.currency} allows (${scale})`);
    const gl = config.glAccounts.byComponent[line.component] ?? config.glAccounts.default;
    if (gl === undefined) issue(`lines[${index}].component`, `no G/L account for component "${line.component}" (glAccounts.byComponent or glAccounts.default)`);
    const taxCode = findTaxCode(config.taxCodes, line);
    if (taxCode === undefined) {
      issue(
        `lines[${index}].vatRate`,
        `no tax code for IVA ${line.vatRate}%${line.natura ? ` natura ${line.natura}` : ''}${line.reverseCharge ? ' reverse charge' : ''} (taxCodes)`,
      );
    }
    const costCenter = sup.costCenter ?? config.costCenters.byComponent[line.component] ?? config.costCenters.default;
    if (amt.isZero()) return; // a zero line carries nothing to SAP
    items.push({ line, index, amount: amt, taxCode: taxCode ?? '', gl: gl ?? '', costCenter });
  });
  if (items.length === 0 && issues.length === 0) issue('lines', 'every line is zero: nothing to post');
  if (items.length > 9999) issue('lines', `${items.length} lines; SAP allows 9999 items`);

  // IVA: every rate/natura used by the lines has a summary whose taxable equals the sum of those lines.
  const bases = new Map<string, { base: Decimal; taxCode: string; line: ApprovedInvoiceLine }>();
  for (const it of items) {
    const k = vatKey(it.line);
    const b = bases.get(k);
    if (b) b.base = b.base.plus(it.amount);
    else bases.set(k, { base: it.amount, taxCode: it.taxCode, line: it.line });
  }
  const summaries = new Map<string, { taxable: Decimal; amount: Decimal; reverseCharge: boolean }>();
  inv.vat.forEach((v, i) => {
    const k = vatKey(v);
    if (summaries.has(k)) issue(`vat[${i}]`, `IVA ${v.rate}% appears twice in the summary`);
    const amt = new Decimal(v.amount);
    if (!fitsScale(amt, scale)) issue(`vat[${i}].amount`, `"${v.amount}" has more decimals than ${inv.currency} allows`);
    if (!bases.has(k) && !(amt.isZero() && new Decimal(v.taxable).isZero())) {
      issue(`vat[${i}]`, `IVA ${v.rate}%${v.natura ? ` ${v.natura}` : ''} has no invoice lines`);
    }
    summaries.set(k, { taxable: new Decimal(v.taxable), amount: amt, reverseCharge: v.reverseCharge ?? false });
  });
  // tax per SAP tax code (several rate/natura keys may share one code)
  const taxes = new Map<string, { base: Decimal; amount: Decimal }>();
  let taxTotal = new Decimal(0);
  for (const [k, b] of bases) {
    const s = summaries.get(k);
    let taxAmount = new Decimal(0);
    if (s === undefined) {
      if (!new Decimal(b.line.vatRate).isZero() && !b.line.reverseCharge) {
        issue('vat', `no IVA summary for rate ${b.line.vatRate}% (the lines at that rate total ${b.base.toFixed(scale)})`);
      }
    } else {
      if (!s.taxable.eq(b.base)) {
        issue('vat', `IVA ${b.line.vatRate}% taxable ${s.taxable.toFixed(scale)} differs from its lines' total ${b.base.toFixed(scale)}`);
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

  const net = items.reduce((s, it) => s.plus(it.amount), new Decimal(0));
  const gross = net.plus(taxTotal);
  if (gross.isZero() && items.length > 0) issue('lines', 'the invoice total is zero: nothing to post');
  const isCreditMemo = gross.isNegative();
  const sign = isCreditMemo ? -1 : 1;
  const fmt = (d: Decimal) => formatAmount(d.abs(), scale);
  const tooBig = (d: Decimal, field: string) => {
    if (d.abs().gte('100000000000')) issue(field, `${d.toFixed(scale)} exceeds SAP's Decimal(14,3)`);
  };
  tooBig(gross, 'gross');

  // ApprovedWithholding: one entry per SAP withholding tax type (its key in A_SuplrInvcHeaderWhldgTax).
  const whtTypes = new Set<string>();
  const withholdings = inv.withholdings.map((w, i) => {
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
      WithholdingTaxBaseAmount: fmt(new Decimal(w.base)),
      // our base (the one on the FatturaPA) is authoritative; the amount too unless SAP is asked to compute it
      WhldgTaxBaseIsEnteredManually: true,
      ...(m.sendAmount ? { ManuallyEnteredWhldgTaxAmount: fmt(new Decimal(w.amount)), WhldgTaxIsEnteredManually: true } : {}),
    };
  });

  for (const [code, t] of taxes) {
    if (t.amount.times(sign).isNegative()) {
      issue('vat', `tax code ${code} has IVA ${t.amount.toFixed(scale)} against the sign of the document total ${gross.toFixed(scale)}`);
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);

  const vars = {
    period: inv.periodId,
    partner: inv.partnerId,
    invoice: inv.invoiceNumber,
    supplier: sup.supplier,
  };
  const p = config.posting;
  const glItems: GlItemPayload[] = items.map((it, n) => ({
    SupplierInvoiceItem: String(n + 1).padStart(4, '0'),
    CompanyCode: companyCode,
    GLAccount: it.gl,
    ...(it.costCenter ? { CostCenter: it.costCenter } : {}),
    DocumentCurrency: inv.currency,
    SupplierInvoiceItemAmount: fmt(it.amount),
    TaxCode: it.taxCode,
    // an item with the document's sign sits on the expense side; one against it (a clawback) on the other
    DebitCreditCode: (it.amount.isNegative() ? -1 : 1) * sign > 0 ? (isCreditMemo ? 'H' : 'S') : isCreditMemo ? 'S' : 'H',
    SupplierInvoiceItemText: fill(it.line.description ?? p.itemText, { ...vars, component: it.line.component }, 50),
    AssignmentReference: reference.slice(0, 18),
  }));
  for (const it of items) tooBig(it.amount, `lines[${it.index}].amount`);

  const payload: SupplierInvoicePayload = {
    CompanyCode: companyCode,
    DocumentDate: toODataDate(inv.documentDate),
    PostingDate: toODataDate(inv.postingDate),
    SupplierInvoiceIDByInvcgParty: reference,
    InvoicingParty: sup.supplier,
    DocumentCurrency: inv.currency,
    InvoiceGrossAmount: fmt(gross),
    ...(isCreditMemo ? { SupplierInvoiceIsCreditMemo: 'X' as const } : {}),
    TaxIsCalculatedAutomatically: p.taxCalculation === 'automatic',
    DocumentHeaderText: fill(p.headerText, vars, 25),
    SupplierPostingLineItemText: fill(p.supplierLineText, vars, 50),
    ...(isCreditMemo
      ? p.creditMemoDocumentType
        ? { AccountingDocumentType: p.creditMemoDocumentType }
        : {}
      : p.accountingDocumentType
        ? { AccountingDocumentType: p.accountingDocumentType }
        : {}),
    ...(p.supplierInvoiceStatus ? { SupplierInvoiceStatus: p.supplierInvoiceStatus } : {}),
    ...(p.paymentTerms ? { PaymentTerms: p.paymentTerms } : {}),
    ...(p.paymentBlockingReason ? { PaymentBlockingReason: p.paymentBlockingReason } : {}),
    to_SupplierInvoiceItemGLAcct: { results: glItems },
    ...(p.taxCalculation === 'explicit'
      ? {
          to_SupplierInvoiceTax: {
            results: [...taxes].map(([code, t]) => ({
              TaxCode: code,
              DocumentCurrency: inv.currency,
              TaxAmount: fmt(t.amount.times(sign)),
              TaxBaseAmountInTransCrcy: fmt(t.base.times(sign)),
            })),
          },
        }
      : {}),
    ...(withholdings.length > 0
      ? { to_SupplierInvoiceWhldgTax: { results: withholdings.filter((w) => w !== undefined) } }
      : {}),
  };
  const checked = SupplierInvoicePayloadSchema.safeParse(payload);
  if (!checked.success) {
    throw new ValidationError(
      checked.error.issues.map((i) => ({ record: inv.invoiceNumber, field: i.path.join('.'), message: i.message })),
    );
  }
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
