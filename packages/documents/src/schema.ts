import { z } from 'zod';
import {
  AddressSchema,
  BillingDataSchema,
  CurrencyCodeSchema,
  DecimalStringSchema,
  IsoDateSchema,
  LocaleSchema,
  PartnerKindSchema,
  PeriodSchema,
  ownRecord,
} from '@provvigo/core';

/**
 * The invoice document model: everything the pro-forma PDF, the statement PDF and the FatturaPA XML print, already
 * computed. Renderers only format; they never compute a figure, so a PDF and its XML cannot disagree.
 */

const Money = DecimalStringSchema;
const Rate = DecimalStringSchema;

/** The company that pays the commissions (committente) and, in self-billing, issues the invoice for the partner. */
export const PrincipalSchema = z
  .object({
    legalName: z.string().min(1),
    /** VAT number with or without the country prefix: "IT01234567890" or "01234567890". */
    vatId: z.string().min(2),
    taxCode: z.string().optional(),
    address: AddressSchema,
    /** The principal's own 7-character SdI code: where self-billed invoices are delivered. */
    sdiCode: z.string().regex(/^[A-Z0-9]{7}$/).optional(),
    pec: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    /** IdTrasmittente: the tax code of whoever transmits to SdI (the principal or its intermediary). */
    transmitter: z.object({ country: z.string().length(2), code: z.string().min(1).max(28) }).strict().optional(),
  })
  .strict();
export type Principal = z.infer<typeof PrincipalSchema>;
export type PrincipalInput = z.input<typeof PrincipalSchema>;

/** The partner as the documents need it: identity, language and billing data (core `Partner` fits). */
export const DocumentPartnerSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: PartnerKindSchema,
  language: LocaleSchema.default('it'),
  billing: BillingDataSchema,
});
export type DocumentPartner = z.infer<typeof DocumentPartnerSchema>;

/** One statement line as printed on the statement PDF. */
export const SummaryLineSchema = z
  .object({
    label: z.string(),
    amount: Money,
    /** The source record (system + id) the line comes from, printed for the partner to check. */
    reference: z.string().optional(),
    /** For corrections (adjustments, clawbacks): the period the corrected amount was earned in (its invoice is linked). */
    originalPeriod: z.string().optional(),
  })
  .strict();
export type SummaryLine = z.infer<typeof SummaryLineSchema>;

export const ComponentSummarySchema = z
  .object({
    component: z.string().min(1),
    label: z.string().min(1),
    amount: Money,
    lines: z.array(SummaryLineSchema).default([]),
  })
  .strict();
export type ComponentSummary = z.infer<typeof ComponentSummarySchema>;

/** The statement summary: payout components, adjustments from recalculated periods, clawbacks (negative). */
export const StatementSummarySchema = z
  .object({
    components: z.array(ComponentSummarySchema),
    adjustments: z.array(SummaryLineSchema).default([]),
    clawbacks: z.array(SummaryLineSchema).default([]),
    /** Components + adjustments + clawbacks: the commissions invoiced (before cassa contributions). */
    commissions: Money,
    /** The denomination of the statement summarised (currency and decimal places of its plan). */
    currency: CurrencyCodeSchema.optional(),
    scale: z.number().int().min(0).max(6).optional(),
  })
  .strict();
export type StatementSummary = z.infer<typeof StatementSummarySchema>;

/** FatturaPA codes used here; the schema lists all of them, these are the ones partner invoices need. */
export const NaturaSchema = z.enum(['N1', 'N2.1', 'N2.2', 'N3.1', 'N4', 'N6.3', 'N6.7', 'N6.8', 'N6.9']);
export const TipoRitenutaSchema = z.enum(['RT01', 'RT02', 'RT03', 'RT04', 'RT05', 'RT06']);
export const CausalePagamentoSchema = z.enum(['A', 'M', 'H', 'Q', 'R', 'S', 'T', 'U', 'V', 'V1', 'ZO']);
/** Every RegimeFiscaleType of the FPR12 1.2.2 XSD (RF03 was withdrawn): a partner's regime is written as it is. */
export const RegimeFiscaleSchema = z.enum(['RF01', 'RF02', 'RF04', 'RF05', 'RF06', 'RF07', 'RF08', 'RF09', 'RF10', 'RF11', 'RF12', 'RF13', 'RF14', 'RF15', 'RF16', 'RF17', 'RF18', 'RF19']);

/** The VAT treatment of the invoice's commission lines: a rate, or 0 with a Natura code. */
export const VatTreatmentSchema = z
  .object({
    rate: Rate,
    natura: NaturaSchema.optional(),
    /** I immediate, D deferred, S split payment. */
    esigibilita: z.enum(['I', 'D', 'S']).default('I'),
    /** Printed on the PDF and in DatiRiepilogo/RiferimentoNormativo when there is no VAT. */
    legalReference: z.string().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (Number(v.rate) === 0 && !v.natura) ctx.addIssue({ code: 'custom', path: ['natura'], message: 'a 0% VAT rate needs a Natura code (N2.2 forfettario, N6.7 reverse charge…)', params: { it: "un'aliquota IVA dello 0% richiede un codice Natura (N2.2 forfettario, N6.7 inversione contabile…)" } });
    if (Number(v.rate) !== 0 && v.natura) ctx.addIssue({ code: 'custom', path: ['natura'], message: 'Natura is only for 0% VAT', params: { it: "Natura vale solo per l'IVA allo 0%" } });
  });
export type VatTreatment = z.infer<typeof VatTreatmentSchema>;

/** A withholding deducted from the amount paid: ritenuta d'acconto (RT01/RT02), Enasarco agent share (RT04)… */
export const WithholdingSchema = z
  .object({
    code: z.string().min(1),
    type: TipoRitenutaSchema,
    label: z.string().min(1),
    base: Money,
    /** The rate printed in AliquotaRitenuta (23.00 for 25-bis even when the base is 50% of the commissions). */
    rate: Rate,
    amount: Money,
    causale: CausalePagamentoSchema,
    citation: z.string().optional(),
  })
  .strict();
export type Withholding = z.infer<typeof WithholdingSchema>;

/** A contribution added to the taxable base (INPS rivalsa TC22, a professional cassa TC04…). */
export const CassaContributionSchema = z
  .object({
    code: z.string().min(1),
    type: z.string().regex(/^TC(0[1-9]|1\d|2[0-2])$/),
    label: z.string().min(1),
    base: Money,
    rate: Rate,
    amount: Money,
    /** The contribution bears ritenuta (INPS rivalsa does; a cassa integrativo does not). */
    withholding: z.boolean().default(false),
    citation: z.string().optional(),
  })
  .strict();
export type CassaContribution = z.infer<typeof CassaContributionSchema>;

/** An item the principal pays on top (Enasarco principal share, FIRR, minimum top-up): shown, never deducted. */
export const PrincipalChargeSchema = z
  .object({
    code: z.string().min(1),
    label: z.string().min(1),
    base: Money.optional(),
    rate: Rate.optional(),
    amount: Money,
    citation: z.string().optional(),
  })
  .strict();
export type PrincipalCharge = z.infer<typeof PrincipalChargeSchema>;

export const DocumentTotalsSchema = z
  .object({
    /** Commissions + cassa contributions: the VAT base. */
    taxable: Money,
    vat: Money,
    /** Stamp duty charged to the principal on the invoice (0 when absorbed by the partner or not due). */
    stampDuty: Money,
    /** ImportoTotaleDocumento: taxable + VAT + stamp duty charged; withholdings are not subtracted. */
    documentTotal: Money,
    withholdings: Money,
    /** VAT the principal pays to the treasury instead of the partner (split payment, EsigibilitaIVA S). */
    splitPaymentVat: Money,
    /** ImportoPagamento: documentTotal − withholdings − splitPaymentVat. */
    netToPay: Money,
  })
  .strict();
export type DocumentTotals = z.infer<typeof DocumentTotalsSchema>;

/** The fiscal part of a document: what a jurisdiction pack computed, in the shape the renderers need. */
export const DocumentFiscalSchema = z
  .object({
    /** RegimeFiscale; absent means RF01 (regime ordinario), as the README documents. */
    regime: RegimeFiscaleSchema.default('RF01'),
    /** The VAT treatment of every line without one of its own in `vatByComponent`, and of the cassa contributions. */
    vat: VatTreatmentSchema,
    /**
     * Lines with another VAT treatment where the law allows it on one invoice (e.g. a reverse-charge installer's
     * standard-rated sales commission, art. 17 c.6 lett. a-ter DPR 633/72): per summary component id, plus
     * "adjustment" and "clawback" for those two blocks. Each treatment is one DatiRiepilogo group.
     */
    vatByComponent: ownRecord(z.string(), VatTreatmentSchema).default({}),
    /** The VAT of all groups: Σ per group of its taxable × rate, each rounded half up to the cent. */
    vatAmount: Money,
    cassa: z.array(CassaContributionSchema).default([]),
    withholdings: z.array(WithholdingSchema).default([]),
    /** Imposta di bollo, paid virtually (BolloVirtuale SI); `charged` when recharged to the principal on the invoice. */
    stampDuty: z.object({ amount: Money, charged: z.boolean() }).strict().optional(),
    principalCharges: z.array(PrincipalChargeSchema).default([]),
    /** Statements printed on the invoice (forfettario declaration, reverse-charge wording…). */
    notes: z.array(z.string()).default([]),
  })
  .strict();
export type DocumentFiscal = z.infer<typeof DocumentFiscalSchema>;
export type DocumentFiscalInput = z.input<typeof DocumentFiscalSchema>;

/**
 * The SdI file progressive: the file is named `IT<IdCodice>_<progressive>.xml`, the progressive "at most 5
 * alphanumeric characters [a-z], [A-Z], [0-9]" and unique per transmitter (SdI technical specifications, file
 * naming), and the same value is the FatturaPA's ProgressivoInvio (String10Type, so 5 fits both).
 */
const PROGRESSIVE_MESSAGE = "must be 1 to 5 letters or digits: the SdI file progressive, taken from the transmitter's register (nextProgressive)";
/** FatturaPA 2.4.2.4 GiorniTerminiPagamento is GiorniTerminePagamentoType: an integer from 0 to 999 (XSD 1.2.2). */
const PAYMENT_DAYS_MESSAGE = "at most 999 days: FatturaPA's GiorniTerminiPagamento holds 0 to 999 (give payment.dueDate for a later due date)";

/** The Italian of this package's schema messages that zod does not word itself (core's `schemaMessageIt` reads it). */
export const DOCUMENT_SCHEMA_MESSAGES_IT: ReadonlyMap<string, string> = new Map([
  ['must be an IBAN without spaces', 'deve essere un IBAN senza spazi'],
  [PROGRESSIVE_MESSAGE, 'deve essere da 1 a 5 lettere o cifre: è il progressivo del file SdI, da prendere dal registro del trasmittente (nextProgressive)'],
  [PAYMENT_DAYS_MESSAGE, 'al massimo 999 giorni: GiorniTerminiPagamento della FatturaPA va da 0 a 999 (per una scadenza più lontana indica payment.dueDate)'],
]);

export const PaymentTermsSchema = z
  .object({
    /** MP05 bonifico (bank transfer). */
    method: z.literal('MP05').default('MP05'),
    dueDate: IsoDateSchema.optional(),
    /** Days from the invoice date, printed when no due date is set. */
    days: z.number().int().nonnegative().max(999, PAYMENT_DAYS_MESSAGE).optional(),
    iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/, 'must be an IBAN without spaces'),
    bank: z.string().optional(),
  })
  .strict();
export type PaymentTerms = z.infer<typeof PaymentTermsSchema>;

/** An earlier invoice a credit note corrects (FatturaPA DatiFattureCollegate: IdDocumento and Data). */
export const RelatedInvoiceSchema = z.object({ number: z.string().min(1).max(20), date: IsoDateSchema }).strict();
export type RelatedInvoice = z.infer<typeof RelatedInvoiceSchema>;

/** One VAT group of the document (FatturaPA DatiRiepilogo): its treatment, taxable and VAT, computed at assembly. */
export const DocumentVatGroupSchema = z
  .object({
    treatment: VatTreatmentSchema,
    taxable: Money,
    vat: Money,
  })
  .strict();
export type DocumentVatGroup = z.infer<typeof DocumentVatGroupSchema>;

export const InvoiceDocumentSchema = z
  .object({
    /**
     * `proforma`: the statement sent before payment — not a fiscal document, numbered per period, PDF only.
     * `einvoice`: the invoice issued at payment (art. 6 c.3 DPR 633/72), dated the payment day, numbered in the
     * partner's own sequence, rendered as FatturaPA XML with a courtesy-copy PDF.
     */
    kind: z.enum(['proforma', 'einvoice']).default('einvoice'),
    number: z.string().min(1).max(20),
    date: IsoDateSchema,
    /** TD01 invoice; TD04 credit note (clawbacks, negative corrections), linked to the invoices it corrects. */
    documentType: z.enum(['TD01', 'TD04']),
    related: z.array(RelatedInvoiceSchema).default([]),
    /** A receipt for occasional work (no VAT number): PDF only, there is no FatturaPA for it. */
    receipt: z.boolean().default(false),
    locale: LocaleSchema,
    /** The statement's currency and decimal places: every amount of the document is written and shown in them. */
    currency: CurrencyCodeSchema,
    scale: z.number().int().min(0).max(6),
    /** The principal issues the invoice on the partner's behalf (SoggettoEmittente CC, art. 21 c.1 DPR 633/72). */
    selfBilling: z.boolean(),
    /**
     * The SdI file progressive (ProgressivoInvio and the file name), from the transmitter's register
     * (`nextProgressive`). Never guessed from the number: absent, the PDFs still build, but `renderFatturaPA` and
     * `sdiFileName` refuse the document.
     */
    transmissionId: z.string().regex(/^[A-Za-z0-9]{1,5}$/, PROGRESSIVE_MESSAGE).optional(),
    principal: PrincipalSchema,
    partner: DocumentPartnerSchema,
    period: PeriodSchema,
    summary: StatementSummarySchema,
    fiscal: DocumentFiscalSchema,
    totals: DocumentTotalsSchema,
    /** One entry per VAT treatment of the lines and contributions (the recharged stamp duty, N1, is apart). */
    vatGroups: z.array(DocumentVatGroupSchema).min(1),
    payment: PaymentTermsSchema,
    /** Causale: free text for the XML and the PDF heading. */
    description: z.string().min(1).max(200),
  })
  .strict();
export type InvoiceDocument = z.infer<typeof InvoiceDocumentSchema>;
