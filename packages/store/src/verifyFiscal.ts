import type { AuditEntry } from '@provvigo/core';
import type { Queryable } from './db.js';
import { fiscalSettlementRowHash } from './fiscalSettlements.js';
import { fiscalOpeningRowHash } from './snapshots.js';
import type { StoreProblem } from './verify.js';
import { compareRecorded, recordedRows } from './recordedRows.js';

/**
 * `verifyStore`'s check of the fiscal year-to-date tables: the opening balances (`provvigo_fiscal_openings`) and the
 * settlements (`provvigo_fiscal_settlements`). Each import or settlement's audit entry recorded the hash of every row
 * it wrote; each row is hashed again and compared, and every recorded row must still be there.
 */
export async function verifyFiscal(q: Queryable, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  return [...(await verifyOpenings(q, log)), ...(await verifySettlements(q, log))];
}

const YTD_COLUMNS = { en: 'its key columns disagree with its year-to-date state', it: "le sue colonne chiave non corrispondono ai suoi progressivi fiscali dell'anno" };

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
  return compareRecorded('provvigo_fiscal_openings', recorded, stored, YTD_COLUMNS);
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
  return compareRecorded('provvigo_fiscal_settlements', recorded, stored, YTD_COLUMNS);
}
