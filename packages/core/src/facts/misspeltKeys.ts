/**
 * A record field that looks like a declared column the record lacks ("annualKWh" where the fact schema declares
 * "annualKwh"). Fields the schema does not declare are not read, so such a field's value would be lost without a word
 * and the record read as if the declared column were blank, which for an optional column changes what is paid. Other
 * undeclared fields (a source's extra fields) are still ignored. One rule for the CLI, which refuses a file whose
 * header or record has one, and for the run, which rejects the record naming the field.
 */
import { closestName } from '../plan/closestName.js';
import type { FactTable } from '../schema/facts.js';
import { isBlank } from './checkField.js';
import { RecordShapes } from './recordShapes.js';

/** An undeclared field and the declared column it most likely meant. */
export interface MisspeltKey {
  key: string;
  meant: string;
}

/**
 * Those of `keys` (a CSV header, or a record's own keys) that the table does not declare and that are within two
 * edits of a declared column missing from `keys`, in the order of `keys`. Two edits at most: this refuses a file or
 * rejects a record, so only a near certainty counts.
 */
export function misspeltKeys(keys: readonly string[], table: FactTable): MisspeltKey[] {
  const found: MisspeltKey[] = [];
  let missing: string[] | undefined;
  for (const key of keys) {
    if (Object.hasOwn(table.columns, key)) continue;
    // worked out only for keys with an undeclared one: most records have none
    if (!missing) {
      const present = new Set(keys);
      missing = Object.keys(table.columns).filter((c) => !present.has(c));
      if (missing.length === 0) return found;
    }
    const meant = closestName(key, missing, 2);
    if (meant !== undefined) found.push({ key, meant });
  }
  return found;
}

/** Per table, the misspelt keys of each shape of record seen (records come in a few shapes: recordShapes.ts). */
const byTable = new WeakMap<FactTable, RecordShapes<MisspeltKey[]>>();

/**
 * The misspelt fields of a record that hold a value: a blank one loses nothing, and a record carried to a worker
 * thread leaves out fields set to `undefined` (so the verdict is the same on every path).
 */
export function misspeltFields(record: Record<string, unknown>, table: FactTable): MisspeltKey[] {
  let shapes = byTable.get(table);
  if (!shapes) byTable.set(table, (shapes = new RecordShapes((keys) => misspeltKeys(keys, table), 16)));
  const found = shapes.of(Object.keys(record));
  return found.length === 0 ? found : found.filter((m) => !isBlank(record[m.key]));
}
