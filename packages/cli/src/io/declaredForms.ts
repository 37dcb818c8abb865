/**
 * How a CSV cell is read under its table's declared `format`: a number with the declared decimal and thousands
 * separators made a plain decimal, a point the declared separators do not read told apart (its row is rejected), a
 * date in the declared `dateFormat` made ISO. A cell in no declared form is passed on as written, for the run to
 * judge and name.
 */
import type { FileFormat } from '@provvigo/core';

const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each format's number pattern, made once: a file of a million rows reads every numeric cell with it. */
const PATTERNS = new Map<string, RegExp>();

function numberPattern(format: Pick<FileFormat, 'decimal' | 'thousands'>): RegExp {
  const key = `${format.decimal}${format.thousands ?? ''}`;
  let re = PATTERNS.get(key);
  if (!re) {
    const grouped = format.thousands === undefined ? '' : `|\\d{1,3}(?:${escapeRegExp(format.thousands)}\\d{3})+`;
    PATTERNS.set(key, (re = new RegExp(`^(-?)(\\d+${grouped})(?:${escapeRegExp(format.decimal)}(\\d+))?$`)));
  }
  return re;
}

/**
 * The plain decimal (`-1234.5`) a numeric cell means under the declared separators, or the cell unchanged when it is
 * not a number written that way (the run then rejects it, naming the value).
 */
export function numberAsDeclared(cell: string, format: Pick<FileFormat, 'decimal' | 'thousands'>): string {
  const m = numberPattern(format).exec(cell.trim());
  if (!m) return cell;
  const int = format.thousands === undefined ? m[2]! : m[2]!.split(format.thousands).join('');
  return `${m[1]}${int}${m[3] !== undefined ? `.${m[3]}` : ''}`;
}

/**
 * Whether a numeric cell holds a point that the table's declared separators do not read: `decimal: ','` and "1.000"
 * or "2.5" without `.` thousands, or "1.5" with them. The run reads a point as a decimal point, so passed on, such a
 * cell would be paid as 1 or 2.5 where the person most likely meant a thousand or twenty-five: the row is rejected.
 */
export function pointInCommaFile(cell: string, format: Pick<FileFormat, 'decimal' | 'thousands'>): boolean {
  return format.decimal === ',' && /^[-+]?[\d.]*\.[\d.]*$/.test(cell.trim()) && /\d/.test(cell) && numberAsDeclared(cell, format) === cell;
}

/** Why a cell `pointInCommaFile` finds is not read, in both languages. */
export function pointInCommaText(column: string, cell: string, format: Pick<FileFormat, 'thousands'>): { en: string; it: string } {
  const grouped = format.thousands === '.';
  const en = grouped
    ? `column ${column}: "${cell}" is not a number as the table's format writes them (a decimal comma, a point between groups of three digits); the row is not read`
    : `column ${column}: "${cell}" has a point, but the table's format declares a decimal comma and no thousands separator (a thousand? declare "thousands": "." in the format); the row is not read`;
  const it = grouped
    ? `colonna ${column}: "${cell}" non è un numero scritto come dichiara il formato della tabella (virgola decimale, un punto tra gruppi di tre cifre); la riga non è letta`
    : `colonna ${column}: "${cell}" ha un punto, ma il formato della tabella dichiara la virgola decimale e nessun separatore delle migliaia (mille? dichiara "thousands": "." nel formato); la riga non è letta`;
  return { en, it };
}

/** A day-first date in the separator of `dateFormat` (`dd/MM/yyyy`, `dd.MM.yyyy`): day, month and year as written. */
const DAY_FIRST: ReadonlyMap<string, RegExp> = new Map([
  ['dd/MM/yyyy', /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/],
  ['dd.MM.yyyy', /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/],
]);

/**
 * The ISO date (`2026-10-01`) a date cell means under the table's `dateFormat`, or the cell unchanged when it is not
 * written that way: an ISO date then reads as itself, anything else is rejected by the run naming the value. The
 * calendar is the run's to check (`31/02/2026` becomes `2026-02-31`, which it refuses as no date of the calendar).
 */
export function dateAsDeclared(cell: string, format: Pick<FileFormat, 'dateFormat'>): string {
  const re = format.dateFormat === undefined ? undefined : DAY_FIRST.get(format.dateFormat);
  const m = re?.exec(cell.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : cell;
}
