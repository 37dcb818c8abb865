import { Decimal } from '../money.js';
import type { ErrorValue, Value } from '../formula/interpret.js';
import { dateToSerial } from '../formula/interpret.js';
import { isCalendarDate } from '../schema/common.js';
import type { FactColumn, FactRecord, FactTable } from '../schema/facts.js';
import { booleanOf } from '../facts/booleanText.js';
import { ownValue } from '../ownValue.js';

/**
 * A fact record after validation: what identifies it, and the record itself. Typed values are read on demand with
 * `factValue` (the record was checked, so reading cannot fail): a million records then cost no more memory than the
 * input already holds.
 */
export interface CheckedRecord {
  id: string;
  partnerId: string;
  /** ISO date placing the record in a period. */
  date: string;
  /** Position in the input table. */
  index: number;
  table: FactTable;
  source: FactRecord;
}

/**
 * The typed value of a column of a checked record (null when empty or not a declared column). Own fields only: a
 * record without a column named `toString` has no value for it, as the checks found, not Object.prototype's method.
 */
export function factValue(rec: CheckedRecord, name: string): Value {
  const spec = ownValue(rec.table.columns, name);
  return spec ? typed(spec, ownValue(rec.source, name)) : null;
}

/** One column of checked records of one table, typed: the column's declaration is looked up once, not per record. */
export function factValues(records: readonly CheckedRecord[], name: string): Value[] {
  const spec = records[0] ? ownValue(records[0].table.columns, name) : undefined;
  const out: Value[] = new Array(records.length);
  for (let r = 0; r < records.length; r++) {
    const rec = records[r]!;
    // records of one table share its declaration; any other is read the long way
    const s = rec.table === records[0]!.table ? spec : ownValue(rec.table.columns, name);
    out[r] = s ? typed(s, ownValue(rec.source, name)) : null;
  }
  return out;
}

function typed(spec: FactColumn, raw: unknown): Value {
  // A whole number is the commonest fact value: decimal.js builds it without the string round trip (not −0, which
  // String() writes as 0, nor one beyond 2^53, whose digits String() gives differently).
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw !== 0 && NUMERIC.has(spec.type)) return new Decimal(raw);
  const v = coerce(spec, raw);
  return v === undefined || (typeof v === 'object' && v !== null && 'error' in v) ? null : v;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const NUMERIC = new Set<FactColumn['type']>(['number', 'money', 'percent', 'integer']);

function coerce(spec: FactColumn, raw: unknown): Value | ErrorValue | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  switch (spec.type) {
    case 'number':
    case 'money':
    case 'percent':
    case 'integer': {
      let text: string;
      if (typeof raw === 'number') {
        if (!Number.isFinite(raw)) return { error: 'invalid', message: `${raw} is not a finite number` };
        text = String(raw);
      } else if (typeof raw === 'string') text = raw.trim();
      else return { error: 'invalid', message: `expected a number, found ${typeof raw}` };
      if (!DECIMAL.test(text) && !(typeof raw === 'number' && /e/i.test(text)))
        return { error: 'invalid', message: `expected a number, found ${JSON.stringify(raw)}` };
      const d = new Decimal(text);
      if (spec.type === 'integer' && !d.isInteger()) return { error: 'invalid', message: `expected a whole number, found ${text}` };
      return d;
    }
    case 'boolean': {
      const b = booleanOf(raw);
      return b ?? { error: 'invalid', message: `expected true or false, found ${JSON.stringify(raw)}` };
    }
    case 'date': {
      const s = String(raw).trim().slice(0, 10);
      if (!isCalendarDate(s)) return { error: 'invalid', message: `expected a date YYYY-MM-DD, found ${JSON.stringify(raw)}` };
      return new Decimal(dateToSerial(s));
    }
    case 'text':
      return typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : { error: 'invalid', message: `expected text, found ${typeof raw}` };
  }
}
