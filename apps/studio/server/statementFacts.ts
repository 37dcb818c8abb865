import { ownValue } from '@provvigo/core';
import type { LedgerEntry, PartnerCalculationInput, PeriodStatement, Statement } from '@provvigo/core';
import type { Store } from '@provvigo/store';

/** What a partner recognises a record by; the same shape as `@provvigo/react`'s RecordFacts. */
export interface RecordFacts {
  customer?: string;
  product?: string;
}

// Columns that name the customer or the product, in order of preference; a fact schema without them shows ids.
const CUSTOMER_COLUMNS = ['customerName', 'customer', 'accountName', 'account'];
const PRODUCT_COLUMNS = ['productName', 'product', 'offerName'];
/** Entry kinds the statement itemises (held amounts, reserve shares) or explains (clawbacks). */
const ITEMISED: ReadonlySet<LedgerEntry['kind']> = new Set(['held', 'reserved', 'clawback']);

function firstText(record: Record<string, unknown>, columns: readonly string[]): string | undefined {
  for (const c of columns) {
    const v = record[c];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/**
 * Customer and product of each record the statement's lines and entries point at, from the facts the run stored
 * (the approved snapshot), keyed `table/id`. Only the partner's own calculation input is read, so another partner's
 * records can never appear.
 */
export function recordFactsOf(calc: PartnerCalculationInput | null, sources: readonly ({ table: string; id: string } | null)[]): Record<string, RecordFacts> {
  const out: Record<string, RecordFacts> = {};
  if (!calc) return out;
  const byTable = new Map<string, Map<string, Record<string, unknown>>>();
  const tableIndex = (table: string) => {
    let m = byTable.get(table);
    if (!m) {
      // Own entries only: table and key column are names the fact schema chose. A record without its key column
      // (e.g. one named `toString`) has no id, rather than Object.prototype's method read as the id.
      const key = ownValue(calc.factSchema.tables, table)?.key;
      m = new Map();
      if (key) {
        for (const r of ownValue(calc.facts, table) ?? []) {
          const id = ownValue(r, key);
          if (id !== undefined && id !== null) m.set(String(id), r);
        }
      }
      byTable.set(table, m);
    }
    return m;
  };
  for (const s of sources) {
    if (!s) continue;
    const record = tableIndex(s.table).get(s.id);
    if (!record) continue;
    const facts: RecordFacts = {};
    const customer = firstText(record, CUSTOMER_COLUMNS);
    const product = firstText(record, PRODUCT_COLUMNS);
    if (customer) facts.customer = customer;
    if (product) facts.product = product;
    if (customer || product) out[`${s.table}/${s.id}`] = facts;
  }
  return out;
}

/**
 * The ledger entries behind a period statement's held amounts, reserve shares and clawbacks, the ones the portal
 * itemises: the store reads the run's own entries and the partner's booked ones, only that partner's, only those the
 * statement names.
 */
export async function statementEntries(store: Store, runId: string, ps: PeriodStatement | undefined): Promise<LedgerEntry[]> {
  if (!ps) return [];
  return (await store.statementEntries(runId, ps)).filter((e) => ITEMISED.has(e.kind));
}

/** The sources a statement refers to (lines and itemised entries), for `recordFactsOf`. */
export function sourcesOf(statement: Statement, entries: readonly LedgerEntry[]): ({ table: string; id: string } | null)[] {
  return [...statement.lines.map((l) => l.source), ...entries.map((e) => e.source)];
}
