import { z } from 'zod';

/**
 * The smallest shape of an approved partner invoice this adapter needs. It is what the run/ledger (H3a) and the
 * fiscal pack (H4a) produce together for one statement: lines by payout component, the IVA summary and the
 * withholdings (ritenuta d'acconto, Enasarco). `fromFiscal.ts` adapts their richer types to this one.
 */

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "12.50"');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), {
    message: 'is not a real calendar date',
  });

/** One taxable line of the invoice: the sum of a payout component for the partner in the period. */
export const ApprovedInvoiceLineSchema = z
  .object({
    /** Payout component name from the plan (drives G/L account and cost-centre determination). */
    component: z.string().min(1),
    /** Net amount; negative for clawbacks and recoveries. */
    amount: decimal,
    /** IVA rate in percent ("22", "0"). */
    vatRate: decimal,
    /** FatturaPA natura code for non-taxed lines (N1…N7, e.g. "N6.9" reverse charge, "N2.2" forfettario). */
    natura: z.string().min(2).max(5).optional(),
    /** Reverse charge: IVA is self-assessed by the principal, not paid to the partner. */
    reverseCharge: z.boolean().optional(),
    description: z.string().optional(),
  })
  .strict();
export type ApprovedInvoiceLine = z.infer<typeof ApprovedInvoiceLineSchema>;

/** The IVA summary per rate/natura (FatturaPA DatiRiepilogo). */
export const VatSummarySchema = z
  .object({
    rate: decimal,
    natura: z.string().min(2).max(5).optional(),
    reverseCharge: z.boolean().optional(),
    taxable: decimal,
    amount: decimal,
  })
  .strict();
export type VatSummary = z.infer<typeof VatSummarySchema>;

/** A withholding the principal keeps from the payment: ritenuta d'acconto (IRPEF) or the agent's Enasarco share. */
export const ApprovedWithholdingSchema = z
  .object({
    /** Our type key, mapped to SAP's withholding tax type/code by configuration (e.g. "ritenuta", "enasarco"). */
    type: z.string().min(1),
    /** Optional sub-code (e.g. FatturaPA TipoRitenuta RT01/RT04) when one type maps to several SAP codes. */
    code: z.string().optional(),
    base: decimal,
    rate: decimal.optional(),
    amount: decimal,
  })
  .strict();
export type ApprovedWithholding = z.infer<typeof ApprovedWithholdingSchema>;

export const ApprovedInvoiceSchema = z
  .object({
    /** Our invoice number (the pro-forma / self-billing number). */
    invoiceNumber: z.string().min(1),
    /**
     * The supplier reference sent to SAP (`SupplierInvoiceIDByInvcgParty`, at most 16 characters) and our
     * idempotency key. Defaults to `invoiceNumber`; must be deterministic for the invoice.
     */
    reference: z.string().min(1).optional(),
    runId: z.string().optional(),
    periodId: z.string().min(1),
    partnerId: z.string().min(1),
    /** Overrides the configured company code. */
    companyCode: z.string().optional(),
    documentDate: isoDate,
    postingDate: isoDate,
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as "EUR"'),
    lines: z.array(ApprovedInvoiceLineSchema).min(1, 'an invoice needs at least one line'),
    vat: z.array(VatSummarySchema).default([]),
    withholdings: z.array(ApprovedWithholdingSchema).default([]),
  })
  .strict();
export type ApprovedInvoice = z.infer<typeof ApprovedInvoiceSchema>;
export type ApprovedInvoiceInput = z.input<typeof ApprovedInvoiceSchema>;

/** Per-partner accrual: earned in the period but not yet invoiced/paid. */
export const AccrualLineSchema = z
  .object({
    partnerId: z.string().min(1),
    component: z.string().min(1).optional(),
    amount: decimal,
  })
  .strict();
export type AccrualLine = z.infer<typeof AccrualLineSchema>;

export const AccrualSetSchema = z
  .object({
    /** Our accrual run id: SAP's OriginalReferenceDocument, the idempotency key of the journal entry. */
    accrualId: z.string().min(1),
    periodId: z.string().min(1),
    companyCode: z.string().optional(),
    postingDate: isoDate,
    documentDate: isoDate.optional(),
    /** First day of the next period: when set, a reversing entry is produced dated here. */
    reversalDate: isoDate.optional(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    lines: z.array(AccrualLineSchema),
  })
  .strict();
export type AccrualSet = z.infer<typeof AccrualSetSchema>;
export type AccrualSetInput = z.input<typeof AccrualSetSchema>;
