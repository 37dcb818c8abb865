/**
 * The fast pass over a fact table's own field checks. Each declared column gets, once per table, a cheap test that is
 * true only when a value *certainly* has no defect: a finite number or a plain decimal string for numeric columns (no
 * decimal object built), a string for text, a real calendar date for dates. A record all of whose columns pass is
 * valid without the per-record path; any other record (a blank required field, a constraint the fast test does not
 * decide, a wrong type) goes through `checkRecord`, which is the only place issues are written. So the verdicts,
 * messages and counts are exactly those of the per-record checks: this pass only decides which records need them.
 */
import { isCalendarDate } from '../schema/common.js';
import type { FactColumn, FactTable } from '../schema/facts.js';
import { datePart, isBlank, patternRegExp } from './checkField.js';
import { misspeltKeys } from './misspeltKeys.js';
import { RecordShapes } from './recordShapes.js';

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
  const columns = Object.entries(table.columns).map(([name, spec]) => ({
    name,
    test: certainTest(spec),
    // A blank value is left to the per-record checks (missing, required-if) unless nothing can be wrong with it.
    blankOk: !(spec.required || spec.requiredIf !== undefined || name === table.key || name === table.partner || name === table.date),
  }));
  if (columns.some((c) => !c.test)) return ok; // a column the fast tests cannot decide: every record goes the long way
  const tests = columns.map((c) => c.test!);
  // Records read from one file come in a few field orders: where each declared field sits is found once per order,
  // and a record's values are then read as one array (reading fields by a name held in a variable is slow).
  // A shape with a misspelt field (misspeltKeys.ts) sends its records the long way, which decides on the field's value.
  const shapes = new RecordShapes((keys) => ({ at: columns.map((c) => keys.indexOf(c.name)), misspelt: misspeltKeys(keys, table).length > 0 }));
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) continue;
    const shape = shapes.of(Object.keys(r));
    if (shape.misspelt) continue;
    const at = shape.at;
    const values = Object.values(r);
    let valid = 1;
    for (let j = 0; valid === 1 && j < tests.length; j++) {
      const k = at[j]!;
      // a field that is own but not enumerable is for the per-record checks to read
      if (k < 0) valid = columns[j]!.blankOk && !Object.hasOwn(r, columns[j]!.name) ? 1 : 0;
      else {
        const raw = values[k];
        valid = (isBlank(raw) ? columns[j]!.blankOk : tests[j]!(raw)) ? 1 : 0;
      }
    }
    ok[i] = valid;
  }
  return ok;
}
