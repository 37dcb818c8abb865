/**
 * The fast, column-by-column pass over a fact table's own field checks. For each declared column it reads that
 * field of every record once (one array per column) and marks the records whose value is *certainly* valid with a
 * cheap test: a finite number or a plain decimal string for numeric columns (no decimal object built), a string for
 * text, a real calendar date for dates. A record every column of which passes is valid without the per-record path;
 * any other record (a blank field, a constraint the fast test does not decide, a wrong type) goes through
 * `checkRecord`, which is the only place issues are written. So the verdicts, messages and counts are exactly those of
 * the per-record checks: this pass only decides which records need them.
 */
import { isCalendarDate } from '../schema/common.js';
import type { FactColumn, FactTable } from '../schema/facts.js';
import { datePart, isBlank, patternRegExp } from './checkField.js';

const DECIMAL = /^-?\d+(\.\d+)?$/;
const WHOLE = /^-?\d+(\.0+)?$/;

/** A test that is true only when a filled-in value certainly has no defect (false: "ask the per-record checks"). */
type CertainlyValid = (raw: unknown) => boolean;

/** True when `value` satisfies the numeric bounds of `spec` that are JavaScript numbers (and there are no others). */
function numericBoundsOf(spec: FactColumn): ((n: number) => boolean) | undefined {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = spec;
  const all = [minimum, maximum, exclusiveMinimum, exclusiveMaximum];
  if (all.every((b) => b === undefined)) return () => true;
  // A bound written as a decimal string is compared exactly by the per-record checks.
  if (all.some((b) => b !== undefined && typeof b !== 'number')) return undefined;
  // Two finite doubles compare as the decimals they print as (the shortest round-trip form is monotonic).
  return (n) =>
    (minimum === undefined || n >= (minimum as number)) &&
    (maximum === undefined || n <= (maximum as number)) &&
    (exclusiveMinimum === undefined || n > (exclusiveMinimum as number)) &&
    (exclusiveMaximum === undefined || n < (exclusiveMaximum as number));
}

/** The fast test of one declared column, or undefined when only the per-record checks can decide its values. */
function certainTest(spec: FactColumn): CertainlyValid | undefined {
  if (spec.enum) return undefined;
  const hasBounds = [spec.minimum, spec.maximum, spec.exclusiveMinimum, spec.exclusiveMaximum].some((b) => b !== undefined);
  const textRules = (text: string): boolean =>
    (spec.pattern === undefined || patternRegExp(spec.pattern).test(text)) && (spec.maxLength === undefined || text.length <= spec.maxLength);
  switch (spec.type) {
    case 'number':
    case 'money':
    case 'percent':
    case 'integer': {
      const bounds = numericBoundsOf(spec);
      if (!bounds) return undefined;
      const integer = spec.type === 'integer';
      const stringRe = integer ? WHOLE : DECIMAL;
      return (raw) => {
        if (typeof raw === 'number') return Number.isFinite(raw) && (!integer || Number.isInteger(raw)) && bounds(raw) && textRules(String(raw));
        // decimal strings are compared with bounds exactly by the per-record checks
        return typeof raw === 'string' && !hasBounds && stringRe.test(raw.trim()) && textRules(raw);
      };
    }
    case 'date':
      if (hasBounds) return undefined;
      return (raw) => {
        const d = datePart(raw);
        return d !== undefined && isCalendarDate(d) && textRules(raw as string);
      };
    case 'boolean':
      return (raw) => typeof raw === 'boolean' && spec.pattern === undefined && spec.maxLength === undefined;
    default:
      if (hasBounds) return undefined;
      return (raw) => (typeof raw === 'string' ? textRules(raw) : (typeof raw === 'number' || typeof raw === 'boolean') && textRules(String(raw)));
  }
}

/**
 * One flag per record of a table: 1 when every declared field of the record is certainly valid (its own checks
 * cannot fail), 0 when the per-record checks must decide (and write the issues).
 */
export function certainlyValidRecords(table: FactTable, records: readonly unknown[]): Uint8Array {
  const ok = new Uint8Array(records.length);
  const objects: Array<Record<string, unknown> | undefined> = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const isRecord = typeof r === 'object' && r !== null && !Array.isArray(r);
    objects[i] = isRecord ? (r as Record<string, unknown>) : undefined;
    ok[i] = isRecord ? 1 : 0;
  }
  for (const [name, spec] of Object.entries(table.columns)) {
    const test = certainTest(spec);
    // A blank value is left to the per-record checks (missing, required-if), as is a column the fast test cannot decide.
    if (!test) {
      ok.fill(0);
      return ok;
    }
    for (let i = 0; i < records.length; i++) {
      if (ok[i] === 0) continue;
      const rec = objects[i]!;
      const raw = Object.hasOwn(rec, name) ? rec[name] : undefined;
      if (isBlank(raw) ? spec.required || spec.requiredIf !== undefined || name === table.key || name === table.partner || name === table.date : !test(raw)) ok[i] = 0;
    }
  }
  return ok;
}
