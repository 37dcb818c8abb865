export { bookPeriod, conditionsByPlan, lineLinksFromFacts, serviceEventsFromFacts, LedgerError } from './bookPeriod.js';
export type { BookPeriodInput, BookPeriodResult, LineLink } from './bookPeriod.js';
export { buildPeriodStatement, periodStatementFromLedger } from './periodStatement.js';
export type { BuildPeriodStatementInput } from './periodStatement.js';
export { adjustmentsFor } from './adjustmentsFor.js';
export type { AdjustmentsOptions } from './adjustmentsFor.js';
export { accruals, accrualsToCsv, accrualsToJson, csvCell } from './accruals.js';
export type { AccrualOptions } from './accruals.js';
export { whatIf } from './whatIf.js';
export { lineKey } from './util.js';
export {
  periodStatementJsonSchema,
  ledgerEntryJsonSchema,
  agreementJsonSchema,
  accrualRowJsonSchema,
  runRecordJsonSchema,
  auditEntryJsonSchema,
} from './jsonSchemas.js';
export { explainLedgerEntry } from './explainEntry.js';
