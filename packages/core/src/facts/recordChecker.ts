/**
 * The whole verdict on one fact record, in one place for the run and for `validate`: its own fields, then a
 * repeated key, an unknown partner, further unique keys and references. The first failing step gives the record's
 * issues (one per defective field), so one defect is never reported twice.
 */
import type { CheckedRecord } from '../engine/facts.js';
import type { FactSchema, FactTable } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { datePart } from './checkField.js';
import { checkRecord, fieldIssue, type ValidRecord } from './checkRecord.js';
import { certainlyValidRecords } from './columnChecks.js';
import { createCrossChecks } from './crossChecks.js';

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
): (tableName: string, table: FactTable, raw: unknown, index: number) => RecordVerdict {
  const cross = createCrossChecks(factSchema, facts, isPartner);
  const seenKeys = new Map<string, Set<string>>();
  // Per table, which records the column pass found certainly valid (computed on the table's first record).
  const certain = new Map<string, Uint8Array>();
  const ownChecks = (tableName: string, table: FactTable, raw: unknown, index: number): ReturnType<typeof checkRecord> => {
    const records = Object.hasOwn(facts, tableName) ? facts[tableName] : undefined;
    let flags = certain.get(tableName);
    if (!flags && records) certain.set(tableName, (flags = certainlyValidRecords(table, records)));
    if (!flags || records![index] !== raw || flags[index] === 0) return checkRecord(tableName, table, raw, index);
    const r = raw as Record<string, unknown>;
    const valid: ValidRecord = { id: String(r[table.key]), partnerId: String(r[table.partner]), date: datePart(r[table.date])! };
    return { ok: true, record: valid };
  };
  return (tableName, table, raw, index) => {
    const checked = ownChecks(tableName, table, raw, index);
    if (!checked.ok) return checked;
    // Written out, not spread: V8 gave each spread copy a hidden class of its own (a map and descriptor array per
    // record, ~300 bytes each, a third of a large run's live heap); a literal shares one.
    const { id, partnerId, date } = checked.record;
    const rec: CheckedRecord = { id, partnerId, date, index, table, source: raw as Record<string, unknown> };
    let seen = seenKeys.get(tableName);
    if (!seen) seenKeys.set(tableName, (seen = new Set()));
    if (seen.has(rec.id)) return { ok: false, issues: [fieldIssue(tableName, table, index, rec.id, table.key, { kind: 'duplicateKey', value: rec.id })] };
    seen.add(rec.id);
    if (!isPartner(rec.partnerId)) {
      const rejected = invalidPartner(rec.partnerId);
      const defect = rejected ? { kind: 'invalidPartner' as const, value: rec.partnerId, rejected } : { kind: 'partner' as const, value: rec.partnerId };
      return { ok: false, issues: [fieldIssue(tableName, table, index, rec.id, table.partner, defect)] };
    }
    const found = cross.check(tableName, table, rec.source, index, rec.id);
    return found ? { ok: false, issues: [found] } : { ok: true, record: rec };
  };
}
