import type { AuditEntry, BothLanguages } from '@provvigo/core';
import { verifySapPostings } from '@provvigo/adapter-sap';
import { verifyDeliveries } from '@provvigo/documents';
import { entryNamed, type Store, type StoreProblem } from '@provvigo/store';

/**
 * The tables the adapters keep in the store database, checked by `provvigo audit verify` after `verifyStore`: the
 * invoice deliveries (@provvigo/documents) and the SAP postings (@provvigo/adapter-sap). Each adapter owns its table
 * and exposes its check; the hashes to compare with come from the store's audit chain (`invoice.deliver` entries,
 * the `postings` of a run's `post` move). A table that was never created (the adapter never used) is skipped.
 */
export async function verifyAdapterTables(store: Store, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  if (await tableExists(store, 'invoice_deliveries')) {
    // where each hash was recorded, named as the store's own problems name an entry (`voce n. 12` in Italian)
    const recorded = new Map<string, { hash: string; where: BothLanguages }>();
    for (const e of log) {
      if (e.action === 'invoice.deliver' && typeof e.details['delivery'] === 'string') recorded.set(e.details['delivery'], { hash: String(e.details['hash']), where: entryNamed(e) });
    }
    problems.push(...(await verifyDeliveries(store.db, recorded)));
  }
  if (await tableExists(store, 'sap_postings')) {
    const recorded = new Map<string, { hash: string; where: BothLanguages }>();
    for (const e of log) {
      const postings = e.details['postings'];
      if (!postings || typeof postings !== 'object') continue;
      for (const [key, hash] of Object.entries(postings as Record<string, unknown>)) recorded.set(key, { hash: String(hash), where: entryNamed(e) });
    }
    problems.push(...(await verifySapPostings(store.db, recorded)));
  }
  return problems;
}

async function tableExists(store: Store, table: string): Promise<boolean> {
  const { rows } = await store.db.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [table]);
  return rows[0]?.t != null;
}
