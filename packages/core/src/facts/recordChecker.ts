/**
 * The whole verdict on one fact record, in one place for the run and for `validate`: its own fields, then a
 * repeated key, an unknown partner, further unique keys and references. The first failing step gives the record's
 * issues (one per defective field), so one defect is never reported twice.
 */
import type { CheckedRecord } from '../engine/facts.js';
import type { FactSchema, FactTable } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { datePart } from './checkField.js';
import { checkRecord, fieldIssue } from './checkRecord.js';
import { certainlyValidRecords } from './columnChecks.js';
import { createCrossChecks } from './crossChecks.js';
import { ownValue } from '../ownValue.js';

/**
 * One literal for both paths, so every checked record has the same shape and no intermediate object is made (V8 gave
 * each spread copy a hidden class of its own: a map and descriptor array per record, ~300 bytes each, a third of a
 * large run's live heap; a literal shares one).
 */
function checkedRecord(id: string, partnerId: string, date: string, index: number, table: FactTable, source: Record<string, unknown>): CheckedRecord {
  return { id, partnerId, date, index, table, source };
}

export type RecordVerdict = { ok: true; record: CheckedRecord } | { ok: false; issues: Issue[] };

export function createRecordChecker(
  factSchema: FactSchema,
  facts: Readonly<Record<string, readonly unknown[]>>,
  isPartner: (id: string) => boolean,
  /**
   * The issues of a partner in the partner list that failed its own validation (undefined for any other id): its
   * records say so and where the partner's defect is, not "unknown partner".
   */
  invalidPartner: (id: string) => readonly Issue[] | undefined = () => undefined,
  /**
   * Per table, 1 for each record whose key no other record has (facts/keyOrder.ts), when the caller knows: such a
   * record is not put in the set of keys seen, which cost a run ~110 ms for 200,000 records. Only for a caller that
   * checks each table's own records at their own index, as `checkRunFacts` does: a record from elsewhere would be
   * compared with a set that lacks the unique ones.
   */
  uniqueKeysOf: (tableName: string, table: FactTable) => Uint8Array | undefined = () => undefined,
): (tableName: string, table: FactTable, raw: unknown, index: number, place?: number) => RecordVerdict {
  const cross = createCrossChecks(factSchema, facts, isPartner);
  const seenKeys = new Map<string, Set<string>>();
  const unique = new Map<string, Uint8Array | undefined>();
  // Per table, which records the column pass found certainly valid (computed on the table's first record).
  const certain = new Map<string, Uint8Array>();
  /** The record with its own checks passed, or their issues (the column pass spares most records the long way). */
  const ownChecks = (tableName: string, table: FactTable, raw: unknown, index: number, place: number): CheckedRecord | { ok: false; issues: Issue[] } => {
    const records = ownValue(facts, tableName);
    let flags = certain.get(tableName);
    if (!flags && records) certain.set(tableName, (flags = certainlyValidRecords(table, records)));
    const r = raw as Record<string, unknown>;
    if (!flags || records![index] !== raw || flags[index] === 0) {
      const checked = checkRecord(tableName, table, raw, place);
      return checked.ok ? checkedRecord(checked.record.id, checked.record.partnerId, checked.record.date, index, table, r) : checked;
    }
    // Certainly valid: its key, partner and date are own enumerable fields (the column pass read them by position).
    return checkedRecord(String(r[table.key]), String(r[table.partner]), datePart(r[table.date])!, index, table, r);
  };
  // `index` is the record's place in `facts`; `place`, where issues and a record without a key name it (its place in
  // the whole run's input, when `facts` are a share of it: splitRunInput)
  return (tableName, table, raw, index, place = index) => {
    const rec = ownChecks(tableName, table, raw, index, place);
    if ('ok' in rec) return rec;
    if (!unique.has(tableName)) unique.set(tableName, uniqueKeysOf(tableName, table));
    // A record passing its own checks has its key as own data, so its id is the key the order compared.
    if (unique.get(tableName)?.[index] !== 1) {
      let seen = seenKeys.get(tableName);
      if (!seen) seenKeys.set(tableName, (seen = new Set()));
      // One lookup, not `has` then `add`: a key already there leaves the size as it was.
      const size = seen.size;
      seen.add(rec.id);
      if (seen.size === size) return { ok: false, issues: [fieldIssue(tableName, table, place, rec.id, table.key, { kind: 'duplicateKey', value: rec.id })] };
    }
    if (!isPartner(rec.partnerId)) {
      const rejected = invalidPartner(rec.partnerId);
      const defect = rejected ? { kind: 'invalidPartner' as const, value: rec.partnerId, rejected } : { kind: 'partner' as const, value: rec.partnerId };
      return { ok: false, issues: [fieldIssue(tableName, table, place, rec.id, table.partner, defect)] };
    }
    const found = cross.check(tableName, table, rec.source, place, rec.id);
    return found ? { ok: false, issues: [found] } : { ok: true, record: rec };
  };
}
