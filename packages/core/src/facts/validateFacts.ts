/**
 * Checks fact records and partners without computing anything (`provvigo validate --facts`): the same verdicts as a
 * run, with counts per table: in = valid + rejected.
 */
import { issue, PlanError } from '../issues.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import type { Partner } from '../schema/partner.js';
import { createRecordChecker } from './recordChecker.js';
import { ownValue } from '../ownValue.js';

/** Records in, valid and rejected per fact table: in = valid + rejected. */
export type FactCounts = Record<string, { in: number; valid: number; rejected: number }>;

/**
 * The one result contract: `ok: true` when no record or partner is rejected (its `issues` are warnings at most),
 * `ok: false` with the issues naming table, record and field. `counts` is there in both cases.
 */
export type FactValidation = { ok: true; issues: Issue[]; counts: FactCounts } | { ok: false; issues: Issue[]; counts: FactCounts };

/** What `validateFacts` reads. */
export interface ValidateFactsInput {
  factSchema: FactSchema;
  /** Partners already validated (e.g. by `parsePartners`): records of any other partner are rejected. */
  partners: readonly Partner[];
  /**
   * Partners in the partner list that failed validation, with their issues: their records say the partner was
   * rejected and where (file, record, field), not that it is unknown.
   */
  invalidPartners?: ReadonlyArray<{ id: string; issues: readonly Issue[] }>;
  facts: Readonly<Record<string, readonly unknown[]>>;
  /** Records a reader rejected before (each names its table in `record.table`). */
  rejected?: readonly Issue[];
}

export function validateFacts(input: ValidateFactsInput): FactValidation {
  if (input === undefined || input === null) throw new TypeError('validateFacts: pass { factSchema, partners, facts } (the input object is missing)');
  const ids = new Set(input.partners.map((p) => p.id));
  const invalid = new Map((input.invalidPartners ?? []).map((p) => [p.id, p.issues]));
  const check = createRecordChecker(input.factSchema, input.facts, (id) => ids.has(id), (id) => invalid.get(id));
  const issues: Issue[] = [];
  // By table name in a Map: a table named "__proto__" (a key of the caller's facts file) is a table like any other.
  const byTable = new Map<string, FactCounts[string]>();
  const countOf = (table: string) => {
    let c = byTable.get(table);
    if (!c) byTable.set(table, (c = { in: 0, valid: 0, rejected: 0 }));
    return c;
  };
  for (const [tableName, records] of Object.entries(input.facts)) {
    const table = ownValue(input.factSchema.tables, tableName);
    const c = countOf(tableName);
    if (!table) {
      issues.push(issue('unknown_reference', `facts for unknown table "${tableName}" were ignored`, ['facts', tableName]));
      c.in += records.length;
      c.rejected += records.length;
      continue;
    }
    records.forEach((raw, i) => {
      c.in++;
      const verdict = check(tableName, table, raw, i);
      if (verdict.ok) c.valid++;
      else {
        c.rejected++;
        const partner = typeof raw === 'object' && raw !== null ? ownValue(raw as Record<string, unknown>, table.partner) : undefined;
        issues.push(...verdict.issues.map((x) => (partner === undefined || partner === null ? x : { ...x, partnerId: String(partner) })));
      }
    });
  }
  for (const r of input.rejected ?? []) {
    // one that names no table is reported all the same (it cannot be counted in a table's `in`)
    if (r.record) {
      const c = countOf(r.record.table);
      c.in++;
      c.rejected++;
    }
    issues.push(r);
  }
  const counts: FactCounts = Object.fromEntries(byTable);
  return issues.some((i) => i.severity === 'error') ? { ok: false, issues, counts } : { ok: true, issues, counts };
}

/** `validateFacts` for callers that prefer an exception: the counts when every record is valid, or a `PlanError`. */
export function validateFactsOrThrow(input: ValidateFactsInput): FactCounts {
  const r = validateFacts(input);
  if (!r.ok) throw new PlanError(r.issues);
  return r.counts;
}
