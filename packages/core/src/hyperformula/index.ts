/**
 * `@provvigo/core/hyperformula`: HyperFormula (GPLv3 or commercial, a peer dependency) as the run's cross-checking
 * formula engine, the builder's live-preview session, and the licence check. Core's main entry never loads it.
 */
export { hyperFormulaEngine } from './engine.js';
export type { HyperFormulaEngineOptions } from './engine.js';
export { WorkbookSession, assertLicensed } from './workbook.js';
export type { SessionWorkbook } from './workbook.js';
