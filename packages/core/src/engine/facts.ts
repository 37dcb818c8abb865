import { Decimal } from '../money.js';
import type { ErrorValue, Value } from '../formula/interpret.js';
import { dateToSerial } from '../formula/interpret.js';
import { isCalendarDate } from '../schema/common.js';
import type { FactColumn, FactRecord, FactTable } from '../schema/facts.js';

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

/** The typed value of a column of a checked record (null when empty or not a declared column). */
export function factValue(rec: CheckedRecord, name: string): Value {
  const spec = rec.table.columns[name];
  if (!spec) return null;
  const v = coerce(spec, rec.source[name]);
  return v === undefined || (typeof v === 'object' && v !== null && 'error' in v) ? null : v;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

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
      if (typeof raw === 'boolean') return raw;
      const s = String(raw).trim().toLowerCase();
      if (['true', '1', 'yes', 'si', 'sì', 'y'].includes(s)) return true;
      if (['false', '0', 'no', 'n'].includes(s)) return false;
      return { error: 'invalid', message: `expected true or false, found ${JSON.stringify(raw)}` };
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
