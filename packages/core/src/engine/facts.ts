import { Decimal } from '../money.js';
import type { ErrorValue, Value } from '../formula/interpret.js';
import { dateToSerial } from '../formula/interpret.js';
import { issue } from '../issues.js';
import type { FactColumn, FactRecord, FactTable } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';

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
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

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
      if (!ISO_DATE.test(s) || Number.isNaN(Date.parse(s))) return { error: 'invalid', message: `expected a date YYYY-MM-DD, found ${JSON.stringify(raw)}` };
      return new Decimal(dateToSerial(s));
    }
    case 'text':
      return typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : { error: 'invalid', message: `expected text, found ${typeof raw}` };
  }
}

/**
 * Validates one record against its table's column schema. Returns the typed record, or the issues naming the record
 * and field, so the record is rejected (never silently dropped).
 */
export function checkRecord(
  tableName: string,
  table: FactTable,
  record: FactRecord,
  index: number,
): { ok: true; record: CheckedRecord } | { ok: false; issues: Issue[]; id: string } {
  const rawId = record[table.key];
  const id = rawId === undefined || rawId === null || rawId === '' ? `#${index + 1}` : String(rawId);
  const issues: Issue[] = [];
  const at = (field: string, code: Issue['code'], message: string) =>
    issues.push(issue(code, message, ['facts', tableName, index, field], { record: { table: tableName, id }, field }));
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { ok: false, id, issues: [issue('invalid_input', 'a record must be an object of column values', ['facts', tableName, index], { record: { table: tableName, id } })] };
  }
  if (rawId === undefined || rawId === null || rawId === '') at(table.key, 'missing_input', `the record has no id ("${table.key}")`);
  for (const [name, spec] of Object.entries(table.columns)) {
    const v = coerce(spec, record[name]);
    if (v === undefined) {
      if (spec.required) at(name, 'missing_input', `required field "${name}" is missing`);
    } else if (typeof v === 'object' && v !== null && 'error' in v) at(name, 'invalid_input', `field "${name}": ${v.message}`);
  }
  // Columns the schema does not declare are ignored: sources often send more than is mapped.
  const partner = record[table.partner];
  if (partner === undefined || partner === null || partner === '') at(table.partner, 'missing_input', `the record has no partner ("${table.partner}")`);
  const rawDate = record[table.date];
  const date = typeof rawDate === 'string' ? rawDate.trim().slice(0, 10) : '';
  if (!ISO_DATE.test(date)) at(table.date, 'invalid_input', `"${table.date}" must be a date YYYY-MM-DD, found ${JSON.stringify(rawDate)}`);
  if (issues.length > 0) return { ok: false, issues, id };
  return { ok: true, record: { id, partnerId: String(partner), date, index, table, source: record } };
}
