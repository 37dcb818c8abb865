import { LedgerEntrySchema, type BothLanguages, type LedgerEntry } from '@provvigo/core';
import type { Queryable } from './db.js';
import { BATCH, jsonParam } from './sql.js';

/** The ledger aggregate: append-only entries numbered 1, 2, 3… in booking order. */

/** Sequence number of the last ledger entry (0 when empty). */
export async function ledgerHeadTx(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ head: number }>(`SELECT coalesce(max(seq), 0)::int AS head FROM provvigo_ledger`);
  return rows[0]!.head;
}

/** How a refusal names the ledger entries of run `runId` (proposed or booked) the store cannot keep. */
export const ledgerEntryOf = (runId: string): BothLanguages => ({
  en: `a ledger entry of run ${runId}`,
  it: `un movimento del registro contabile dell'esecuzione ${runId}`,
});

/** Appends `entries` after the last one; `what` names them in a refusal (`ledgerEntryOf`). */
export async function appendLedgerTx(tx: Queryable, entries: readonly LedgerEntry[], what: BothLanguages): Promise<void> {
  const parsed = entries.map((e) => LedgerEntrySchema.parse(e));
  let seq = await ledgerHeadTx(tx);
  for (let i = 0; i < parsed.length; i += BATCH) {
    const rows = parsed.slice(i, i + BATCH).map((entry) => ({
      seq: ++seq,
      id: entry.id,
      run_id: entry.runId,
      period_id: entry.period,
      partner_id: entry.partnerId,
      kind: entry.kind,
      amount: entry.amount,
      entry,
    }));
    await tx.query(
      `INSERT INTO provvigo_ledger (seq, id, run_id, period_id, partner_id, kind, amount, entry)
       SELECT seq, id, run_id, period_id, partner_id, kind, amount, entry
       FROM jsonb_to_recordset($1::jsonb)
         AS x(seq integer, id text, run_id text, period_id text, partner_id text, kind text, amount numeric, entry jsonb)`,
      [jsonParam(rows, what)],
    );
  }
}

/** The ledger in append order, optionally for one partner and/or up to a sequence number. */
export async function readLedger(q: Queryable, filter: { partnerId?: string; period?: string; uptoSeq?: number } = {}): Promise<LedgerEntry[]> {
  const conds: string[] = [];
  const params: unknown[] = [];
  if (filter.partnerId !== undefined) conds.push(`partner_id = $${params.push(filter.partnerId)}`);
  if (filter.period !== undefined) conds.push(`period_id = $${params.push(filter.period)}`);
  if (filter.uptoSeq !== undefined) conds.push(`seq <= $${params.push(filter.uptoSeq)}`);
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  const { rows } = await q.query<{ entry: LedgerEntry }>(`SELECT entry FROM provvigo_ledger ${where} ORDER BY seq`, params);
  return rows.map((r) => r.entry);
}

/** Ledger rows whose SQL columns disagree with their entry document (edited behind the store's back). */
export async function ledgerColumnMismatches(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM provvigo_ledger
     WHERE id <> entry->>'id' OR run_id <> entry->>'runId' OR period_id <> entry->>'period'
        OR partner_id <> entry->>'partnerId' OR kind <> entry->>'kind' OR amount <> (entry->>'amount')::numeric
     ORDER BY seq`,
  );
  return rows.map((r) => r.id);
}
