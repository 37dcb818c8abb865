import type { AuditEntry, BothLanguages } from '@provvigo/core';
import type { Queryable } from './db.js';
import { fiscalSettlementRowHash } from './fiscalSettlements.js';
import { fiscalOpeningRowHash } from './snapshots.js';
import type { StoreProblem } from './verify.js';
import { entryNamed, worded } from './problemText.js';

/**
 * `verifyStore`'s check of the fiscal year-to-date tables: the opening balances (`provvigo_fiscal_openings`) and the
 * settlements (`provvigo_fiscal_settlements`). Each import or settlement's audit entry recorded the hash of every row
 * it wrote; each row is hashed again and compared, and every recorded row must still be there.
 */
export async function verifyFiscal(q: Queryable, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  return [...(await verifyOpenings(q, log)), ...(await verifySettlements(q, log))];
}

interface Recorded {
  hash: string;
  entry: AuditEntry;
}

/** The row hashes the log's entries of `action` recorded under `field`, by row key. */
function recordedRows(log: readonly AuditEntry[], action: string, field: string, key: (row: Record<string, unknown>) => string): Map<string, Recorded> {
  const out = new Map<string, Recorded>();
  for (const entry of log) {
    if (entry.action !== action || !Array.isArray(entry.details[field])) continue;
    for (const row of entry.details[field] as Array<Record<string, unknown>>) out.set(key(row), { hash: String(row['hash']), entry });
  }
  return out;
}

/** Compares each stored row with the one recorded under its key; reports the recorded ones no longer stored. */
function compare(table: string, recorded: Map<string, Recorded>, stored: ReadonlyArray<{ key: string; hash: string; columnsAgree: boolean }>): StoreProblem[] {
  const problems: StoreProblem[] = [];
  const seen = new Set<string>();
  const bad = (key: string, text: BothLanguages): number => problems.push({ table, key, ...worded(text) });
  for (const row of stored) {
    seen.add(row.key);
    const r = recorded.get(row.key);
    if (!r) bad(row.key, { en: 'no audit entry recorded this row', it: 'nessuna voce del registro di audit ha registrato questa riga' });
    else if (r.hash !== row.hash) {
      const by = entryNamed(r.entry);
      bad(row.key, { en: `its content is not the one ${by.en} recorded`, it: `il suo contenuto non è quello registrato dalla ${by.it}` });
    }
    if (!row.columnsAgree) {
      bad(row.key, { en: 'its key columns disagree with its year-to-date state', it: "le sue colonne chiave non corrispondono ai suoi progressivi fiscali dell'anno" });
    }
  }
  for (const [key, r] of recorded) {
    const by = entryNamed(r.entry);
    if (!seen.has(key)) bad(key, { en: `is missing: ${by.en} recorded it`, it: `manca, ma la ${by.it} l'ha registrata` });
  }
  return problems;
}

async function verifyOpenings(q: Queryable, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const recorded = recordedRows(log, 'fiscal.openings.import', 'openings', (r) => `${String(r['partnerId'])}/${String(r['year'])}`);
  const { rows } = await q.query<{ partner_id: string; year: number; state: { partnerId?: unknown; year?: unknown }; source: string; imported_by: string; imported_at: string }>(
    `SELECT partner_id, year, state, source, imported_by, imported_at FROM provvigo_fiscal_openings ORDER BY partner_id, year`,
  );
  const stored = rows.map((r) => ({
    key: `${r.partner_id}/${r.year}`,
    hash: fiscalOpeningRowHash(r),
    columnsAgree: r.state.partnerId === r.partner_id && r.state.year === Number(r.year),
  }));
  return compare('provvigo_fiscal_openings', recorded, stored);
}

async function verifySettlements(q: Queryable, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const recorded = recordedRows(log, 'fiscal.settle', 'settlements', (r) => `${String(r['partnerId'])}/${String(r['settles'])}`);
  const { rows } = await q.query<{ partner_id: string; settles: string; year: number; as_of: string; ytd_after: { partnerId?: unknown; year?: unknown }; items: unknown; settled_by: string; settled_at: string }>(
    `SELECT partner_id, settles, year, as_of, ytd_after, items, settled_by, settled_at FROM provvigo_fiscal_settlements ORDER BY partner_id, settles`,
  );
  const stored = rows.map((r) => ({
    key: `${r.partner_id}/${r.settles}`,
    hash: fiscalSettlementRowHash(r),
    columnsAgree: r.ytd_after.partnerId === r.partner_id && r.ytd_after.year === Number(r.year),
  }));
  return compare('provvigo_fiscal_settlements', recorded, stored);
}
