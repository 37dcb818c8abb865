/**
 * How the workbook names its sheets, cells and ranges. In one place because the sheet writers and the formula
 * translator must agree on every name a live formula refers to.
 */

export const STATEMENT_SHEET = 'Statement';
export const PARAMETERS_SHEET = 'Parameters';

/** Column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sheet name as it is written in a reference (`'Sheet name'!A1`, quotes doubled). */
export const quote = (sheet: string) => `'${sheet.replace(/'/g, "''")}'`;
/** The defined name of a parameter's value cell. */
export const paramName = (name: string) => `p_${name}`;
/** The defined name of a summary cell. */
export const cellName = (name: string) => `c_${name}`;
/** The worksheet of a plan table (Excel allows 31 characters in a sheet name). */
export const tableSheet = (name: string) => `T_${name}`.slice(0, 31);
