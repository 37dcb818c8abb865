export { bookPeriod, conditionsByPlan, lineLinksFromFacts, serviceEventsFromFacts, LedgerError } from './bookPeriod.js';
export type { BookPeriodInput, BookPeriodResult, LineLink } from './bookPeriod.js';
export { buildPeriodStatement, periodStatementFromLedger } from './periodStatement.js';
export type { BuildPeriodStatementInput } from './periodStatement.js';
export { adjustmentsFor } from './adjustmentsFor.js';
export type { AdjustmentsOptions } from './adjustmentsFor.js';
export { accruals, accrualsToCsv, accrualsToJson } from './accruals.js';
export type { AccrualOptions } from './accruals.js';
export { whatIf } from './whatIf.js';
export { keyLines, lineKey } from './util.js';
export {
  periodStatementJsonSchema,
  ledgerEntryJsonSchema,
  agreementJsonSchema,
  accrualRowJsonSchema,
  accrualsFileJsonSchema,
  agreementsFileJsonSchema,
  runRecordJsonSchema,
  auditEntryJsonSchema,
} from './jsonSchemas.js';
export { explainLedgerEntry, ledgerEventName } from './explainEntry.js';
export { MOVEMENT_COLUMNS, statementMovements, statementScale } from './reconcile.js';
export type { MovementColumn, MovementKey, StatementMovements } from './reconcile.js';
export { reconciliationFailures, reconciliationProblems } from './reconciliationProblems.js';
export type { ReconciliationCheck, ReconciliationProblem } from './reconciliationProblems.js';
export { addDays, days360, proRataFraction, releaseDeadline, lastReleaseDay, clawbackWindowEnd } from './conventions.js';
export type { DayCount, ProRata, RecoveryStart, ReserveBasis } from './conventions.js';
export { serviceEventCounts, serviceEventTables, eventColumns } from './serviceEvents.js';
export type { EventCounts } from './serviceEvents.js';
