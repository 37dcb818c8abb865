/**
 * `@provvigo/core/schema`: the zod schemas of the plan model and of run results, with no formula engine.
 * Validate plans in a browser or an adapter without loading HyperFormula.
 */
export {
  NameSchema,
  DecimalStringSchema,
  IsoDateSchema,
  LocalizedTextSchema,
  LocaleSchema,
  ValueTypeSchema,
  PartnerKindSchema,
  RoundingModeSchema,
  ScalarSchema,
} from './common.js';
export type { BothLanguages, LocalizedText, Locale, ValueType, PartnerKind, RoundingMode, Scalar } from './common.js';
export { PartnerSchema, BillingDataSchema, AddressSchema } from './partner.js';
export type { Partner, PartnerInput, BillingData } from './partner.js';
export { FactColumnSchema, FactDateFormatSchema, FactTableSchema, FactSchemaSchema, FileFormatSchema, RequiredIfSchema, ReferenceSchema } from './facts.js';
export type { FactColumn, FactDateFormat, FactTable, FactSchema, FactSchemaInput, FactRecord, FileFormat, RequiredIf, Reference } from './facts.js';
export { isCalendarDate, isIsoDateTime } from './common.js';
export { keptRecord, ownRecord } from './ownRecord.js';
export {
  LIMITS,
  FormulaSchema,
  ParameterSchema,
  LookupTableSchema,
  TierTableSchema,
  TableSchema,
  ComputedSchema,
  LineSheetSchema,
  SummarySheetSchema,
  SheetSchema,
  PayoutSchema,
  ConditionsSchema,
  SelectorSchema,
  PlanSchema,
  StoredPlanSchema,
  MAX_PLAN_ID_LENGTH,
  MAX_PLAN_NAME_LENGTH,
} from './plan.js';
export type {
  Parameter,
  LookupTable,
  TierTable,
  Table,
  Computed,
  LineSheet,
  SummarySheet,
  Sheet,
  Payout,
  Conditions,
  Selector,
  Plan,
  PlanInput,
} from './plan.js';
export { IssueCodeSchema, IssueSchema } from './issue.js';
export type { IssueCode, Issue } from './issue.js';
export {
  TraceInputSchema,
  TraceBandSchema,
  TraceLookupSchema,
  TraceCellSchema,
  TraceRoundingSchema,
  LineTraceSchema,
} from './trace.js';
export type { TraceInput, TraceBand, TraceLookup, TraceCell, TraceRounding, LineTrace } from './trace.js';
export { TraceGroupSchema, TraceGroupsSchema, CellColumnsSchema, InputColumnsSchema, RoundingRuleSchema } from './traceGroup.js';
export { RecordColumnsSchema } from './recordColumns.js';
export { PeriodSchema, StatementLineSchema, StatementSchema, TableCountsSchema, RunResultSchema, VerifySummarySchema } from './result.js';
export type { Period, StatementLine, Statement, TableCounts, RunResult, VerifySummary } from './result.js';
