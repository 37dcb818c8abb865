import { z } from 'zod';
import { ownRecord } from './ownRecord.js';
import {
  DecimalStringSchema,
  IsoDateSchema,
  LocalizedTextSchema,
  NameSchema,
  PartnerKindSchema,
  RoundingModeSchema,
  ScalarSchema,
  ValueTypeSchema,
} from './common.js';

/** Hard bounds that keep business-user formulas sandboxed (ARCHITECTURE §3, invariant 8). */
export const LIMITS = {
  maxFormulaLength: 2000,
  maxColumnsPerSheet: 200,
  maxSheets: 50,
  maxTableRows: 10_000,
  maxRowsPerPartner: 200_000,
} as const;

/** A formula as the business user writes it: Excel syntax, starting with "=". */
export const FormulaSchema = z
  .string()
  .max(LIMITS.maxFormulaLength, `a formula may hold at most ${LIMITS.maxFormulaLength} characters`)
  .regex(/^=/, 'a formula starts with "="');

export const ParameterSchema = z
  .object({
    type: ValueTypeSchema.default('number'),
    value: z.union([DecimalStringSchema, z.string(), z.boolean()]),
    label: LocalizedTextSchema.optional(),
    description: z.string().optional(),
    /** When true (the default), `overrides` may set a partner-specific value (targets, quotas). */
    overridable: z.boolean().default(true),
  })
  .strict();
export type Parameter = z.infer<typeof ParameterSchema>;

/** A multi-key lookup table, e.g. rate by product category × territory. */
export const LookupTableSchema = z
  .object({
    kind: z.literal('lookup'),
    label: LocalizedTextSchema.optional(),
    keys: z.array(NameSchema).min(1).max(4),
    columns: ownRecord(NameSchema, z.object({ type: ValueTypeSchema }).strict()),
    rows: z.array(ownRecord(z.string(), ScalarSchema)).max(LIMITS.maxTableRows),
  })
  .strict();
export type LookupTable = z.infer<typeof LookupTableSchema>;

/**
 * A tier table. Band i covers [from_i, from_{i+1}). `retroactive`: the whole quantity is paid at the rate of the band
 * it reaches. `marginal`: each band's slice is paid at that band's rate.
 */
export const TierTableSchema = z
  .object({
    kind: z.literal('tier'),
    label: LocalizedTextSchema.optional(),
    mode: z.enum(['marginal', 'retroactive']),
    bands: z
      .array(z.object({ from: DecimalStringSchema, rate: DecimalStringSchema, label: LocalizedTextSchema.optional() }).strict())
      .min(1)
      .max(100),
  })
  .strict();
export type TierTable = z.infer<typeof TierTableSchema>;

export const TableSchema = z.discriminatedUnion('kind', [LookupTableSchema, TierTableSchema]);
export type Table = z.infer<typeof TableSchema>;

/** A computed column of a line sheet, or a computed cell of a summary sheet. */
export const ComputedSchema = z
  .object({
    formula: FormulaSchema,
    type: ValueTypeSchema.default('number'),
    label: LocalizedTextSchema.optional(),
    description: z.string().optional(),
    /** Marks a cell as a gate (a boolean condition) so the trace reports it passed or failed. */
    role: z.enum(['value', 'gate', 'kpi', 'multiplier', 'cap', 'floor', 'bonus']).default('value'),
  })
  .strict();
export type Computed = z.infer<typeof ComputedSchema>;

/** One row per fact record of the partner in the period. */
export const LineSheetSchema = z
  .object({
    kind: z.literal('lines'),
    label: LocalizedTextSchema.optional(),
    source: NameSchema,
    /** Records for which this formula is FALSE are excluded, by this sheet's filter (counted, never lost). */
    filter: FormulaSchema.optional(),
    columns: ownRecord(NameSchema, ComputedSchema),
  })
  .strict();
export type LineSheet = z.infer<typeof LineSheetSchema>;

/** One row per partner: aggregates over line sheets, KPIs, gates, bonuses, multipliers, caps and floors. */
export const SummarySheetSchema = z
  .object({
    kind: z.literal('summary'),
    label: LocalizedTextSchema.optional(),
    cells: ownRecord(NameSchema, ComputedSchema),
  })
  .strict();
export type SummarySheet = z.infer<typeof SummarySheetSchema>;

export const SheetSchema = z.discriminatedUnion('kind', [LineSheetSchema, SummarySheetSchema]);
export type Sheet = z.infer<typeof SheetSchema>;

/** A payout component: names the column (one statement line per row) or cell (one line per partner) that is paid. */
export const PayoutSchema = z
  .object({
    label: LocalizedTextSchema,
    sheet: NameSchema,
    column: NameSchema.optional(),
    cell: NameSchema.optional(),
    /** Free grouping used by statements, invoices and G/L account determination. */
    // Statements, invoices and the SAP posting total amounts by component in records keyed by it: zod's record would
    // drop a `__proto__` key on the way back in (schema/ownRecord.ts), so such a component is refused here, at the plan.
    component: z
      .string()
      .refine((c) => c !== '__proto__', '`__proto__` cannot be a component name: JavaScript reserves it')
      .optional(),
  })
  .strict()
  .refine((p) => (p.column === undefined) !== (p.cell === undefined), {
    message: 'a payout names exactly one of column (line sheet) or cell (summary sheet)',
  });
export type Payout = z.infer<typeof PayoutSchema>;

/**
 * Payment conditions (ARCHITECTURE §2): when an earned line becomes payable, what share is held in reserve, and
 * when a paid line is clawed back. Interpreted by the period-run and ledger rules.
 */
export const ConditionsSchema = z
  .object({
    release: z
      .object({
        /** Service-state fact table holding the events (e.g. "serviceEvents"). */
        events: NameSchema,
        /** Event type that releases the line (e.g. "activated", "first_invoice_paid"). */
        on: z.string().min(1),
        /** Column of the line's source record that links it to the events' subject (e.g. "contractId"). */
        link: NameSchema,
        /** Months after the sale by which the condition must hold, or the line lapses. */
        deadlineMonths: z.number().int().positive().optional(),
        /** Days after the sale by which the condition must hold (instead of `deadlineMonths`). */
        deadlineDays: z.number().int().positive().optional(),
        /**
         * Convention: whether an event dated on the deadline day itself still releases the line (default true).
         * With `false` the last day that counts is the day before the deadline.
         */
        deadlineInclusive: z.boolean().optional(),
      })
      .strict()
      .refine((r) => r.deadlineMonths === undefined || r.deadlineDays === undefined, {
        message: 'a release deadline is in months or in days, not both',
        path: ['deadlineDays'],
      })
      .optional(),
    reserve: z
      .object({
        share: DecimalStringSchema,
        releaseAfterMonths: z.number().int().positive(),
        /**
         * Convention: `line` (default) withholds the share of each amount as it becomes payable, rounded per line;
         * `periodTotal` withholds the share of the partner's period total under the plan, rounded once.
         */
        basis: z.enum(['line', 'periodTotal']).optional(),
      })
      .strict()
      .optional(),
    clawback: z
      .object({
        events: NameSchema,
        on: z.array(z.string().min(1)).min(1),
        link: NameSchema,
        /** Length of the clawback window in months (or give `withinDays`). */
        withinMonths: z.number().int().positive().optional(),
        /** Length of the clawback window in days (instead of `withinMonths`), e.g. "not cancelled within 30 days". */
        withinDays: z.number().int().positive().optional(),
        mode: z.enum(['full', 'proRata']).default('full'),
        /** Event type whose date starts the clawback window (defaults to the release event). */
        from: z.string().optional(),
        /**
         * Convention for `proRata`: how days are counted. `actual` (default): calendar days (366 in a year with
         * 29 February); `fixed365`: actual days left over a year of 365 days (window months × 365 / 12);
         * `30/360`: every month has 30 days (European 30E/360).
         */
        dayCount: z.enum(['actual', 'fixed365', '30/360']).optional(),
      })
      .strict()
      .refine((c) => (c.withinMonths === undefined) !== (c.withinDays === undefined), {
        message: 'a clawback window needs exactly one of withinMonths or withinDays',
        path: ['withinMonths'],
      })
      .optional(),
  })
  .strict();
export type Conditions = z.infer<typeof ConditionsSchema>;

export const SelectorSchema = z
  .object({
    kinds: z.array(PartnerKindSchema).optional(),
    territories: z.array(z.string()).optional(),
    partners: z.array(z.string()).optional(),
    excludePartners: z.array(z.string()).optional(),
  })
  .strict();
export type Selector = z.infer<typeof SelectorSchema>;

/**
 * The longest plan id. The id names the plan's file in the studio's plans folder and its URLs, which take ids of at
 * most 200 characters (the studio's MAX_ID_LENGTH): a longer one could be saved but never opened again.
 */
export const MAX_PLAN_ID_LENGTH = 200;
/** The longest plan name, in each language: it is a title in plan lists, statements and documents. */
export const MAX_PLAN_NAME_LENGTH = 200;

const PLAN_ID_PATTERN = /^[a-z0-9][a-z0-9-_.]*$/;
const PLAN_ID_PATTERN_MESSAGE = 'lowercase letters, digits, - _ .';

// abort: an empty id breaks the pattern too, and one issue says it
const PlanIdSchema = z
  .string()
  .min(1, { message: 'a plan id must not be empty', abort: true })
  .max(MAX_PLAN_ID_LENGTH, `a plan id may hold at most ${MAX_PLAN_ID_LENGTH} characters`)
  .regex(PLAN_ID_PATTERN, PLAN_ID_PATTERN_MESSAGE);

// \S, not a refine on trim(): the bound shows in the JSON Schema too (\s is the whitespace trim() removes)
const PlanNameTextSchema = z
  .string()
  .max(MAX_PLAN_NAME_LENGTH, `a plan's name may hold at most ${MAX_PLAN_NAME_LENGTH} characters`)
  .regex(/\S/, "a plan's name must not be empty or blank");

/** A plan's name: one text, or one per language with at least one of them, each bounded as a plain name is. */
const PlanNameSchema = z.union([
  PlanNameTextSchema,
  z
    .object({ it: PlanNameTextSchema.optional(), en: PlanNameTextSchema.optional() })
    .strict()
    .refine((n) => n.it !== undefined || n.en !== undefined, "a plan's name needs a text in Italian (it) or English (en)"),
]);

/** A commission plan version: the unit business users author, version and approve. Plain JSON. */
export const PlanSchema = z
  .object({
    $schema: z.string().optional(),
    id: PlanIdSchema,
    version: z.number().int().positive(),
    name: PlanNameSchema,
    description: z.string().optional(),
    effectiveFrom: IsoDateSchema,
    effectiveTo: IsoDateSchema.nullable().optional(),
    selector: SelectorSchema.default({}),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    rounding: z
      .object({ mode: RoundingModeSchema.default('halfUp'), scale: z.number().int().min(0).max(6).default(2) })
      .strict()
      .default({ mode: 'halfUp', scale: 2 }),
    // prefault, not default: zod's input JSON Schema (planJsonSchema) leaves out the default of a schema that
    // transforms, as ownRecord's preprocess step counts, but shows a prefault; `{}` parses to `{}` either way
    parameters: ownRecord(NameSchema, ParameterSchema).prefault({}),
    /** Per-partner parameter values: partner id → parameter name → value. */
    overrides: ownRecord(z.string(), ownRecord(NameSchema, z.union([DecimalStringSchema, z.string(), z.boolean()]))).prefault({}),
    tables: ownRecord(NameSchema, TableSchema).prefault({}),
    sheets: ownRecord(NameSchema, SheetSchema),
    payouts: ownRecord(NameSchema, PayoutSchema),
    conditions: ConditionsSchema.optional(),
    /**
     * What a rejected fact record does to its partner's statement: it is always listed there with the reason; `block`
     * also keeps the statement from approval until the record is fixed; `warn` (the default) lets it be approved.
     */
    rejectedRecords: z.enum(['block', 'warn']).optional(),
  })
  .strict();
export type Plan = z.infer<typeof PlanSchema>;

/**
 * A plan version as it is read back from where it was saved (a store, a run's snapshot), or computed again. Versions
 * saved before ids and names were bounded may break those bounds, and a version can never change: reading one,
 * or recomputing an approved run from it, must not fail on them. Everything else is checked as in `PlanSchema`,
 * which saving uses.
 */
export const StoredPlanSchema = PlanSchema.extend({
  id: z.string().regex(PLAN_ID_PATTERN, PLAN_ID_PATTERN_MESSAGE),
  name: LocalizedTextSchema,
});
export type PlanInput = z.input<typeof PlanSchema>;
