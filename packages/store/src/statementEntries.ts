import type { LedgerEntry, PeriodStatement } from '@provvigo/core';
import type { Queryable } from './db.js';
import { readLedger } from './ledger.js';
import { readProposed } from './statements.js';

/** The ids of every ledger entry a period statement names: held (this period's and still outstanding), released, lapsed, reserve shares, clawbacks. */
export function namedEntryIds(ps: PeriodStatement): Set<string> {
  const named = [...ps.held, ...(ps.heldOutstanding ?? []), ...ps.released, ...ps.lapsed, ...ps.reserve.withheld, ...ps.reserve.released, ...ps.clawbacks];
  return new Set(named.map((l) => l.entryId));
}

/**
 * The ledger entries behind a period statement: the run's own (proposed until approval, booked with it) and, for
 * amounts held in earlier periods, the partner's booked ledger. Only the partner's entries, and only those the
 * statement names, so a reader sees its own movements, worded from each entry's fields (core's `explainLedgerEntry`)
 * rather than from the English `explanation` stored with it.
 */
export async function readStatementEntries(q: Queryable, runId: string, ps: PeriodStatement): Promise<LedgerEntry[]> {
  const wanted = namedEntryIds(ps);
  if (wanted.size === 0) return [];
  const found = new Map<string, LedgerEntry>();
  const take = (e: LedgerEntry) => {
    if (e.partnerId === ps.partnerId && wanted.has(e.id)) found.set(e.id, e);
  };
  for (const e of await readProposed(q, runId)) take(e);
  if (found.size < wanted.size) for (const e of await readLedger(q, { partnerId: ps.partnerId })) take(e);
  return [...found.values()];
}
