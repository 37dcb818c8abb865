import type { Filter, FilterValue, ObjectMapping } from './mapping.js';
import { soqlDateTime } from './datetime.js';
import { ConfigError } from './errors.js';

/** Escapes a string for a single-quoted SOQL literal (backslash, quote, control characters). */
export function soqlString(value: string): string {
  const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return `\\${c}`;
    }
  });
  return `'${escaped}'`;
}

function literal(value: FilterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return soqlString(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if ('date' in value) return value.date;
  return soqlDateTime(value.datetime);
}

const OPS = { eq: '=', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', like: 'LIKE' } as const;

/** Compiles the filter DSL to a SOQL condition; field names are already validated by the schema. */
export function compileFilter(filter: Filter): string {
  if ('all' in filter) return filter.all.map((f) => `(${compileFilter(f)})`).join(' AND ');
  if ('any' in filter) return filter.any.map((f) => `(${compileFilter(f)})`).join(' OR ');
  if ('not' in filter) return `NOT (${compileFilter(filter.not)})`;
  if ('values' in filter) {
    return `${filter.field} ${filter.op === 'in' ? 'IN' : 'NOT IN'} (${filter.values.map(literal).join(', ')})`;
  }
  return `${filter.field} ${operator(filter.op)} ${literal(filter.value)}`;
}

/** The SOQL symbol of a DSL operator; own entries only, as a filter built in code skips the schema's check. */
function operator(op: string): string {
  if (!Object.hasOwn(OPS, op)) {
    throw new ConfigError({ en: `unknown filter operator ${JSON.stringify(op)}`, it: `operatore di filtro sconosciuto ${JSON.stringify(op)}` });
  }
  return OPS[op as keyof typeof OPS];
}

/** Fields read for an object: Id and SystemModstamp first, IsDeleted for delete tracking, then the mapped fields. */
export function selectedFields(mapping: ObjectMapping): string[] {
  const fields = ['Id', 'SystemModstamp'];
  if (mapping.deletes) fields.push('IsDeleted');
  for (const col of Object.values(mapping.columns)) if (!fields.includes(col.field)) fields.push(col.field);
  return fields;
}

export interface QueryWindow {
  /** Inclusive lower bound (UTC ISO): cursor − overlap; absent for a full sync. */
  after?: string | undefined;
  /** Inclusive upper bound (UTC ISO): now − lag. */
  upTo: string;
}

/**
 * The SystemModstamp bounds of a sync window: the object's own, or `through` a relationship its parent's
 * (`Partner__r.SystemModstamp`, a child-to-parent path SOQL allows in WHERE), for the children of changed parents.
 */
function windowBounds(window: QueryWindow, through?: string): string[] {
  const stamp = through === undefined ? 'SystemModstamp' : `${through}.SystemModstamp`;
  const where: string[] = [];
  if (window.after !== undefined) where.push(`${stamp} >= ${soqlDateTime(window.after)}`);
  where.push(`${stamp} <= ${soqlDateTime(window.upTo)}`);
  return where;
}

/** The WHERE clause of a sync window (or of its parents' window, `through`): the bounds and the configured filter (literals escaped). */
export function buildWhere(mapping: ObjectMapping, window: QueryWindow, through?: string): string {
  const where = windowBounds(window, through);
  if (mapping.filter) where.push(`(${compileFilter(mapping.filter)})`);
  return where.join(' AND ');
}

/**
 * The records of the window that do NOT match the filter (Id and SystemModstamp only): a stored record among them
 * was changed so that it left the filter (a contract Terminated), which the sync query cannot see. SOQL compares
 * null two-valued (`Status IN (…)` is false for null), so NOT (filter) is exactly the complement. Undefined
 * without a filter. `through` a relationship, the window bounds the parent's SystemModstamp (parentChanges.ts).
 */
export function buildFilterExitQuery(mapping: ObjectMapping, window: QueryWindow, through?: string): string | undefined {
  if (!mapping.filter) return undefined;
  const where = [...windowBounds(window, through), `NOT (${compileFilter(mapping.filter)})`];
  return `SELECT Id, SystemModstamp FROM ${mapping.object} WHERE ${where.join(' AND ')}`;
}

/**
 * The sync query: mapped fields, the configured filter, the SystemModstamp window. REST pages are ordered by
 * (SystemModstamp, Id) so a page boundary is a valid resume point. Bulk queries are NOT ordered: Salesforce
 * documents that ORDER BY disables PK chunking and advises removing it when a Bulk query times out; the adapter
 * orders and de-duplicates on its side instead (newest version per Id, cursor advanced when the job is read).
 * `through` a relationship, the window bounds the parent's SystemModstamp instead (parentChanges.ts).
 */
export function buildSyncQuery(mapping: ObjectMapping, window: QueryWindow, options: { ordered?: boolean; through?: string | undefined } = {}): string {
  const soql = `SELECT ${selectedFields(mapping).join(', ')} FROM ${mapping.object} WHERE ${buildWhere(mapping, window, options.through)}`;
  return options.ordered === false ? soql : `${soql} ORDER BY SystemModstamp ASC, Id ASC`;
}

/** The same window as a count, used to choose REST or Bulk; built from its parts, never by editing SOQL text. */
export function buildCountQuery(mapping: ObjectMapping, window: QueryWindow): string {
  return `SELECT COUNT() FROM ${mapping.object} WHERE ${buildWhere(mapping, window)}`;
}
