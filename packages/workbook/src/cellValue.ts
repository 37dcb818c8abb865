/**
 * Fact and parameter values as spreadsheet values. Typed by the column's declared type, not by the JSON value, so a
 * number stored as a string still recalculates as a number in Excel.
 */
import type ExcelJS from 'exceljs';

/** A fact value as a spreadsheet value, by the column's declared type. */
export function cellValue(raw: unknown, type: string | undefined): ExcelJS.CellValue {
  if (raw === null || raw === undefined || raw === '') return null;
  switch (type) {
    case 'number':
    case 'integer':
    case 'money':
    case 'percent':
      return typeof raw === 'number' ? raw : Number(raw);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : String(raw).toLowerCase() === 'true';
    case 'date':
      return new Date(`${String(raw).slice(0, 10)}T00:00:00Z`);
    default:
      return String(raw);
  }
}
