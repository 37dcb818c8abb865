import { AuditEntrySchema, createAuditEntry, normalizeActorId, type AuditEntry, type AuditInput } from '@provvigo/core';
import type { Queryable } from './db.js';
import { jsonParam, storableText } from './sql.js';
import { storableTimes } from './timestamps.js';

/**
 * The audit aggregate: an append-only, hash-chained log (core's `createAuditEntry`). Each entry is appended inside
 * the transaction of the change it records, so the change and its entry commit together or not at all.
 */

/** Appends the entry that follows the current last one. Call inside a write transaction (it holds the write lock). */
export async function appendAuditTx(tx: Queryable, input: AuditInput): Promise<AuditEntry> {
  // every write's entry passes here (comments, reasons, details): its columns by name, the rest as the entry's JSON
  storableText({ 'the audit action': input.action, 'the actor id': input.actor, 'the audit run id': input.runId });
  // the public methods check their times first; this catches an entry written through `writeTx` with an unchecked one
  storableTimes({ 'audit.at': input.at });
  const { rows } = await tx.query<{ entry: AuditEntry | null; os_user: string | null; db_role: string | null }>(
    `SELECT (SELECT entry FROM provvigo_audit ORDER BY seq DESC LIMIT 1) AS entry,
            nullif(current_setting('provvigo.os_user', true), '') AS os_user,
            nullif(current_setting('provvigo.db_role', true), '') AS db_role`,
  );
  const { os_user: osUser, db_role: dbRole } = rows[0]!;
  // who acted as declared (`--as`, or the login), and who the machine says ran the command: both kept, chained
  const session = { ...(osUser ? { osUser } : {}), ...(dbRole ? { dbRole } : {}) };
  const details = Object.keys(session).length ? { ...input.details, session } : input.details;
  const entry = AuditEntrySchema.parse(
    createAuditEntry(rows[0]!.entry, { ...input, actor: normalizeActorId(input.actor), ...(details ? { details } : {}) }),
  );
  await tx.query(
    `INSERT INTO provvigo_audit (seq, hash, prev_hash, action, actor, run_id, entry) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.seq, entry.hash, entry.prevHash, entry.action, entry.actor, entry.runId, jsonParam(entry, { en: `the audit entry ${entry.action}`, it: `la voce ${entry.action} del registro di audit` })],
  );
  return entry;
}

/** The whole log in chain order. */
export async function readAuditLog(q: Queryable): Promise<AuditEntry[]> {
  const { rows } = await q.query<{ entry: AuditEntry }>(`SELECT entry FROM provvigo_audit ORDER BY seq`);
  return rows.map((r) => r.entry);
}

/** Which entries a page of the log shows: older than `before` (a seq), at most `limit`, of one action, actor or run. */
export interface AuditPageFilter {
  /** Only entries before / after this seq: the cursor of the next page, newest first / in chain order. */
  before?: number | undefined;
  after?: number | undefined;
  /** `newest` (default): the audit view's pages; `chain`: oldest first, as the chain runs (exports). */
  order?: 'newest' | 'chain' | undefined;
  limit: number;
  action?: string | undefined;
  actor?: string | undefined;
  runId?: string | undefined;
}

/** The most entries one page reads: an auditor pages back through a log of any length, a page at a time. */
export const MAX_AUDIT_PAGE = 500;

/**
 * One page of the log, newest first, and the seq to pass as `before` for the next (older) page, or null at the start
 * of the log; with `order: 'chain'`, oldest first, and the seq to pass as `after` for the next (newer) page, or null at
 * its end. Filters are SQL conditions on the entry's own columns, so a page costs its rows, not the whole log.
 */
export async function readAuditPage(q: Queryable, filter: AuditPageFilter): Promise<{ entries: AuditEntry[]; next: number | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, value: unknown) => {
    params.push(value);
    where.push(condition.replace('?', `$${params.length}`));
  };
  if (filter.before !== undefined) add('seq < ?', filter.before);
  if (filter.after !== undefined) add('seq > ?', filter.after);
  if (filter.action !== undefined) add('action = ?', filter.action);
  if (filter.actor !== undefined) add('actor = ?', normalizeActorId(filter.actor));
  if (filter.runId !== undefined) add('run_id = ?', filter.runId);
  params.push(filter.limit + 1);
  const sql = `SELECT entry FROM provvigo_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${filter.order === 'chain' ? 'ASC' : 'DESC'} LIMIT $${params.length}`;
  const { rows } = await q.query<{ entry: AuditEntry }>(sql, params);
  const entries = rows.slice(0, filter.limit).map((r) => r.entry);
  return { entries, next: rows.length > filter.limit ? entries.at(-1)!.seq : null };
}

/** The head the database recorded with the last append (a trigger keeps it), or null when the log is empty. */
export async function readAuditHead(q: Queryable): Promise<{ seq: number; hash: string } | null> {
  const { rows } = await q.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM provvigo_audit_head`);
  return rows[0] ?? null;
}

/** Audit rows whose SQL columns disagree with their entry document (the chain hashes the document). */
export async function auditColumnMismatches(q: Queryable): Promise<number[]> {
  const { rows } = await q.query<{ seq: number }>(
    `SELECT seq FROM provvigo_audit
     WHERE seq <> (entry->>'seq')::int OR hash <> entry->>'hash' OR prev_hash <> entry->>'prevHash'
        OR action <> entry->>'action' OR actor <> entry->>'actor' OR run_id IS DISTINCT FROM entry->>'runId'
     ORDER BY seq`,
  );
  return rows.map((r) => r.seq);
}
