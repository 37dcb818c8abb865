export { buildCalculationWorkbook, writeCalculationXlsx, sumDecimal } from './buildWorkbook.js';
export { columnLetter, STATEMENT_SHEET, PARAMETERS_SHEET } from './names.js';
export type { CalculationInput, CalculationWorkbook } from './buildWorkbook.js';
export type { WorkbookCheck } from './statementSheet.js';
