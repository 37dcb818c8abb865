export { resolveRow, mergeTables, FiscalTableError } from './tables.js';
export type { ResolvedRow } from './tables.js';
export { periodYear, periodQuarter, endsQuarter, endsYear, ytdForPeriod } from './ytd.js';
export { buildTotals, groupVat, vatGroupKey } from './totals.js';
export type { VatGroup, BuildTotalsOptions } from './totals.js';
export { explainFiscalItem, explainFiscalResult, formatFiscalMoney, formatFiscalPercent } from './explain.js';
export { computeFiscal, findProfile, packIdOf, fiscalIssue, emptyFiscalResult } from './registry.js';
export { euVatPack, EU_VAT_TABLES } from './euVat.js';
export { fiscalLinesFromPeriodStatement, fiscalLinesFromByComponent } from './fromStatement.js';
