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
        const v = ownValue(r as FactRecord, column);
        if (!isBlank(v)) set.add(text(v));
      }
      targets.set(key, set);
    }
    return set;
  };
  /** Per table and unique key: the id of the first record holding each combination. */
  const seen = new Map<string, Map<string, string>>();
  // Per table, the columns with a reference, found once (most tables have none or few: no loop over every column).
  const referencing = new Map<FactTable, Array<[string, NonNullable<FactTable['columns'][string]['references']>]>>();
  const referencesOf = (table: FactTable) => {
    let list = referencing.get(table);
    if (!list) referencing.set(table, (list = Object.entries(table.columns).flatMap(([name, spec]) => (spec.references ? [[name, spec.references] as [string, typeof spec.references & {}]] : []))));
    return list;
  };
  return {
    check(tableName, table, record, index, id) {
      for (const [name, ref] of referencesOf(table)) {
        const raw = ownValue(record, name);
        if (isBlank(raw)) continue;
        if (ref === 'partners') {
          if (!isPartner(text(raw))) return fieldIssue(tableName, table, index, id, name, { kind: 'partner', value: raw });
          continue;
        }
        const target = ownValue(schema.tables, ref.table);
        const column = ref.column ?? target?.key ?? 'id';
        if (!targetValues(ref.table, column).has(text(raw))) return fieldIssue(tableName, table, index, id, name, { kind: 'reference', value: raw, table: ref.table, column });
      }
      for (const columns of table.unique ?? []) {
        const values = columns.map((c) => ownValue(record, c));
        if (values.some(isBlank)) continue;
        const key = JSON.stringify(values.map(text));
        const mapKey = `${tableName}\u0000${columns.join('\u0000')}`;
        let firsts = seen.get(mapKey);
        if (!firsts) seen.set(mapKey, (firsts = new Map()));
        const first = firsts.get(key);
        if (first !== undefined) return fieldIssue(tableName, table, index, id, columns[columns.length - 1], { kind: 'unique', value: values.length === 1 ? values[0] : values.map(text).join(' + '), columns, first });
        firsts.set(key, id);
      }
      return undefined;
    },
  };
}
