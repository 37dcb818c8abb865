/**
 * Checks that look beyond one record: further unique keys of a table, and references to partners or to another
 * fact table. Built once per run; each lookup is a Map or Set keyed by the value as written.
 */
import type { FactSchema, FactTable, FactRecord } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { isBlank } from './checkField.js';
import { fieldIssue } from './checkRecord.js';
import { ownValue } from '../ownValue.js';

export interface CrossChecks {
  /** The first cross-record defect of a record that passed its own checks, as an issue, or undefined. */
  check(tableName: string, table: FactTable, record: FactRecord, index: number, id: string): Issue | undefined;
}

const text = (v: unknown): string => String(v).trim();

/** A column of a table that must name a record of another fact table: the column, and the table and column named. */
export interface FactReference {
  column: string;
  table: string;
  target: string;
}

/** The column of the table a reference names that holds the values it matches: the named one, else the table's key. */
const targetColumn = (schema: FactSchema, ref: { table: string; column?: string | undefined }): string => ref.column ?? ownValue(schema.tables, ref.table)?.key ?? 'id';

type ColumnReference = NonNullable<FactTable['columns'][string]['references']>;

/** The columns of `table` with a reference (to partners or to another fact table), and what each references. */
function referenceColumns(table: FactTable): Array<[string, ColumnReference]> {
  return Object.entries(table.columns).flatMap(([name, spec]) => (spec.references ? [[name, spec.references] as [string, ColumnReference]] : []));
}

/** The columns of `table` that reference another fact table (references to partners are not among them). */
export function factReferences(schema: FactSchema, table: FactTable): FactReference[] {
  return referenceColumns(table).flatMap(([column, ref]) => (ref === 'partners' ? [] : [{ column, table: ref.table, target: targetColumn(schema, ref) }]));
}

/** The text a reference is matched by (the value as written, trimmed), or undefined for a blank value (nothing named). */
export const referenceText = (raw: unknown): string | undefined => (isBlank(raw) ? undefined : text(raw));

/** What a further unique key of a record is compared by, or undefined when one of its columns is blank (not checked). */
export function uniqueKeyText(record: FactRecord, columns: readonly string[]): string | undefined {
  const values = columns.map((c) => ownValue(record, c));
  return values.some(isBlank) ? undefined : JSON.stringify(values.map(text));
}

export function createCrossChecks(schema: FactSchema, facts: Readonly<Record<string, readonly unknown[]>>, isPartner: (id: string) => boolean): CrossChecks {
  const targets = new Map<string, Set<string>>();
  /** Values of `column` over the records of `table` (built on first use). */
  const targetValues = (table: string, column: string): Set<string> => {
    const key = `${table}.${column}`;
    let set = targets.get(key);
    if (!set) {
      set = new Set();
      const records = ownValue(facts, table) ?? [];
      for (const r of records) {
        if (typeof r !== 'object' || r === null) continue;
        const v = referenceText(ownValue(r as FactRecord, column));
        if (v !== undefined) set.add(v);
      }
      targets.set(key, set);
    }
    return set;
  };
  /** Per table and unique key: the id of the first record holding each combination. */
  const seen = new Map<string, Map<string, string>>();
  // Per table, the columns with a reference, found once (most tables have none or few: no loop over every column).
  const referencing = new Map<FactTable, Array<[string, ColumnReference]>>();
  const referencesOf = (table: FactTable) => {
    let list = referencing.get(table);
    if (!list) referencing.set(table, (list = referenceColumns(table)));
    return list;
  };
  return {
    check(tableName, table, record, index, id) {
      for (const [name, ref] of referencesOf(table)) {
        const raw = ownValue(record, name);
        const value = referenceText(raw);
        if (value === undefined) continue;
        if (ref === 'partners') {
          if (!isPartner(value)) return fieldIssue(tableName, table, index, id, name, { kind: 'partner', value: raw });
          continue;
        }
        const column = targetColumn(schema, ref);
        if (!targetValues(ref.table, column).has(value)) return fieldIssue(tableName, table, index, id, name, { kind: 'reference', value: raw, table: ref.table, column });
      }
      for (const columns of table.unique ?? []) {
        const key = uniqueKeyText(record, columns);
        if (key === undefined) continue;
        const mapKey = `${tableName}\u0000${columns.join('\u0000')}`;
        let firsts = seen.get(mapKey);
        if (!firsts) seen.set(mapKey, (firsts = new Map()));
        const first = firsts.get(key);
        if (first !== undefined) {
          const values = columns.map((c) => ownValue(record, c));
          return fieldIssue(tableName, table, index, id, columns[columns.length - 1], { kind: 'unique', value: values.length === 1 ? values[0] : values.map(text).join(' + '), columns, first });
        }
        firsts.set(key, id);
      }
      return undefined;
    },
  };
}
