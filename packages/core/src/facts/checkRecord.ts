/**
 * Validates one fact record against its table's declared columns: every defect of every field is one issue naming
 * table, record id, field (in the user's terms), the value and the rule; each field is checked once (the key, partner
 * and date columns are declared columns like the others, and always required).
 */
import { issue } from '../issues.js';
import type { FactColumn, FactRecord, FactTable } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { ownValue } from '../ownValue.js';
import { checkField, datePart, isBlank } from './checkField.js';
import { defectMessage, fieldName, ruleOf, type FieldDefect } from './messages.js';
import { misspeltFields } from './misspeltKeys.js';

/** A record that passed the checks of its own fields (cross-record checks come after). */
export interface ValidRecord {
  id: string;
  partnerId: string;
  /** ISO date placing the record in a period. */
  date: string;
}

/** Builds the issue of a defect of a field of a record. */
export function fieldIssue(
  tableName: string,
  table: FactTable | undefined,
  index: number,
  id: string,
  field: string | undefined,
  defect: FieldDefect,
): Issue {
  const label = field === undefined || !table ? undefined : ownValue(table.columns, field)?.label;
  const named = { it: field === undefined ? '' : fieldName(field, label, 'it'), en: field === undefined ? '' : fieldName(field, label, 'en') };
  const messages = defectMessage(defect, named);
  const value = 'value' in defect ? defect.value : undefined;
  const scalar = value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string | number | boolean | null | undefined) : JSON.stringify(value);
  const code: Issue['code'] =
    defect.kind === 'missing' || defect.kind === 'requiredIf' ? 'missing_input'
      : defect.kind === 'type' || defect.kind === 'calendar' || defect.kind === 'notObject' || defect.kind === 'misspelt' ? 'invalid_input'
        : defect.kind === 'duplicateKey' ? 'duplicate_record'
          : defect.kind === 'partner' ? 'unknown_partner'
            : 'constraint_violation';
  return issue(code, `${tableName} ${id}: ${messages.en}`, ['facts', tableName, index, ...(field === undefined ? [] : [field])], {
    record: { table: tableName, id },
    ...(field === undefined ? {} : { field }),
    ...(scalar === undefined ? {} : { value: scalar }),
    rule: ruleOf(defect),
    messages: { it: `${tableName} ${id}: ${messages.it}`, en: `${tableName} ${id}: ${messages.en}` },
  });
}

/** What counts as a record: an object that is not a list (anything else is rejected as `notObject`). */
export const isObject = (v: unknown): v is FactRecord => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The partner a fact record names in its partner column, as text; undefined when it names none (no such own field, a
 * null, or a value that is no object). One rule for the run's checks, which report a record in the partition of this
 * partner, and for `splitRunInput`, which sends it there: a `partnerId: null` names no partner, not one called "null".
 */
export function recordPartnerId(raw: unknown, partnerColumn: string | undefined): string | undefined {
  if (partnerColumn === undefined || typeof raw !== 'object' || raw === null) return undefined;
  const value = ownValue(raw as Record<string, unknown>, partnerColumn);
  return value === undefined || value === null ? undefined : String(value);
}

/** Whether a `requiredIf` condition holds for a record. */
function conditionHolds(spec: FactColumn, record: FactRecord): boolean {
  const cond = spec.requiredIf;
  if (!cond) return false;
  const other = ownValue(record, cond.column);
  if (isBlank(other)) return false;
  if (!cond.values) return true;
  const text = String(other).trim();
  return cond.values.some((v) => String(v) === text);
}

/** The record's own checks. `ok` records carry their id, partner and date; others carry their issues. */
export function checkRecord(
  tableName: string,
  table: FactTable,
  record: unknown,
  index: number,
): { ok: true; record: ValidRecord } | { ok: false; issues: Issue[]; id: string } {
  const fallbackId = `#${index + 1}`;
  if (!isObject(record)) return { ok: false, id: fallbackId, issues: [fieldIssue(tableName, table, index, fallbackId, undefined, { kind: 'notObject', value: record })] };
  // Own fields only: a record without a column named `toString` has no value for it, not Object.prototype's method.
  const rawId = ownValue(record, table.key);
  const id = isBlank(rawId) ? fallbackId : String(rawId);
  const issues: Issue[] = [];
  for (const [name, spec] of Object.entries(table.columns)) {
    const raw = ownValue(record, name);
    let defect: FieldDefect | undefined;
    if (isBlank(raw)) {
      const role = name === table.key || name === table.partner || name === table.date;
      if (role || spec.required) defect = { kind: 'missing' };
      else if (conditionHolds(spec, record)) defect = { kind: 'requiredIf', other: spec.requiredIf!.column, values: spec.requiredIf!.values };
    } else defect = checkField(spec, raw);
    if (defect) issues.push(fieldIssue(tableName, table, index, id, name, defect));
  }
  // Columns the schema does not declare are ignored (sources often send more than is mapped), unless one looks like a
  // declared column the record lacks: its value would be lost (misspeltKeys.ts).
  for (const { key, meant } of misspeltFields(record, table)) {
    const label = ownValue(table.columns, meant)?.label;
    issues.push(fieldIssue(tableName, table, index, id, key, { kind: 'misspelt', value: record[key], meant, meantLabel: label }));
  }
  if (issues.length > 0) return { ok: false, issues, id };
  return { ok: true, record: { id, partnerId: String(ownValue(record, table.partner)), date: datePart(ownValue(record, table.date))! } };
}
