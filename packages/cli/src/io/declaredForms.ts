/**
 * How a CSV cell is read under its table's declared `format` (`declaredCell`, once per cell): a number with the
 * declared decimal and thousands separators made a plain decimal, a day-first date in the declared `dateFormat` made
 * ISO, and the two forms a row is refused for, in the file's own terms. A cell in no declared form is passed on as
 * written, for the run to judge and name.
 */
import { isCalendarDate, type FileFormat } from '@provvigo/core';

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

/** The plain decimal (`-1234.5`) a numeric cell means under the declared separators, or undefined when it is not one. */
function numberAsDeclared(cell: string, format: Pick<FileFormat, 'decimal' | 'thousands'>): string | undefined {
  const m = numberPattern(format).exec(cell.trim());
  if (!m) return undefined;
  const int = format.thousands === undefined ? m[2]! : m[2]!.split(format.thousands).join('');
  return `${m[1]}${int}${m[3] !== undefined ? `.${m[3]}` : ''}`;
}

/** How the table's format writes a number, in both languages: the decimal comma and what groups thousands. */
function declaredNumberForm(thousands: FileFormat['thousands']): { en: string; it: string } {
  if (thousands === undefined) return { en: 'a decimal comma, no thousands separator, no currency sign', it: 'virgola decimale, nessun separatore delle migliaia, nessun simbolo di valuta' };
  const sep = thousands === ' ' ? 'a space' : `"${thousands}"`;
  const sepIt = thousands === ' ' ? 'uno spazio' : `"${thousands}"`;
  return { en: `a decimal comma, ${sep} between groups of three digits, no currency sign`, it: `virgola decimale, ${sepIt} tra gruppi di tre cifre, nessun simbolo di valuta` };
}

/** Why a number not in a decimal-comma table's declared form is not read, in both languages. */
function misfitInCommaText(column: string, cell: string, format: Pick<FileFormat, 'thousands'>): { en: string; it: string } {
  if (format.thousands === undefined && cell.includes('.')) {
    return {
      en: `column ${column}: "${cell}" has a point, but the table's format declares a decimal comma and no thousands separator (a thousand? declare "thousands": "." in the format); the row is not read`,
      it: `colonna ${column}: "${cell}" ha un punto, ma il formato della tabella dichiara la virgola decimale e nessun separatore delle migliaia (mille? dichiara "thousands": "." nel formato); la riga non è letta`,
    };
  }
  const form = declaredNumberForm(format.thousands);
  return {
    en: `column ${column}: "${cell}" is not a number as the table's format writes them (${form.en}); the row is not read`,
    it: `colonna ${column}: "${cell}" non è un numero scritto come dichiara il formato della tabella (${form.it}); la riga non è letta`,
  };
}

/** A day-first date in the separator of `dateFormat` (`dd/MM/yyyy`, `dd.MM.yyyy`): day, month and year as written. */
const DAY_FIRST: ReadonlyMap<string, RegExp> = new Map([
  ['dd/MM/yyyy', /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/],
  ['dd.MM.yyyy', /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/],
]);

/**
 * The ISO date (`2026-10-01`) a date cell means under the table's `dateFormat`, or the cell unchanged when it is not
 * written that way: an ISO date then reads as itself, anything else is rejected by the run naming the value. A cell
 * in the day-first form that names no day (`31/02/2026`, or `10/31/2026` written month first) is `declaredCell`'s to
 * refuse.
 */
export function dateAsDeclared(cell: string, format: Pick<FileFormat, 'dateFormat'>): string {
  const re = format.dateFormat === undefined ? undefined : DAY_FIRST.get(format.dateFormat);
  const m = re?.exec(cell.trim());
  return m ? `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}` : cell;
}

/** Why a day-first date cell that names no day of the calendar is not read, in both languages. */
function dateMisfitText(column: string, cell: string, format: Pick<FileFormat, 'dateFormat'>): { en: string; it: string } {
  return {
    en: `column ${column}: "${cell}" is not a day of the calendar written ${format.dateFormat}, as the table's format declares; the row is not read`,
    it: `colonna ${column}: "${cell}" non è un giorno del calendario scritto ${format.dateFormat}, come dichiara il formato della tabella; la riga non è letta`,
  };
}

const NUMERIC: ReadonlySet<string> = new Set(['number', 'integer', 'money', 'percent']);

/** Why a cell's row is not read: the text in both languages, and the type's rule for the issue. */
export interface CellMisfit {
  misfit: { en: string; it: string };
  rule: string;
}

/** A cell as the run reads it, or why its row is not read. */
export type DeclaredCell = { value: string } | CellMisfit;

/**
 * A cell of a column of `type` as the run reads it under the table's `format`, each cell read once: a number in the
 * declared separators made a plain decimal, a day-first date made ISO, any other value as written (the run judges
 * and names it). Refused here, in the file's own terms: in a table of decimal commas, a number with digits in a form
 * its separators do not read ("1.000", "2.5" or "1.234,5" without `.` thousands, "1.5" with them, "12,50 €"), which
 * the run would read with a decimal point ("1.000" paid as 1 where a thousand was most likely meant) or advise on in
 * a file of points; and a day-first date naming no day of the calendar, which the run would name as the ISO text it
 * became (`2026-31-10`), a date the file does not hold.
 */
export function declaredCell(column: string, type: string | undefined, cell: string, format: Pick<FileFormat, 'decimal' | 'thousands' | 'dateFormat'>): DeclaredCell {
  if (type !== undefined && NUMERIC.has(type)) {
    const plain = numberAsDeclared(cell, format);
    if (plain !== undefined) return { value: plain };
    if (format.decimal === ',' && /\d/.test(cell)) return { misfit: misfitInCommaText(column, cell, format), rule: `type ${type}` };
    return { value: cell };
  }
  if (type !== 'date') return { value: cell };
  const iso = dateAsDeclared(cell, format);
  if (iso !== cell && !isCalendarDate(iso)) return { misfit: dateMisfitText(column, cell, format), rule: 'type date' };
  return { value: iso };
}

