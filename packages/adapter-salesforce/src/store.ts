import type { BothLanguages } from '@provvigo/core';
import type { Db, Migration, Queryable } from '@provvigo/store';

/** Tables of the Salesforce adapter, in the shared Provvigo database. */
export const SALESFORCE_MIGRATIONS: Migration[] = [
  {
    id: 'salesforce/001_records',
    sql: `
CREATE TABLE IF NOT EXISTS sf_records (
  object text NOT NULL,
  id text NOT NULL,
  fact_table text NOT NULL,
  system_modstamp text NOT NULL,
  is_deleted boolean NOT NULL DEFAULT false,
  partner text,
  data jsonb NOT NULL,
  synced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object, id)
);
CREATE INDEX IF NOT EXISTS sf_records_table ON sf_records (fact_table) WHERE NOT is_deleted;
CREATE TABLE IF NOT EXISTS sf_quarantine (
  object text NOT NULL,
  id text NOT NULL,
  system_modstamp text NOT NULL,
  field text,
  reason text NOT NULL,
  raw jsonb NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (object, id, system_modstamp)
);
CREATE TABLE IF NOT EXISTS sf_cursors (
  object text PRIMARY KEY,
  system_modstamp text NOT NULL,
  last_id text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    id: 'salesforce/002_bulk_jobs',
    sql: `
CREATE TABLE IF NOT EXISTS sf_bulk_jobs (
  object text PRIMARY KEY,
  job_id text NOT NULL,
  api_version text NOT NULL,
  next_locator text NOT NULL,
  received integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  },
  {
    id: 'salesforce/003_deletions',
    sql: `
CREATE TABLE IF NOT EXISTS sf_deletions (
  object text PRIMARY KEY,
  covered_until text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Bulk results are unordered: the newest record read so far travels with the job, for the cursor at its end
ALTER TABLE sf_bulk_jobs ADD COLUMN IF NOT EXISTS max_modstamp text;
ALTER TABLE sf_bulk_jobs ADD COLUMN IF NOT EXISTS max_id text;`,
  },
  {
    // The quarantine's reason in Italian beside the English `reason`. Nullable: entries quarantined before this
    // migration have none, and read their English reason in both languages.
    id: 'salesforce/004_quarantine_reason_it',
    sql: `ALTER TABLE sf_quarantine ADD COLUMN IF NOT EXISTS reason_it text;`,
  },
];

export interface SavedBulkJob {
  jobId: string;
  apiVersion: string;
  /** '' before the first page. */
  nextLocator: string;
  received: number;
  /** Newest record of the pages read so far (results are unordered). */
  maxSeen?: Cursor | undefined;
}

/** The unfinished Bulk download of an object, if any (written with each committed page). */
export async function readBulkJob(db: Queryable, object: string): Promise<SavedBulkJob | undefined> {
  const { rows } = await db.query<{ job_id: string; api_version: string; next_locator: string; received: number; max_modstamp: string | null; max_id: string | null }>(
    'SELECT job_id, api_version, next_locator, received, max_modstamp, max_id FROM sf_bulk_jobs WHERE object = $1',
    [object],
  );
  const r = rows[0];
  if (!r) return undefined;
  const maxSeen = r.max_modstamp && r.max_id ? { systemModstamp: r.max_modstamp, lastId: r.max_id } : undefined;
  return { jobId: r.job_id, apiVersion: r.api_version, nextLocator: r.next_locator, received: r.received, maxSeen };
}

export async function saveBulkJob(db: Queryable, object: string, job: SavedBulkJob | undefined): Promise<void> {
  if (!job) {
    await db.query('DELETE FROM sf_bulk_jobs WHERE object = $1', [object]);
    return;
  }
  await db.query(
    `INSERT INTO sf_bulk_jobs (object, job_id, api_version, next_locator, received, max_modstamp, max_id) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (object) DO UPDATE SET job_id = excluded.job_id, api_version = excluded.api_version,
       next_locator = excluded.next_locator, received = excluded.received, max_modstamp = excluded.max_modstamp,
       max_id = excluded.max_id, updated_at = now()`,
    [object, job.jobId, job.apiVersion, job.nextLocator, job.received, job.maxSeen?.systemModstamp ?? null, job.maxSeen?.lastId ?? null],
  );
}

export async function migrateSalesforce(db: Db): Promise<void> {
  // Loaded on use: importing the adapter must not load a database driver (the store's index imports pg and PGlite).
  const { migrate } = await import('@provvigo/store');
  await migrate(db, SALESFORCE_MIGRATIONS);
}

/** Until when deletions of an object were read (getDeleted's latestDateCovered, or a full reconciliation). */
export async function readDeletionsCoveredUntil(db: Queryable, object: string): Promise<string | undefined> {
  const { rows } = await db.query<{ covered_until: string }>('SELECT covered_until FROM sf_deletions WHERE object = $1', [object]);
  return rows[0]?.covered_until;
}

export async function writeDeletionsCoveredUntil(db: Queryable, object: string, coveredUntil: string): Promise<void> {
  await db.query(
    `INSERT INTO sf_deletions (object, covered_until) VALUES ($1, $2)
     ON CONFLICT (object) DO UPDATE SET covered_until = excluded.covered_until, updated_at = now()`,
    [object, coveredUntil],
  );
}

/** Marks records deleted (hard deletes seen through getDeleted); returns how many stored records changed. */
export async function markDeleted(db: Queryable, object: string, deletions: { id: string; at: string }[]): Promise<number> {
  return (await markOutOfTable(db, object, deletions)).length;
}

/**
 * Takes out of the fact table the stored live records that no longer match the mapping's filter, as of `at` (their
 * SystemModstamp): stored like a deletion, so a later version that matches again is stored over it. Returns their Ids.
 */
export function markExcluded(db: Queryable, object: string, exits: { id: string; at: string }[]): Promise<string[]> {
  return markOutOfTable(db, object, exits);
}

/**
 * Marks stored live records out of the table as of `at`, unless a newer version is stored; returns their Ids. The
 * stored version itself too (`at` equal to its SystemModstamp): a filter on a parent's field (`Partner__r.Active__c`)
 * drops a record whose own SystemModstamp did not move, because only its parent changed.
 */
async function markOutOfTable(db: Queryable, object: string, records: { id: string; at: string }[]): Promise<string[]> {
  if (records.length === 0) return [];
  const { rows } = await db.query<{ id: string }>(
    `UPDATE sf_records r SET is_deleted = true, system_modstamp = x.at, synced_at = now()
     FROM jsonb_to_recordset($2::jsonb) AS x(id text, at text)
     WHERE r.object = $1 AND r.id = x.id AND NOT r.is_deleted AND r.system_modstamp <= x.at
     RETURNING r.id`,
    [object, JSON.stringify(records)],
  );
  return rows.map((r) => r.id);
}

/** Whether any live record of the object is stored (else no record can have left the filter). */
export async function hasLiveRecords(db: Queryable, object: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM sf_records WHERE object = $1 AND NOT is_deleted LIMIT 1', [object]);
  return rows.length > 0;
}

/** Full reconciliation: every stored live record whose Id Salesforce no longer has is marked deleted. */
export async function markMissingDeleted(db: Queryable, object: string, presentIds: string[], at: string): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `UPDATE sf_records SET is_deleted = true, system_modstamp = $3, synced_at = now()
     WHERE object = $1 AND NOT is_deleted AND NOT (id = ANY($2::text[])) AND system_modstamp < $3
     RETURNING id`,
    [object, presentIds, at],
  );
  return rows.length;
}

export interface Cursor {
  /** UTC ISO SystemModstamp of the last committed record. */
  systemModstamp: string;
  lastId: string;
}

export async function readCursor(db: Queryable, object: string): Promise<Cursor | undefined> {
  const { rows } = await db.query<{ system_modstamp: string; last_id: string }>(
    'SELECT system_modstamp, last_id FROM sf_cursors WHERE object = $1',
    [object],
  );
  const row = rows[0];
  return row ? { systemModstamp: row.system_modstamp, lastId: row.last_id } : undefined;
}

export async function writeCursor(db: Queryable, object: string, cursor: Cursor): Promise<void> {
  // The cursor only moves forward: an overlap re-read never takes it back.
  await db.query(
    `INSERT INTO sf_cursors (object, system_modstamp, last_id) VALUES ($1, $2, $3)
     ON CONFLICT (object) DO UPDATE SET system_modstamp = excluded.system_modstamp, last_id = excluded.last_id, updated_at = now()
     WHERE (sf_cursors.system_modstamp, sf_cursors.last_id) < (excluded.system_modstamp, excluded.last_id)`,
    [object, cursor.systemModstamp, cursor.lastId],
  );
}

export async function resetCursor(db: Queryable, object: string): Promise<void> {
  await db.query('DELETE FROM sf_cursors WHERE object = $1', [object]);
}

export interface StoredRecord {
  object: string;
  id: string;
  table: string;
  systemModstamp: string;
  isDeleted: boolean;
  partner: string | null;
  data: Record<string, unknown>;
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

/**
 * Idempotent on (object, Id, SystemModstamp): a version already stored (or an older one) changes nothing, so
 * overlap re-reads and re-runs store nothing twice.
 */
export async function upsertRecord(db: Queryable, r: StoredRecord): Promise<UpsertOutcome> {
  const { rows } = await db.query<{ inserted: boolean }>(
    `INSERT INTO sf_records (object, id, fact_table, system_modstamp, is_deleted, partner, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (object, id) DO UPDATE SET fact_table = excluded.fact_table, system_modstamp = excluded.system_modstamp,
       is_deleted = excluded.is_deleted, partner = excluded.partner, data = excluded.data, synced_at = now()
     WHERE sf_records.system_modstamp < excluded.system_modstamp
     RETURNING (xmax = 0) AS inserted`,
    [r.object, r.id, r.table, r.systemModstamp, r.isDeleted, r.partner, JSON.stringify(r.data)],
  );
  const row = rows[0];
  if (!row) return 'unchanged';
  // A later valid version supersedes earlier quarantined ones.
  await db.query('DELETE FROM sf_quarantine WHERE object = $1 AND id = $2 AND system_modstamp <= $3', [
    r.object,
    r.id,
    r.systemModstamp,
  ]);
  return row.inserted ? 'inserted' : 'updated';
}

/**
 * The same upsert for a whole page in one statement (a per-row round trip is too slow for 25,000 records).
 * Returns the outcome per record, in input order. Duplicate Ids inside one page keep the newest version.
 * `reinstate`: a live record stored out of the table at the same SystemModstamp comes back ('updated'), for records
 * Salesforce has just returned as matching the filter: the same version left it and matches again because only a
 * parent named in the filter changed (markOutOfTable). A tombstone read again is still a tombstone: nothing comes back.
 * `refresh`: a live record stored at the same SystemModstamp whose data or partner differ is rewritten ('refreshed'),
 * for records read again because a parent changed (parentChanges.ts): a column read through the parent
 * (`Partner__r.Partner_Code__c`) changed although the record's own SystemModstamp did not. Without it only a newer
 * version wins, as for every page of the sync query.
 */
export async function upsertRecords(
  db: Queryable,
  records: StoredRecord[],
  options: { reinstate?: boolean; refresh?: boolean } = {},
): Promise<(UpsertOutcome | 'refreshed')[]> {
  if (records.length === 0) return [];
  const newest = new Map<string, number>();
  records.forEach((r, i) => {
    const key = `${r.object}\u0000${r.id}`;
    const prev = newest.get(key);
    if (prev === undefined || records[prev]!.systemModstamp < r.systemModstamp) newest.set(key, i);
  });
  const rows = [...newest.values()].map((i) => {
    const r = records[i]!;
    return { object: r.object, id: r.id, fact_table: r.table, system_modstamp: r.systemModstamp, is_deleted: r.isDeleted, partner: r.partner, data: r.data };
  });
  const { rows: written } = await db.query<{ object: string; id: string; inserted: boolean; refreshed: boolean }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS x(object text, id text, fact_table text, system_modstamp text, is_deleted boolean, partner text, data jsonb)
     ), prior AS (
       -- the stored rows as they were before this statement (every part of it sees the same snapshot), to tell a
       -- refreshed version apart from a newer or reinstated one; read only when refreshing
       SELECT s.object, s.id, s.system_modstamp, s.is_deleted FROM sf_records s JOIN input i ON s.object = i.object AND s.id = i.id
       WHERE $3::boolean
     ), written AS (
       INSERT INTO sf_records (object, id, fact_table, system_modstamp, is_deleted, partner, data)
       SELECT object, id, fact_table, system_modstamp, is_deleted, partner, data FROM input
       ON CONFLICT (object, id) DO UPDATE SET fact_table = excluded.fact_table, system_modstamp = excluded.system_modstamp,
         is_deleted = excluded.is_deleted, partner = excluded.partner, data = excluded.data, synced_at = now()
       WHERE sf_records.system_modstamp < excluded.system_modstamp
         OR ($2::boolean AND sf_records.system_modstamp = excluded.system_modstamp AND sf_records.is_deleted AND NOT excluded.is_deleted)
         OR ($3::boolean AND sf_records.system_modstamp = excluded.system_modstamp AND NOT sf_records.is_deleted AND NOT excluded.is_deleted
             AND (sf_records.data IS DISTINCT FROM excluded.data OR sf_records.partner IS DISTINCT FROM excluded.partner))
       RETURNING object, id, system_modstamp, (xmax = 0) AS inserted
     ), cleared AS (
       -- a later valid version supersedes earlier quarantined ones
       DELETE FROM sf_quarantine q USING written w
       WHERE q.object = w.object AND q.id = w.id AND q.system_modstamp <= w.system_modstamp
     )
     SELECT w.object, w.id, w.inserted, COALESCE(p.system_modstamp = w.system_modstamp AND NOT p.is_deleted, false) AS refreshed
     FROM written w LEFT JOIN prior p ON p.object = w.object AND p.id = w.id`,
    [JSON.stringify(rows), options.reinstate ?? false, options.refresh ?? false],
  );
  const outcome = new Map<string, UpsertOutcome | 'refreshed'>(
    written.map((w) => [`${w.object}\u0000${w.id}`, w.inserted ? 'inserted' : w.refreshed ? 'refreshed' : 'updated']),
  );
  return records.map((r, i) => {
    const key = `${r.object}\u0000${r.id}`;
    if (newest.get(key) !== i) return 'unchanged';
    return outcome.get(key) ?? 'unchanged';
  });
}

export interface QuarantineEntry {
  object: string;
  id: string;
  systemModstamp: string;
  field: string | null;
  /** Why, in English (the `reason` column). */
  reason: string;
  /**
   * Why, in both languages (`reasons.en === reason`). Optional when quarantining (an entry given only `reason` keeps
   * its English in both); `listQuarantine` always fills it.
   */
  reasons?: BothLanguages | undefined;
  raw: unknown;
}

/** The Italian reason kept for an entry: none when it was given in English only. */
const reasonIt = (q: QuarantineEntry): string | null => (q.reasons && q.reasons.en === q.reason ? q.reasons.it : null);

/** Keeps a bad record with its reason and field; idempotent per version so re-runs do not pile up copies. */
export async function quarantineRecord(db: Queryable, q: QuarantineEntry): Promise<void> {
  await db.query(
    `INSERT INTO sf_quarantine (object, id, system_modstamp, field, reason, reason_it, raw) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
     ON CONFLICT (object, id, system_modstamp) DO UPDATE SET field = excluded.field, reason = excluded.reason, reason_it = excluded.reason_it, raw = excluded.raw`,
    [q.object, q.id, q.systemModstamp, q.field, q.reason, reasonIt(q), JSON.stringify(q.raw)],
  );
}

export async function quarantineRecords(db: Queryable, entries: QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const seen = new Map<string, QuarantineEntry>();
  for (const q of entries) seen.set(`${q.object}\u0000${q.id}\u0000${q.systemModstamp}`, q);
  await db.query(
    `INSERT INTO sf_quarantine (object, id, system_modstamp, field, reason, reason_it, raw)
     SELECT object, id, system_modstamp, field, reason, reason_it, raw
     FROM jsonb_to_recordset($1::jsonb) AS x(object text, id text, system_modstamp text, field text, reason text, reason_it text, raw jsonb)
     ON CONFLICT (object, id, system_modstamp) DO UPDATE SET field = excluded.field, reason = excluded.reason, reason_it = excluded.reason_it, raw = excluded.raw`,
    [
      JSON.stringify(
        [...seen.values()].map((q) => ({ object: q.object, id: q.id, system_modstamp: q.systemModstamp, field: q.field, reason: q.reason, reason_it: reasonIt(q), raw: q.raw })),
      ),
    ],
  );
}

/** The live (not deleted) records of a fact table, as fact records for a run. */
export async function loadFacts(db: Queryable, table: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ data: Record<string, unknown> }>(
    'SELECT data FROM sf_records WHERE fact_table = $1 AND NOT is_deleted ORDER BY object, id',
    [table],
  );
  return rows.map((r) => r.data);
}

/** The quarantined records (of one object, or all), with their reason in English and in both languages. */
export async function listQuarantine(db: Queryable, object?: string): Promise<(QuarantineEntry & { reasons: BothLanguages })[]> {
  const { rows } = await db.query<{
    object: string;
    id: string;
    system_modstamp: string;
    field: string | null;
    reason: string;
    reason_it: string | null;
    raw: unknown;
  }>(
    `SELECT object, id, system_modstamp, field, reason, reason_it, raw FROM sf_quarantine ${object ? 'WHERE object = $1' : ''} ORDER BY object, id, system_modstamp`,
    object ? [object] : [],
  );
  return rows.map((r) => ({
    object: r.object,
    id: r.id,
    systemModstamp: r.system_modstamp,
    field: r.field,
    reason: r.reason,
    reasons: { en: r.reason, it: r.reason_it ?? r.reason },
    raw: r.raw,
  }));
}
