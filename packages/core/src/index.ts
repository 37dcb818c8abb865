/**
 * `@provvigo/core`: commission plans as formula sheets, evaluated with HyperFormula, finalised in decimal money,
 * with a trace on every line. Pure: no IO, no clock, no global state.
 */
export * from './schema/index.js';
export type { RunInput, EvaluateOptions, RunSummary, StatementSink } from './evaluateTypes.js';

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
} from './metrics/index.js';
export type { MetricDefinition, MetricExpansion, MetricRefKind, MetricInstance } from './metrics/index.js';
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
