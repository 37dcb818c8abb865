import { migrate, type Db, type Migration, type Queryable } from '@provvigo/store';

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
];

export async function migrateSalesforce(db: Db): Promise<void> {
  await migrate(db, SALESFORCE_MIGRATIONS);
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

export interface QuarantineEntry {
  object: string;
  id: string;
  systemModstamp: string;
  field: string | null;
  reason: string;
  raw: unknown;
}

/** Keeps a bad record with its reason and field; idempotent per version so re-runs do not pile up copies. */
export async function quarantineRecord(db: Queryable, q: QuarantineEntry): Promise<void> {
  await db.query(
    `INSERT INTO sf_quarantine (object, id, system_modstamp, field, reason, raw) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (object, id, system_modstamp) DO UPDATE SET field = excluded.field, reason = excluded.reason, raw = excluded.raw`,
    [q.object, q.id, q.systemModstamp, q.field, q.reason, JSON.stringify(q.raw)],
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

export async function listQuarantine(db: Queryable, object?: string): Promise<QuarantineEntry[]> {
  const { rows } = await db.query<{
    object: string;
    id: string;
    system_modstamp: string;
    field: string | null;
    reason: string;
    raw: unknown;
  }>(
    `SELECT object, id, system_modstamp, field, reason, raw FROM sf_quarantine ${object ? 'WHERE object = $1' : ''} ORDER BY object, id, system_modstamp`,
    object ? [object] : [],
  );
  return rows.map((r) => ({ object: r.object, id: r.id, systemModstamp: r.system_modstamp, field: r.field, reason: r.reason, raw: r.raw }));
}
