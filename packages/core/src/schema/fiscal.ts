/**
 * Jurisdiction packs (issue 4 §1): the contract between the engine and a country's tax and social-security rules.
 *
 * A pack reads a partner's fiscal profile, the statement's taxable lines by component and the ledger's
 * year-to-date state, and returns fiscal items (each with base, rate, amount, rule, citation, payer and its effect on
 * the invoice), the invoice totals and the year-to-date state after this statement. Rates and thresholds are
 * effective-dated data tables passed in by the caller, never constants in a pack's code.
 *
 * Money: every amount is a decimal string; rates are percentages as decimal strings ("23" means 23 %).
 */
import { z } from 'zod';
import { CalendarYearSchema, DecimalStringSchema, IsoDateSchema, RoundingModeSchema } from './common.js';
import { CurrencyCodeSchema } from '../money.js';
import { IssueSchema } from './issue.js';
import { ownJsonRecord, ownRecord } from './ownRecord.js';
import { PartnerSchema } from './partner.js';
import { PeriodSchema } from './result.js';

/** A text in both product languages (fiscal items are always bilingual). */
export const BilingualTextSchema = z.object({ it: z.string(), en: z.string() }).strict();
export type BilingualText = z.infer<typeof BilingualTextSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Effective-dated data tables
// ---------------------------------------------------------------------------------------------------------------

/** Any JSON value: a pack validates the `values` of its own tables with its own schema. */
const JsonValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValueSchema),
    // an own `__proto__` key inside is refused by the row's `values` (ownJsonRecord) before this union is reached
    z.record(z.string(), JsonValueSchema),
  ]),
);

/**
 * One row of an effective-dated table: `values` apply to dates in [validFrom, validTo] (both inclusive; validTo
 * null = open-ended). Next year's rates are a new row, not a code change.
 */
export const FiscalTableRowSchema = z
  .object({
    validFrom: IsoDateSchema,
    validTo: IsoDateSchema.nullable(),
    values: ownJsonRecord(JsonValueSchema),
    /** Where the figures come from (URLs, law articles). */
    sources: z.array(z.string()).optional(),
    note: z.string().optional(),
  })
  .strict();
export type FiscalTableRow = z.infer<typeof FiscalTableRowSchema>;

export const FiscalTableSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().optional(),
    rows: z.array(FiscalTableRowSchema).min(1),
  })
  .strict();
export type FiscalTable = z.infer<typeof FiscalTableSchema>;

/** The tables a pack computes with, by table id (e.g. "it.enasarco.caps"). */
export const FiscalTablesSchema = ownRecord(z.string(), FiscalTableSchema);
export type FiscalTables = z.infer<typeof FiscalTablesSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------------------------

/**
 * One taxable line of the statement, aggregated by payout component: "commission", "bonus", "adjustment",
 * "clawback" (negative), "advance", "expense"… The pack decides how each component is treated (all are taxable
 * and in the social-security bases unless the profile's settings exclude a component).
 */
export const FiscalLineSchema = z
  .object({
    component: z.string().min(1),
    amount: DecimalStringSchema,
    description: BilingualTextSchema.optional(),
    /** Statement line ids aggregated here, for the trace. */
    lineIds: z.array(z.string()).optional(),
  })
  .strict();
export type FiscalLine = z.infer<typeof FiscalLineSchema>;

/**
 * Year-to-date state of one partner's capped or cumulative bases, kept by the ledger between statements.
 * `values` keys are defined by each pack (documented in its README), e.g. "enasarco.base",
 * "enasarco.agent.exact", "enasarco.q1.contribution", "firr.base". A state of another year is ignored (fresh year).
 */
export const YtdStateSchema = z
  .object({
    partnerId: z.string().min(1),
    // the year of a period's end date (a pack's ytdForPeriod): an opening balance of year 0, -1 or 20260 could never
    // count, and one beyond 32 bits failed in the store's integer column
    year: CalendarYearSchema,
    // ownRecord refuses a key `__proto__` (z.record dropped it). `.prefault(v).default(v)` instead of `.default(v)`:
    // zod's input JSON Schema (fiscalInputJsonSchema) leaves out the default of a schema that transforms, as
    // ownRecord's preprocess step counts, but shows a prefault; its output JSON Schema (fiscalResultJsonSchema)
    // shows the default and no prefault. Parsing is `.default(v)`'s: an absent value becomes `v` (the prefault is
    // never reached). The same below for the principal's settings, the codes, and `ytd` and `principal`.
    // a pack reads its values by name: an empty name is none it could have written
    values: ownRecord(z.string().min(1, 'a value name must not be empty'), DecimalStringSchema).prefault({}).default({}),
    /** Period ids already folded into this state: computing one of them again is reported, never double-counted. */
    periods: z.array(z.string()).default([]),
  })
  .strict();
export type YtdState = z.infer<typeof YtdStateSchema>;
export type YtdStateInput = z.input<typeof YtdStateSchema>;

/**
 * The state a result leaves: a year-to-date state, or, for an input that fails its schema, the empty state of year 0
 * (the input names no year core could read; the result is not invoiceable, so the state is never carried). Results
 * holding it are stored with their run and must read back.
 */
const YtdAfterSchema = YtdStateSchema.extend({ year: z.union([CalendarYearSchema, z.literal(0)]) });

/** Facts about the paying company (the principal / committente) that change the treatment. */
export const PrincipalFiscalSchema = z
  .object({
    name: z.string().optional(),
    vatId: z.string().optional(),
    country: z.string().length(2).default('IT'),
    /** Art. 17-ter DPR 633/72: the principal pays the IVA to the treasury (EsigibilitaIVA S). */
    splitPayment: z.boolean().default(false),
    /** Other pack-specific facts (e.g. "agriculturalEnterprise": true excludes the 25-bis ritenuta). */
    settings: ownRecord(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).prefault({}).default({}),
  })
  .strict();
export type PrincipalFiscal = z.infer<typeof PrincipalFiscalSchema>;

/** The principal a fiscal input without one has. */
const DEFAULT_PRINCIPAL = { country: 'IT', splitPayment: false, settings: {} };

/**
 * The partner as a pack reads it: only `id`, `fiscalProfile` and `fiscalSettings` matter for the tax items (and
 * `billing` for packs that look at the address), so the fields a pack never reads are optional here.
 */
export const FiscalPartnerSchema = PartnerSchema.partial({ name: true, kind: true, territory: true });
export type FiscalPartner = z.infer<typeof FiscalPartnerSchema>;

export const FiscalInputSchema = z
  .object({
    /** The partner, with `fiscalProfile` (e.g. "it:agent-individual-mono") and `fiscalSettings`. */
    partner: FiscalPartnerSchema,
    period: PeriodSchema,
    /** The statement's currency (ISO 4217); taxes are rounded to its minor units. Required: no currency is assumed. */
    currency: CurrencyCodeSchema,
    /** The statement's taxable lines by component, decimal strings (net of clawbacks when negative). */
    lines: z.array(FiscalLineSchema),
    /** Year-to-date state before this statement (from the ledger; null = first statement of the year). */
    // `ytd` and `principal` hold ownRecords: prefault and default, so both JSON Schemas show them (see YtdStateSchema)
    ytd: YtdStateSchema.nullable().prefault(null).default(null),
    principal: PrincipalFiscalSchema.prefault(DEFAULT_PRINCIPAL).default(DEFAULT_PRINCIPAL),
    /**
     * Settlement points. Default: derived from `period.end` (a quarter end settles the quarter, 31 Dec the year).
     * Set explicitly to settle early (mandate ended) or to hold a settlement back.
     */
    settle: z
      .object({ quarter: z.boolean().optional(), year: z.boolean().optional() })
      .strict()
      .default({}),
  })
  .strict();
export type FiscalInput = z.infer<typeof FiscalInputSchema>;
export type FiscalInputInput = z.input<typeof FiscalInputSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------------------

/** Codes of fiscal items. Packs may add their own (the schema accepts any upper-case code). */
export const KNOWN_FISCAL_CODES = [
  'VAT',
  'IVA',
  'RITENUTA',
  'ENASARCO_AGENT',
  'ENASARCO_PRINCIPAL',
  'ENASARCO_MINIMUM_TOPUP',
  'FIRR',
  'INPS_RIVALSA',
  'CASSA',
  'BOLLO',
] as const;
export const FiscalItemCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]*$/);
export type FiscalItemCode = (typeof KNOWN_FISCAL_CODES)[number] | (string & {});

/**
 * How an item affects the invoice and the payment:
 * - `addsToDocument`: part of the invoice total (IVA, INPS rivalsa, cassa, a recharged stamp);
 * - `withheld`: deducted from the payment to the partner, paid by the principal to the authority (ritenuta,
 *   Enasarco agent share);
 * - `principalCost`: borne by the principal only, not on the partner's invoice (Enasarco principal share, minimum
 *   top-up, FIRR);
 * - `informational`: shown, moves no money (reverse-charge VAT the principal self-assesses, a stamp the partner bears).
 */
export const FiscalEffectSchema = z.enum(['addsToDocument', 'withheld', 'principalCost', 'informational']);
export type FiscalEffect = z.infer<typeof FiscalEffectSchema>;

/** A trace input of a fiscal computation: a setting, a line total, a table value, a year-to-date figure. */
export const FiscalTraceInputSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['line', 'setting', 'table', 'ytd', 'derived']),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    /** For table inputs: the table and the row's validity that supplied the value. */
    table: z.object({ id: z.string(), validFrom: z.string(), validTo: z.string().nullable() }).optional(),
  })
  .strict();
export type FiscalTraceInput = z.infer<typeof FiscalTraceInputSchema>;

/** One step of the computation, e.g. { what: "base share", expr: "1000.00 × 50%", value: "500.00" }. */
export const FiscalTraceStepSchema = z.object({ what: z.string(), expr: z.string(), value: z.string() }).strict();
export type FiscalTraceStep = z.infer<typeof FiscalTraceStepSchema>;

/** A rounding applied (same shape as the line trace's rounding). */
export const FiscalTraceRoundingSchema = z
  .object({ what: z.string(), from: z.string(), to: z.string(), mode: RoundingModeSchema, scale: z.number() })
  .strict();
export type FiscalTraceRounding = z.infer<typeof FiscalTraceRoundingSchema>;

/** The trace of one fiscal item: every input, step and rounding (statement-level, not per line). */
export const FiscalItemTraceSchema = z
  .object({
    inputs: z.array(FiscalTraceInputSchema),
    steps: z.array(FiscalTraceStepSchema),
    rounding: z.array(FiscalTraceRoundingSchema),
  })
  .strict();
export type FiscalItemTrace = z.infer<typeof FiscalItemTraceSchema>;

export const FiscalItemSchema = z
  .object({
    /** Unique within the result, e.g. "RITENUTA", "ENASARCO_MINIMUM_TOPUP:2026-Q1". */
    id: z.string().min(1),
    code: FiscalItemCodeSchema,
    label: BilingualTextSchema,
    /** The amount the rate applies to, before `baseShare` (e.g. the commissions, 1000.00). */
    base: DecimalStringSchema,
    /** What the base is, for explanations of fixed amounts (e.g. "importo non soggetto a IVA" / "amount not subject to VAT"). */
    baseLabel: BilingualTextSchema.optional(),
    /** Share of the base that is taxed, in percent (25-bis: "50" or "20"); absent = 100. */
    baseSharePercent: DecimalStringSchema.optional(),
    /** Rate in percent, e.g. "23", "8.5", "22". Fixed amounts (stamp duty) use "0" with `fixedAmount`. */
    ratePercent: DecimalStringSchema,
    fixedAmount: z.boolean().optional(),
    /** Rounded to the cent with the rule's rounding (recorded in the trace). Always ≥ 0 except reversals. */
    amount: DecimalStringSchema,
    currency: z.string().length(3),
    payer: z.enum(['partner', 'principal']),
    effect: FiscalEffectSchema,
    /** Machine id of the rule, e.g. "it.ritenuta.art25bis". */
    rule: z.string().min(1),
    /** The law article, e.g. "art. 25-bis DPR 600/73". */
    citation: z.string().min(1),
    /**
     * External codes for documents and accounting, e.g. FatturaPA { tipoRitenuta: "RT01", causalePagamento: "Q" },
     * { tipoCassa: "TC22", ritenuta: "SI" }, { natura: "N6.7" }, F24 { f24Tributo: "1038" }.
     */
    codes: ownRecord(z.string(), z.string()).prefault({}).default({}),
    /**
     * For banded items (FIRR, Enasarco of companies): the marginal bands applied, each with its portion of the base,
     * rate and rounded amount; `amount` is their sum.
     */
    bands: z
      .array(
        z
          .object({
            from: DecimalStringSchema,
            to: DecimalStringSchema.nullable(),
            ratePercent: DecimalStringSchema,
            base: DecimalStringSchema,
            amount: DecimalStringSchema,
          })
          .strict(),
      )
      .optional(),
    /** When the principal must pay it to the authority (when known). */
    dueDate: IsoDateSchema.optional(),
    trace: FiscalItemTraceSchema,
  })
  .strict();
export type FiscalItem = z.infer<typeof FiscalItemSchema>;
export type FiscalItemInput = z.input<typeof FiscalItemSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Invoice lines and totals
// ---------------------------------------------------------------------------------------------------------------

/** A line of the (pro-forma) invoice: a payout component, a contribution added to the base, a recharged stamp. */
export const InvoiceLineSchema = z
  .object({
    component: z.string(),
    description: BilingualTextSchema,
    amount: DecimalStringSchema,
    /** VAT rate in percent ("22", "0"). */
    vatRatePercent: DecimalStringSchema,
    /** Reason code when no VAT is charged (FatturaPA Natura: N2.2, N6.7, N1…). */
    natura: z.string().optional(),
    /** The line bears the tax withholding (FatturaPA Ritenuta=SI). */
    withholding: z.boolean(),
    kind: z.enum(['fee', 'contribution', 'stamp']),
  })
  .strict();
export type InvoiceLine = z.infer<typeof InvoiceLineSchema>;

/** One VAT summary line per rate and Natura (FatturaPA DatiRiepilogo). */
export const VatSummaryLineSchema = z
  .object({
    vatRatePercent: DecimalStringSchema,
    natura: z.string().optional(),
    taxable: DecimalStringSchema,
    vat: DecimalStringSchema,
    /** I immediate, D deferred, S split payment. */
    esigibilita: z.enum(['I', 'D', 'S']).optional(),
    /** Legal reference printed on the invoice (RiferimentoNormativo), e.g. "Inversione contabile art. 17 c.6 lett. a-ter DPR 633/72". */
    legalReference: z.string().optional(),
  })
  .strict();
export type VatSummaryLine = z.infer<typeof VatSummaryLineSchema>;

/**
 * Invoice totals. The identities every pack keeps (property-tested, exact to the cent):
 *   taxable        = Σ invoiceLines(kind fee|contribution).amount = Σ vatSummary.taxable
 *   vatTotal       = Σ vatSummary.vat   (VAT charged on the document; reverse charge contributes 0)
 *   documentTotal  = taxable + vatTotal + stampDutyCharged          (FatturaPA ImportoTotaleDocumento)
 *   withholdingsTotal = Σ items(effect withheld).amount
 *   netToPay       = documentTotal − withholdingsTotal − splitPaymentVat   (FatturaPA ImportoPagamento)
 *   principalCostsTotal = Σ items(effect principalCost).amount      (never on the invoice)
 */
export const InvoiceTotalsSchema = z
  .object({
    currency: z.string().length(3),
    /** Payout lines only (commissions, bonuses, adjustments, clawbacks). */
    fees: DecimalStringSchema,
    /** Contributions added to the base (INPS rivalsa, cassa). */
    contributions: DecimalStringSchema,
    taxable: DecimalStringSchema,
    vatTotal: DecimalStringSchema,
    /** Stamp duty due on the document (0 when none), and the part of it charged to the principal on the invoice. */
    stampDuty: DecimalStringSchema,
    stampDutyCharged: DecimalStringSchema,
    documentTotal: DecimalStringSchema,
    withholdingsTotal: DecimalStringSchema,
    /** VAT the principal pays to the treasury instead of the partner (split payment). */
    splitPaymentVat: DecimalStringSchema,
    netToPay: DecimalStringSchema,
    principalCostsTotal: DecimalStringSchema,
    vatSummary: z.array(VatSummaryLineSchema),
  })
  .strict();
export type InvoiceTotals = z.infer<typeof InvoiceTotalsSchema>;

/**
 * Document-level codes for the invoice, e.g. { documentKind: "invoice" | "receipt", tipoDocumento: "TD01",
 * regimeFiscale: "RF19", bolloVirtuale: "SI" }.
 */
export const FiscalDocumentSchema = z
  .object({
    kind: z.enum(['invoice', 'creditNote', 'receipt']),
    codes: ownRecord(z.string(), z.string()).prefault({}).default({}),
    /** Sentences the document must carry (e.g. the forfettario declaration, the reverse-charge note). */
    notes: z.array(BilingualTextSchema).default([]),
  })
  .strict();
export type FiscalDocument = z.infer<typeof FiscalDocumentSchema>;

/** Statement-level fiscal trace: what the pack read and which table rows it used. */
export const FiscalTraceSchema = z
  .object({
    pack: z.string(),
    profile: z.string(),
    partnerId: z.string(),
    period: z.string(),
    /** The profile settings after defaults were applied. */
    settings: ownRecord(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    lines: z.array(FiscalLineSchema),
    tables: z.array(z.object({ id: z.string(), validFrom: z.string(), validTo: z.string().nullable() }).strict()),
    ytdBefore: YtdStateSchema.nullable(),
    /** Per item: its id and trace (duplicated from the items so a trace viewer needs only this object). */
    items: z.array(z.object({ id: z.string(), trace: FiscalItemTraceSchema }).strict()),
  })
  .strict();
export type FiscalTrace = z.infer<typeof FiscalTraceSchema>;

export const FiscalResultSchema = z
  .object({
    pack: z.string(),
    profile: z.string(),
    partnerId: z.string(),
    period: z.string(),
    currency: z.string().length(3),
    items: z.array(FiscalItemSchema),
    invoiceLines: z.array(InvoiceLineSchema),
    totals: InvoiceTotalsSchema,
    document: FiscalDocumentSchema,
    /** Year-to-date state after this statement: the ledger stores it for the next one. */
    ytdAfter: YtdAfterSchema,
    issues: z.array(IssueSchema),
    /**
     * False when the result must not become an invoice: an error issue (a missing table row, invalid settings…)
     * means some item is missing, so its net would look normal but be wrong. Absent = usable.
     */
    invoiceable: z.boolean().optional(),
    trace: FiscalTraceSchema,
  })
  .strict();
export type FiscalResult = z.infer<typeof FiscalResultSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Packs
// ---------------------------------------------------------------------------------------------------------------

/** A fiscal profile a pack offers: its id (prefixed with the pack id), labels and settings with defaults. */
export interface FiscalProfile {
  id: string;
  label: BilingualText;
  /** Which partner kinds it is meant for (documentation and UI filtering). */
  partnerKinds: readonly string[];
  /** Validates and defaults `partner.fiscalSettings`. */
  settings: z.ZodType<Record<string, string | number | boolean | null>>;
  description?: BilingualText;
}

/**
 * A jurisdiction pack. `compute` is pure and deterministic: same input and tables, same result. It never throws
 * for bad data: it returns `issues` (errors block the partner's approval) and as many items as it can.
 */
export interface JurisdictionPack {
  id: string;
  label: BilingualText;
  profiles: readonly FiscalProfile[];
  /** The pack's own data tables, current as of its release; callers may pass updated ones to `compute`. */
  defaultTables: FiscalTables;
  compute(input: FiscalInput, tables?: FiscalTables): FiscalResult;
}
