export { buildCalculationWorkbook, writeCalculationXlsx, columnLetter, sumDecimal, STATEMENT_SHEET, PARAMETERS_SHEET } from './buildWorkbook.js';
export type { CalculationInput, CalculationWorkbook, WorkbookCheck } from './buildWorkbook.js';
