/**
 * `@provvigo/core`: commission plans as formula sheets in HyperFormula's formula language, computed in exact decimal
 * money with a trace on every line. Pure: no IO, no clock, no global state. HyperFormula itself (the cross-check,
 * the live preview) is at `@provvigo/core/hyperformula` and never loaded from here.
 */
export * from './schema/index.js';
// z.record that refuses an own `__proto__` key instead of dropping it: for the packages' own input schemas
export { keptRecord, ownRecord } from './schema/ownRecord.js';
export type { RunInput, EvaluateOptions, RunSummary, StatementSink } from './evaluateTypes.js';

// --- engine (lead): parse, evaluate, explain, money, hashing, issues ---
export { parsePlan } from './plan/parsePlan.js';
export { schemaIssueMessage, schemaIssuesJoined, schemaIssueTexts, schemaMessageIt } from './plan/schemaMessages.js';
export { closestName, didYouMean } from './plan/closestName.js';
export { verifySample, VERIFY_SAMPLE_SIZE } from './engine/formulaEngine.js';
export type { FormulaEngine, EngineUnit, EngineValue, EngineValues, VerifyMode } from './engine/formulaEngine.js';
export type { ParsePlanResult, ParsePlanOptions, AnalyzedPlan, CellDef, LineSheetDef, PayoutDef } from './plan/parsePlan.js';
export { evaluate, evaluateStream, inputHash, outputHash, statementDigest, selects } from './evaluate.js';
export { readStatement, statementColumns, statementJson, type StatementColumns } from './engine/statementJson.js';
export { splitRunInput, partitionIds, type RunPartition } from './engine/splitRunInput.js';
// what a run refuses in its period: the CLI names the period file with it before anything runs
export { periodIssues } from './engine/periodIssues.js';
export type { TraceGroup, CellColumns, InputColumns, Column, RoundingRule } from './engine/traceColumns.js';
export type { TraceGroupJson, SameColumn, ColumnAt, ValueColumn } from './engine/sameColumns.js';
export type { RecordColumns, RecordColumn, RecordRun } from './engine/lineColumns.js';
export { mergeRunResults, mergeRunSummaries } from './merge.js';
export { explain, explainTrace, explanationSteps, cellLabel, sourceText, formatNumber, formatShare, tierBandQuantity } from './explain.js';
export type { ExplanationStep } from './explain.js';
export { explanationLabels, missingLabels, labelOf, humanizeName } from './explanationLabels.js';
export type { ExplanationLabels } from './explanationLabels.js';
export { formatMoney, formatMoneyChange, formatMoneyMove } from './moneyFormat.js';
export { formatDate } from './dateFormat.js';
export { calendarDateIn, isTimeZone } from './timeZone.js';
export { parseFormula, FormulaSyntaxError } from './formula/parse.js';
export type { ParseOptions } from './formula/parse.js';
export type { Node as FormulaNode, BinaryOp } from './formula/ast.js';
export { renderFormula } from './formula/render.js';
export type { RenderHooks } from './formula/render.js';
export { FUNCTIONS, FUNCTIONS_BY_ITALIAN_NAME } from './formula/functions.js';
export type { FunctionSpec, ValueKind, ArgKind } from './formula/functions.js';
export { toLocalizedFormula, toCanonicalFormula } from './formula/localize.js';
export { interpret, prepareTables, dateToSerial, serialToDate } from './formula/interpret.js';
export type { Value as FormulaValue, Scope as FormulaScope, PlanTables } from './formula/interpret.js';
export {
  Decimal,
  roundMoney,
  formatAmount,
  exactAmount,
  decimalsOf,
  maxDecimals,
  sumAmounts,
  sumDecimals,
  toDecimal,
  fromDouble,
  currencyScale,
  amountTolerance,
  money,
  specOf,
  addMoney,
  sumMoney,
  allocateMoney,
  statementMoney,
  MoneyError,
  CurrencyCodeSchema,
  MoneySpecSchema,
  MoneySchema,
} from './money.js';
export type { Money, MoneySpec } from './money.js';
export { sha256, Sha256, canonicalJson, hash, createSha256 } from './hash.js';
export type { Hasher } from './hash.js';
export { formatIssues, groupIssuesByPath, toDotPath, PlanError } from './issues.js';
export { bothTexts, errorTexts, issueTexts, refusalText } from './refusalText.js';
export { BilingualError } from './bilingualError.js';
export { requireOptions } from './requireOptions.js';
// connection targets and library messages shown with their credentials masked (secrets are never logged)
export { maskUrl, maskUrlsIn } from './maskUrl.js';
export { type ClientAddressRule, clientAddress, clientAddressRule, type TrustProxy, trustProxyFromEnv } from './clientAddress.js';
// `obj[key]` only when `key` is obj's own property: for reading records and tables by user-given names
export { ownValue } from './ownValue.js';
export { planJsonSchema, factSchemaJsonSchema, partnerJsonSchema, runResultJsonSchema } from './jsonSchema.js';
export { parseFactSchema, parseFactSchemaOrThrow, parsePartners, parsePartnersOrThrow } from './parseInputs.js';
export type { ParsePartnersResult } from './parseInputs.js';
export { validateFacts, validateFactsOrThrow, type FactCounts, type FactValidation, type ValidateFactsInput } from './facts/validateFacts.js';
// for readers of many records (the worker pool's transfer encoding): a value worked out once per shape of record
export { RecordShapes } from './facts/recordShapes.js';
export { misspeltKeys, type MisspeltKey } from './facts/misspeltKeys.js';
export { writeCsv, csvWriter, csvCellText, neutraliseFormula, BOM, DEFAULT_DIALECT, EXCEL_IT_DIALECT } from './csv/writeCsv.js';
export type { CsvDialect, CsvColumn, CsvCellKind, CsvWriteOptions } from './csv/writeCsv.js';
// --- end engine (lead) ---

// --- fiscal (H4a): jurisdiction-pack interface, effective-dated tables, totals, explain, generic EU VAT pack ---
export * from './schema/fiscal.js';
export * from './fiscal/index.js';

// --- runs, ledger, audit (H3a): period runs and approval, ledger rules, adjustments, accruals, what-if, audit chain ---
export {
  RunStateSchema,
  RoleSchema,
  ActorSchema,
  RunActionSchema,
  RunErrorCodeSchema,
  RunErrorSchema,
  BlockReasonSchema,
  PartnerApprovalSchema,
  RunHistoryItemSchema,
  RunRecordSchema,
  AuditEntrySchema,
  AuditInputSchema,
} from './schema/run.js';
export type {
  RunState,
  Role,
  Actor,
  RunAction,
  RunErrorCode,
  RunErrorData,
  BlockReason,
  PartnerApproval,
  RunHistoryItem,
  RunRecord,
  AuditEntry,
  AuditInput,
} from './schema/run.js';
export {
  LedgerEntryKindSchema,
  ServiceEventSchema,
  EventRefSchema,
  LedgerEntrySchema,
  AgreementSchema,
  AdjustmentLineSchema,
  LedgerOptionsSchema,
  PeriodEarnedLineSchema,
  PeriodLedgerLineSchema,
  PeriodClawbackLineSchema,
  PeriodAdvanceSchema,
  PeriodStatementSchema,
  AccrualRowSchema,
  WhatIfLineSchema,
  WhatIfPartnerSchema,
  WhatIfResultSchema,
} from './schema/ledger.js';
export type {
  LedgerEntryKind,
  ServiceEvent,
  EventRef,
  LedgerEntry,
  Agreement,
  AgreementInput,
  AdjustmentLine,
  LedgerOptions,
  LedgerOptionsInput,
  PeriodLedgerLine,
  PeriodAdvance,
  PeriodStatement,
  AccrualRow,
  WhatIfLine,
  WhatIfPartner,
  WhatIfResult,
} from './schema/ledger.js';
export * from './run/index.js';
export * from './ledger/index.js';
export * from './audit/index.js';
export * from './planVersions/index.js';
// --- end runs, ledger, audit (H3a) ---

// --- metrics + planOps (H5): metric library (expand/collapse), pure plan edits, reference checks ---
export { METRIC_TAG_PREFIX, MetricTagSchema, MetricCategorySchema, BilingualTextSchema } from './schema/metrics.js';
export type { MetricTag, MetricCategory, BilingualText } from './schema/metrics.js';
export {
  METRICS,
  getMetric,
  defineMetric,
  applyMetric,
  updateMetric,
  removeMetric,
  listMetricInstances,
  expandMetric,
  expansionNodes,
  parseMetricTag,
  formatMetricTag,
  metricFields,
} from './metrics/index.js';
export type { MetricDefinition, MetricExpansion, MetricRefKind, MetricInstance, MetricField } from './metrics/index.js';
export {
  insertNode,
  removeNode,
  moveNode,
  updateNode,
  renameNode,
  getNode,
  findReferences,
  forEachFormula,
  nodePath,
  checkReferences,
  tokenizeFormula as tokenizeFormulaRefs,
  collectReferences as collectFormulaReferences,
  PLAN_OP_MESSAGES,
} from './planOps/index.js';
export type { PlanNodeRef, PlanNodeValue, PlanOpResult, FormulaToken, FormulaReferences } from './planOps/index.js';
// --- end metrics + planOps (H5) ---
// --- run snapshot: what a calculated run keeps of its inputs, for every partner-facing artefact ---
export {
  RunSnapshotSchema,
  PartnerSnapshotSchema,
  splitFacts,
  pinnedPlans,
  checkSnapshotPlans,
  snapshotPlanProblems,
  partnerCalculationInput,
} from './snapshot/runSnapshot.js';
export type { RunSnapshot, PartnerSnapshot, PinnedPlanRef, PartnerCalculationInput, SnapshotPlanProblem } from './snapshot/runSnapshot.js';
export { takeRunSnapshot } from './snapshot/takeRunSnapshot.js';
export type { RunSnapshotParts } from './snapshot/takeRunSnapshot.js';
