// Database access shared by every Provvigo package that keeps state.
export { openDatabase, isPostgresUrl, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_DB_FOLDER, PGLITE_LOCK_FILE } from './db.js';
export { unstorableIn } from './sql.js';
export type { Db, Queryable, QueryResult, Engine, OpenDatabaseOptions } from './db.js';
export { migrate, MIGRATIONS_TABLE } from './migrate.js';
export type { Migration, MigrateResult } from './migrate.js';

// Runs, statements, traces, ledger and audit log.
export { Store, StoreError } from './store.js';
export type {
  PeriodRecord,
  RunSummaryData,
  StoredRun,
  StatementHeader,
  TransitionOutcome,
  SaveCalculationInput,
  NewPlanVersion,
  StoreSession,
} from './store.js';
export { STORE_MIGRATIONS } from './migrations.js';
export { MAX_AUDIT_PAGE } from './audit.js';
export type { AuditPageFilter } from './audit.js';
export { verifyStore } from './verify.js';
export { entryNamed } from './problemText.js';
export type { StoreProblem, StoreVerification } from './verify.js';

// The period workflow (open → calculate → validate → approve → close) over a Store, using core's rules.
export {
  openPeriod,
  calculatePeriod,
  validatePeriod,
  approvePeriod,
  rejectPeriod,
  closePeriod,
  currentRun,
  resolvePlans,
  advanceRun,
} from './periodRuns.js';
export type { StepArgs, CalculateOutcome, ValidateOutcome, ApproveOutcome } from './periodRuns.js';
export { checkRunIntegrity } from './runIntegrity.js';
export type { IntegrityProblem } from './runIntegrity.js';

// The run's snapshot (pinned plan versions, partners, records, fiscal results) and the fiscal opening balances.
export {
  getRunSnapshot,
  getPartnerSnapshots,
  getFiscalResults,
  withFiscalBlocks,
  listFiscalOpenings,
  importFiscalOpenings,
} from './snapshots.js';
export type { StoredSnapshot, ImportOpeningsOutcome } from './snapshots.js';
export { SNAPSHOT_MIGRATIONS } from './snapshotMigrations.js';
export { ytdBeforePeriod, ytdForSettlement, listFiscalSettlements, recordFiscalSettlements } from './fiscalSettlements.js';
export { answerInquiry, listInquiries, MAX_INQUIRY_TEXT, openInquiry } from './inquiries.js';
export type { Inquiry, InquiryOutcome } from './inquiries.js';
export { inquiryCorrections } from './inquiryCorrections.js';
export type { InquiryCorrection } from './inquiryCorrections.js';
export { INQUIRY_NOTIFY_ACTION, inquiryNotices, recordInquiryNotice } from './inquiryNotices.js';
export type { InquiryNotice } from './inquiryNotices.js';
export { dueAnswerNotices } from './dueAnswerNotices.js';
export type { DueAnswerNotice } from './dueAnswerNotices.js';
