import { z } from 'zod';
import { ownRecord } from './ownRecord.js';
import { DecimalStringSchema, IsoDateSchema, RoundingModeSchema, type RoundingMode } from './common.js';
import { StatementLineSchema } from './result.js';
import { LineTraceSchema } from './trace.js';

const SourceRefSchema = z.object({ system: z.string(), table: z.string(), id: z.string() });

/**
 * Ledger entry kinds (see packages/core/docs/ledger.md). A unit's entries (earned, held, released, lapsed, reserved,
 * clawback…) carry the unit's sign: positive for ordinary commission, negative for a negative line; `adjustment` and
 * `carry_forward` are signed deltas; `paid` is negative only when the floor at zero is off:
 * - earned: a statement line, in the period of the sale (one per line).
 * - adjustment: a recalculation delta of an approved line, booked in the next open period (signed).
 * - held: an earned/adjustment amount not yet payable (release condition not met).
 * - released: a held amount that became payable, with the releasing service event.
 * - lapsed: a held amount whose condition was not met by the deadline (or whose contract ended first).
 * - reserved: the reserve share withheld from a payable amount; reserve_released: the same, released after N months.
 * - clawback: reversal of a paid amount (full or pro rata), linking the original line and the termination event.
 * - advance_paid: an upfront agreement's advance; advance_recovered: recovered from a statement;
 *   advance_recovery_on_termination: the rest, recovered when the agreement ends early.
 * - carry_forward: +x when a negative statement balance x is carried out of a period (payable floored at zero),
 *   −x when it is brought into the next period.
 * - paid: the statement's payable total for the period (what the partner is owed for it).
 */
export const LedgerEntryKindSchema = z.enum([
  'earned',
  'held',
  'released',
  'lapsed',
  'reserved',
  'reserve_released',
  'clawback',
  'adjustment',
  'advance_paid',
  'advance_recovered',
  'advance_recovery_on_termination',
  'carry_forward',
  'paid',
]);
export type LedgerEntryKind = z.infer<typeof LedgerEntryKindSchema>;

/** A service-state event (fact table row): activation, first invoice paid, termination… */
export const ServiceEventSchema = z.object({
  id: z.string().min(1),
  /** The value the plan's `link` column holds on the sale record, e.g. the contract id. */
  subject: z.string().min(1),
  type: z.string().min(1),
  date: IsoDateSchema,
  partnerId: z.string().nullable().optional(),
  /** Fact table the event came from (the plan's `conditions.*.events`); when given, only that table's events count. */
  table: z.string().optional(),
});
export type ServiceEvent = z.infer<typeof ServiceEventSchema>;

export const EventRefSchema = z.object({ id: z.string(), type: z.string(), date: IsoDateSchema });
export type EventRef = z.infer<typeof EventRefSchema>;

/** One append-only ledger entry. Ids are deterministic, so booking the same period twice yields the same entries. */
export const LedgerEntrySchema = z.object({
  id: z.string().min(1),
  partnerId: z.string(),
  /** Period the entry is booked in. */
  period: z.string(),
  kind: LedgerEntryKindSchema,
  amount: DecimalStringSchema,
  currency: z.string(),
  /** Run that booked the entry. */
  runId: z.string(),
  /** The earning unit (statement line id, or adjustment id) the entry concerns; null for statement-level entries. */
  unitId: z.string().nullable(),
  /** The original statement line (for adjustments and clawbacks too: the line being corrected or reversed). */
  lineId: z.string().nullable(),
  /** Version-independent key of the line (plan, payout, source record): how recalculations match lines. */
  lineKey: z.string().nullable(),
  /** Period in which the unit was earned. */
  originalPeriod: z.string().nullable(),
  /** The entry this one settles: released/lapsed → held, reserve_released → reserved, clawback → earned/adjustment. */
  originalEntryId: z.string().nullable(),
  /** The link value (e.g. contract id) that ties the unit to service events. */
  subject: z.string().nullable(),
  /** The service event behind the entry (release, termination). */
  event: EventRefSchema.nullable(),
  /** For clawbacks: the event whose date started the window (e.g. activation). */
  windowStart: EventRefSchema.nullable(),
  agreementId: z.string().nullable(),
  source: SourceRefSchema.nullable(),
  planId: z.string().nullable(),
  payout: z.string().nullable(),
  component: z.string().nullable(),
  /** held: the lapse deadline; reserved: the release date. */
  dueDate: IsoDateSchema.nullable(),
  /** Where the line's trace lives: the run and line that computed it. */
  traceRef: z.object({ runId: z.string(), lineId: z.string() }).nullable(),
  /** One English sentence saying why the entry exists. */
  explanation: z.string(),
  /** Figures behind the amount (share, pro-rata fraction, window dates, cap…), as strings. */
  details: ownRecord(z.string(), z.string()),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** A multi-year agreement with an advance paid at signing and recovered from later statements. */
export const AgreementSchema = z
  .object({
    id: z.string().min(1),
    partnerId: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/),
    advance: DecimalStringSchema,
    signedOn: IsoDateSchema,
    /** Length of the agreement; at its end any unrecovered balance is recovered like an early termination. */
    termMonths: z.number().int().positive(),
    recovery: z
      .object({
        /** At most this share (0..1) of each statement's payable amount before recovery, e.g. "0.30". */
        maxShare: DecimalStringSchema.optional(),
        /** A fixed instalment recovered from each statement (capped by maxShare when both are given). */
        instalment: DecimalStringSchema.optional(),
      })
      .strict()
      .refine((r) => r.maxShare !== undefined || r.instalment !== undefined, {
        message: 'a recovery schedule needs maxShare, instalment or both',
      }),
    /** Early termination date: the remaining balance is recovered in the period containing it. */
    terminatedOn: IsoDateSchema.nullable().optional(),
    /**
     * Convention: the first statement recovery comes from. `nextMonth` (default): the first period that starts
     * after the signing date; `sameMonth`: the period containing the signing date.
     */
    recoveryStart: z.enum(['sameMonth', 'nextMonth']).optional(),
  })
  .strict();
export type Agreement = z.infer<typeof AgreementSchema>;
export type AgreementInput = z.input<typeof AgreementSchema>;

/**
 * The delta of one line between the latest booked state of an approved period and its recalculation, to be booked
 * in the next open period. Carries both traces.
 */
export const AdjustmentLineSchema = z.object({
  /** Deterministic: adj:<originalPeriod>:<lineKey>:<revision>. */
  id: z.string(),
  partnerId: z.string(),
  /** The approved period being corrected. */
  originalPeriod: z.string(),
  lineKey: z.string(),
  /** Line id in the latest booked state (null when the line is new). */
  previousLineId: z.string().nullable(),
  /** Line id in the recalculation (null when the line disappeared). */
  newLineId: z.string().nullable(),
  planId: z.string(),
  payout: z.string(),
  component: z.string(),
  label: z.string(),
  source: SourceRefSchema.nullable(),
  currency: z.string(),
  previousAmount: DecimalStringSchema,
  newAmount: DecimalStringSchema,
  delta: DecimalStringSchema,
  change: z.enum(['changed', 'added', 'removed']),
  /** 1 for the first correction of this line, 2 for the next… */
  revision: z.number().int().positive(),
  previousTrace: LineTraceSchema.nullable(),
  newTrace: LineTraceSchema.nullable(),
});
export type AdjustmentLine = z.infer<typeof AdjustmentLineSchema>;

export const LedgerOptionsSchema = z
  .object({
    /** When true (default) a negative statement pays zero and carries the balance forward; else payable goes negative. */
    floorAtZero: z.boolean().default(true),
    /**
     * Decimal places and rounding of computed amounts (reserve shares, pro-rata clawbacks, recoveries). Default: the
     * plan's, as the period's statements carry them (`scale`, `rounding`); set them only to book at another scale.
     */
    scale: z.number().int().min(0).max(6).optional(),
    rounding: RoundingModeSchema.optional(),
  })
  .strict();
/** The options as the rules use them: the money settings resolved from the statements when not given. */
export type LedgerOptions = Omit<z.infer<typeof LedgerOptionsSchema>, 'scale' | 'rounding'> & { scale: number; rounding: RoundingMode };
export type LedgerOptionsInput = z.input<typeof LedgerOptionsSchema>;

const MoneyTotalSchema = DecimalStringSchema;

/** A unit (line or adjustment) earned this period and what happened to it now. */
export const PeriodEarnedLineSchema = z.object({
  /** Whether the unit is a line earned this period or an adjustment of an earlier period's line. */
  kind: z.enum(['earned', 'adjustment']).optional(),
  unitId: z.string(),
  lineId: z.string().nullable(),
  component: z.string().nullable(),
  amount: MoneyTotalSchema,
  status: z.enum(['payable', 'held']),
  subject: z.string().nullable(),
});

export const PeriodLedgerLineSchema = z.object({
  entryId: z.string(),
  unitId: z.string().nullable(),
  lineId: z.string().nullable(),
  originalPeriod: z.string().nullable(),
  amount: MoneyTotalSchema,
  subject: z.string().nullable(),
  event: EventRefSchema.nullable(),
  explanation: z.string(),
});
export type PeriodLedgerLine = z.infer<typeof PeriodLedgerLineSchema>;

export const PeriodClawbackLineSchema = PeriodLedgerLineSchema.extend({
  /** Amount that was paid for the original line. */
  paidAmount: MoneyTotalSchema,
  mode: z.enum(['full', 'proRata']),
  /** Share clawed back, exact decimal (1 for full). */
  fraction: z.string(),
  windowStart: EventRefSchema.nullable(),
});

export const PeriodAdvanceSchema = z.object({
  agreementId: z.string(),
  /** Balance still to recover at the start of the period. */
  balanceBefore: MoneyTotalSchema,
  /** Advance paid in this period (at signing). */
  paid: MoneyTotalSchema,
  recovered: MoneyTotalSchema,
  recoveredOnTermination: MoneyTotalSchema,
  /** Balance still to recover after this statement: shown on every statement. */
  balance: MoneyTotalSchema,
});
export type PeriodAdvance = z.infer<typeof PeriodAdvanceSchema>;

/**
 * The partner's statement for a period (estratto conto), as the portal, documents, fiscal pack and SAP read it.
 * Every figure is an exact decimal string and
 *   beforeAdvance = earnedPayable + adjustmentsPayable + released − reserveWithheld + reserveReleased − clawbacks − broughtForward
 *   beforeFloor   = beforeAdvance − advanceRecovered
 *   payable       = beforeFloor + carriedForward
 */
export const PeriodStatementSchema = z.object({
  partnerId: z.string(),
  period: z.string(),
  currency: z.string(),
  runId: z.string(),
  /** The period's payout lines, as evaluated (with traces). */
  lines: z.array(StatementLineSchema),
  /** Each line/adjustment unit of the period: payable now or held. */
  earned: z.array(PeriodEarnedLineSchema),
  adjustments: z.array(AdjustmentLineSchema),
  /** Units held in this period. */
  held: z.array(PeriodLedgerLineSchema),
  /** Every unit still held after this period (this and earlier periods): what the partner is waiting for. */
  heldOutstanding: z.array(PeriodLedgerLineSchema).optional(),
  released: z.array(PeriodLedgerLineSchema),
  lapsed: z.array(PeriodLedgerLineSchema),
  reserve: z.object({
    withheld: z.array(PeriodLedgerLineSchema),
    released: z.array(PeriodLedgerLineSchema),
    /** Reserve still withheld after this period. */
    balance: MoneyTotalSchema,
  }),
  clawbacks: z.array(PeriodClawbackLineSchema),
  advances: z.array(PeriodAdvanceSchema),
  carryForward: z.object({
    floorAtZero: z.boolean(),
    /** Negative balance brought in from the previous period (positive number = owed by the partner). */
    broughtForward: MoneyTotalSchema,
    /** Negative balance carried to the next period (positive number = owed by the partner). */
    carriedForward: MoneyTotalSchema,
  }),
  totals: z.object({
    earned: MoneyTotalSchema,
    adjustments: MoneyTotalSchema,
    earnedPayable: MoneyTotalSchema,
    adjustmentsPayable: MoneyTotalSchema,
    held: MoneyTotalSchema,
    released: MoneyTotalSchema,
    lapsed: MoneyTotalSchema,
    reserveWithheld: MoneyTotalSchema,
    reserveReleased: MoneyTotalSchema,
    clawbacks: MoneyTotalSchema,
    broughtForward: MoneyTotalSchema,
    beforeAdvance: MoneyTotalSchema,
    advanceRecovered: MoneyTotalSchema,
    advanceBalance: MoneyTotalSchema,
    beforeFloor: MoneyTotalSchema,
    carriedForward: MoneyTotalSchema,
    /** Held amounts still outstanding after this period (all periods). */
    heldBalance: MoneyTotalSchema,
    /**
     * Opening balances, from the entries of earlier periods only, so each roll-forward is a real check:
     * heldBalanceBefore + held − released − lapsed = heldBalance; reserveBalanceBefore + reserveWithheld −
     * reserveReleased = reserve.balance; advanceBalanceBefore + advances paid − advanceRecovered = advanceBalance;
     * carriedBalanceBefore − broughtForward + carriedForward = the balance carried after the period.
     * Optional only so statements stored by earlier versions still parse.
     */
    heldBalanceBefore: MoneyTotalSchema.optional(),
    reserveBalanceBefore: MoneyTotalSchema.optional(),
    advanceBalanceBefore: MoneyTotalSchema.optional(),
    carriedBalanceBefore: MoneyTotalSchema.optional(),
  }),
  /**
   * Commission of the period per payout component, net of holds, reserve and clawbacks (earned payable + adjustments
   * payable + released − reserve withheld + reserve released − clawbacks): the taxable base by component for the
   * fiscal pack. Carry-forward and advance recovery are settlement items, not commission, and are not included.
   * Always set by `bookPeriod` (optional only so hand-built statements of earlier code still type-check).
   */
  byComponent: ownRecord(z.string(), MoneyTotalSchema).optional(),
  /** What the partner is owed for this statement (the `paid` ledger entry). */
  payable: MoneyTotalSchema,
});
export type PeriodStatement = z.infer<typeof PeriodStatementSchema>;

/** Accruals for finance, per period and partner. */
export const AccrualRowSchema = z.object({
  period: z.string(),
  partnerId: z.string(),
  currency: z.string(),
  earned: DecimalStringSchema,
  adjustments: DecimalStringSchema,
  held: DecimalStringSchema,
  released: DecimalStringSchema,
  lapsed: DecimalStringSchema,
  reserved: DecimalStringSchema,
  reserveReleased: DecimalStringSchema,
  clawedBack: DecimalStringSchema,
  advancePaid: DecimalStringSchema,
  advanceRecovered: DecimalStringSchema,
  /** The statement's payable total. */
  payable: DecimalStringSchema,
  /** The part of `payable` whose run is posted (paid out); the rest is an accrual. */
  paid: DecimalStringSchema,
  /** Balances after the period. */
  heldBalance: DecimalStringSchema,
  reserveBalance: DecimalStringSchema,
  advanceBalance: DecimalStringSchema,
  carryForwardBalance: DecimalStringSchema,
});
export type AccrualRow = z.infer<typeof AccrualRowSchema>;

export const WhatIfLineSchema = z.object({
  lineKey: z.string(),
  lineIdA: z.string().nullable(),
  lineIdB: z.string().nullable(),
  component: z.string(),
  label: z.string(),
  source: SourceRefSchema.nullable(),
  amountA: DecimalStringSchema,
  amountB: DecimalStringSchema,
  delta: DecimalStringSchema,
  change: z.enum(['same', 'changed', 'added', 'removed']),
});
export type WhatIfLine = z.infer<typeof WhatIfLineSchema>;

export const WhatIfPartnerSchema = z.object({
  partnerId: z.string(),
  currency: z.string(),
  totalA: DecimalStringSchema,
  totalB: DecimalStringSchema,
  delta: DecimalStringSchema,
  /** Per component: A, B and delta. */
  byComponent: ownRecord(z.string(), z.object({ a: DecimalStringSchema, b: DecimalStringSchema, delta: DecimalStringSchema })),
  /** Lines that differ (set `includeUnchanged` to get all). */
  lines: z.array(WhatIfLineSchema),
});
export type WhatIfPartner = z.infer<typeof WhatIfPartnerSchema>;

export const WhatIfResultSchema = z.object({
  partners: z.array(WhatIfPartnerSchema),
  /** Per currency. */
  totals: ownRecord(z.string(), z.object({ a: DecimalStringSchema, b: DecimalStringSchema, delta: DecimalStringSchema })),
  changedPartners: z.number(),
  changedLines: z.number(),
});
export type WhatIfResult = z.infer<typeof WhatIfResultSchema>;
