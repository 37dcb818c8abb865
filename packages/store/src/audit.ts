import { AuditEntrySchema, createAuditEntry, type AuditEntry, type AuditInput } from '@provvigo/core';
import type { Queryable } from './db.js';

/**
 * The audit aggregate: an append-only, hash-chained log (core's `createAuditEntry`). Each entry is appended inside
 * the transaction of the change it records, so the change and its entry commit together or not at all.
 */

/** Appends the entry that follows the current last one. Call inside a write transaction (it holds the write lock). */
export async function appendAuditTx(tx: Queryable, input: AuditInput): Promise<AuditEntry> {
  const { rows } = await tx.query<{ entry: AuditEntry }>(`SELECT entry FROM provvigo_audit ORDER BY seq DESC LIMIT 1`);
  const entry = AuditEntrySchema.parse(createAuditEntry(rows[0]?.entry ?? null, input));
  await tx.query(
    `INSERT INTO provvigo_audit (seq, hash, prev_hash, action, actor, run_id, entry) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.seq, entry.hash, entry.prevHash, entry.action, entry.actor, entry.runId, JSON.stringify(entry)],
  );
  return entry;
}

/** The whole log in chain order. */
export async function readAuditLog(q: Queryable): Promise<AuditEntry[]> {
  const { rows } = await q.query<{ entry: AuditEntry }>(`SELECT entry FROM provvigo_audit ORDER BY seq`);
  return rows.map((r) => r.entry);
}
