import { createHash } from 'node:crypto';
import type { BothLanguages } from '@provvigo/core';
import type { Db, Migration, Queryable } from '@provvigo/store';
import { readSourcePath, type BillingMapping } from './mapping.js';
export type { ProcessCounts } from './inbox-processor.js';

export const BILLING_MIGRATIONS: Migration[] = [
  {
    id: 'billing/001_inbox',
    sql: `
CREATE TABLE IF NOT EXISTS billing_inbox (
  source text NOT NULL,
  event_id text NOT NULL,
  channel text NOT NULL,
  raw text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending',
  processed_at timestamptz,
  -- the file import (sha256) or 'webhook' that brought the event, for per-import reconciliation
  batch text NOT NULL DEFAULT 'webhook',
  PRIMARY KEY (source, event_id)
);
CREATE INDEX IF NOT EXISTS billing_inbox_pending ON billing_inbox (received_at) WHERE status = 'pending';
CREATE TABLE IF NOT EXISTS billing_events (
  source text NOT NULL,
  event_id text NOT NULL,
  fact_table text NOT NULL,
  type text NOT NULL,
  subject text NOT NULL,
  partner text NOT NULL,
  date text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (source, event_id)
);
CREATE TABLE IF NOT EXISTS billing_quarantine (
  source text NOT NULL,
  event_id text NOT NULL,
  field text,
  reason text NOT NULL,
  raw text NOT NULL,
  quarantined_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, event_id)
);
CREATE TABLE IF NOT EXISTS billing_rejections (
  seq bigserial PRIMARY KEY,
  source text NOT NULL,
  reason text NOT NULL,
  rejected_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS billing_files (
  source text NOT NULL,
  sha256 text NOT NULL,
  name text NOT NULL,
  rows integer NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source, sha256)
);`,
  },
  {
    // The quarantine's reason in Italian beside the English `reason`. Nullable: rows quarantined before this migration
    // have none, and read their English reason in both languages.
    id: 'billing/002_quarantine_reason_it',
    sql: `ALTER TABLE billing_quarantine ADD COLUMN IF NOT EXISTS reason_it text;`,
  },
  {
    // Where a file import read an event (`events.jsonl:2`), so a reason given again after `requeueEvents` names the
    // place as the import's first reason did: the line number is kept nowhere else. Null for webhooks and for rows
    // stored before this migration (their reasons keep no place, as before).
    id: 'billing/003_inbox_origin',
    sql: `ALTER TABLE billing_inbox ADD COLUMN IF NOT EXISTS origin text;`,
  },
  {
    // The rejection's reason in Italian beside the English `reason`. Nullable and left null for rows recorded before
    // this migration, and for a custom verifier that gives its reason in English only: a missing Italian text is not
    // made up from the English.
    id: 'billing/004_rejection_reason_it',
    sql: `ALTER TABLE billing_rejections ADD COLUMN IF NOT EXISTS reason_it text;`,
  },
];

export async function migrateBilling(db: Db): Promise<void> {
  // Loaded on use: importing the adapter must not load a database driver (the store's index imports pg and PGlite).
  const { migrate } = await import('@provvigo/store');
  await migrate(db, BILLING_MIGRATIONS);
}

/** Ids up to this length are kept as they are; longer ones (beyond any real source's) are keyed by their SHA-256. */
export const MAX_EVENT_ID_LENGTH = 1024;

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const whole = (id: string) => (id.length <= MAX_EVENT_ID_LENGTH ? id : sha256(id));

/**
 * The idempotency key of an event: the configured id path, the signing scheme's id, else a hash of the raw event.
 * Ids are never cut (two long ids sharing a prefix stay two events); numbers beyond 2^53 arrive as their source
 * text (see `parseEventJson`), so they are never rounded.
 */
export function eventIdOf(mapping: BillingMapping, parsed: unknown, raw: string, schemeId?: string): string {
  if (mapping.fields.eventId) {
    const v = readSourcePath(parsed, mapping.fields.eventId);
    if (typeof v === 'string' && v.trim() !== '') return whole(v.trim());
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  if (schemeId) return whole(schemeId);
  return sha256(raw);
}

/**
 * Stores raw events in the inbox; a (source, event id) already there is a duplicate and changes nothing. `origin` is
 * where a file import read the event (`events.jsonl:2`), kept so that processing it again still names the place.
 */
export async function storeInInbox(
  db: Queryable,
  source: string,
  channel: 'webhook' | 'file',
  events: { eventId: string; raw: string; origin?: string | undefined }[],
  batch = 'webhook',
): Promise<{ stored: number; duplicates: number; storedIds: Set<string> }> {
  if (events.length === 0) return { stored: 0, duplicates: 0, storedIds: new Set() };
  // Duplicates inside one call keep the first occurrence (ON CONFLICT cannot see rows of the same statement).
  const unique = new Map<string, { raw: string; origin: string | null }>();
  for (const e of events) if (!unique.has(e.eventId)) unique.set(e.eventId, { raw: e.raw, origin: e.origin ?? null });
  const { rows } = await db.query<{ event_id: string }>(
    `INSERT INTO billing_inbox (source, event_id, channel, raw, batch, origin)
     SELECT $1, x.event_id, $2, x.raw, $4, x.origin FROM jsonb_to_recordset($3::jsonb) AS x(event_id text, raw text, origin text)
     ON CONFLICT (source, event_id) DO NOTHING
     RETURNING event_id`,
    [source, channel, JSON.stringify([...unique].map(([event_id, e]) => ({ event_id, ...e }))), batch],
  );
  const storedIds = new Set(rows.map((r) => r.event_id));
  return { stored: storedIds.size, duplicates: events.length - storedIds.size, storedIds };
}

/** Rows kept in `billing_rejections` by default: older ones are deleted as new ones come in. */
export const MAX_STORED_REJECTIONS = 10_000;

/**
 * Audits a refused request; the table keeps only the newest `maxStored` rows, so a flood cannot fill the disk. The
 * reason in both languages fills `reason` (English) and `reason_it`; a reason given as one English string leaves
 * `reason_it` null rather than repeating the English as Italian.
 */
export async function recordRejection(db: Queryable, source: string, reason: string | BothLanguages, maxStored = MAX_STORED_REJECTIONS): Promise<void> {
  const { en, it } = typeof reason === 'string' ? { en: reason, it: null } : reason;
  await db.query(
    `WITH added AS (INSERT INTO billing_rejections (source, reason, reason_it) VALUES ($1, $2, $4) RETURNING seq)
     DELETE FROM billing_rejections WHERE seq <= (SELECT seq FROM added) - $3`,
    [source, en, maxStored, it],
  );
}

export { processInbox } from './inbox-processor.js';

/** The service-event facts of a table, for a run. */
export async function loadServiceEvents(db: Queryable, table = 'serviceEvents'): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ data: Record<string, unknown> }>('SELECT data FROM billing_events WHERE fact_table = $1 ORDER BY source, event_id', [table]);
  return rows.map((r) => r.data);
}

/** A quarantined event: why (`reason` in English, `reasons` in both languages) and its raw payload. */
export interface BillingQuarantineEntry {
  source: string;
  eventId: string;
  field: string | null;
  /** The reason in English, as the `reason` column has always held it. */
  reason: string;
  /** The reason in both languages (`reasons.en === reason`); a row quarantined before Italian was kept has its English in both. */
  reasons: BothLanguages;
  raw: string;
}

export async function listBillingQuarantine(db: Queryable, source?: string): Promise<BillingQuarantineEntry[]> {
  const { rows } = await db.query<{ source: string; event_id: string; field: string | null; reason: string; reason_it: string | null; raw: string }>(
    `SELECT source, event_id, field, reason, reason_it, raw FROM billing_quarantine ${source ? 'WHERE source = $1' : ''} ORDER BY source, event_id`,
    source ? [source] : [],
  );
  return rows.map((r) => ({
    source: r.source,
    eventId: r.event_id,
    field: r.field,
    reason: r.reason,
    reasons: { en: r.reason, it: r.reason_it ?? r.reason },
    raw: r.raw,
  }));
}

/** How the events of one import (or of the webhook channel) ended up. */
export async function batchOutcome(db: Queryable, source: string, batch: string): Promise<Record<'pending' | 'processed' | 'quarantined' | 'ignored', number>> {
  const { rows } = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM billing_inbox WHERE source = $1 AND batch = $2 GROUP BY status',
    [source, batch],
  );
  const out = { pending: 0, processed: 0, quarantined: 0, ignored: 0 };
  for (const r of rows) out[r.status as keyof typeof out] = r.n;
  return out;
}

/**
 * After a mapping fix (a new rule, a corrected date format), puts quarantined and/or ignored events of a source
 * back to pending, so the next `processInbox` maps them again from their raw payload. Returns how many.
 */
export async function requeueEvents(db: Db, source: string, statuses: ('quarantined' | 'ignored')[] = ['quarantined']): Promise<number> {
  return db.transaction(async (tx) => {
    const { rowCount } = await tx.query(
      `UPDATE billing_inbox SET status = 'pending', processed_at = NULL WHERE source = $1 AND status = ANY($2::text[])`,
      [source, statuses],
    );
    if (statuses.includes('quarantined')) await tx.query('DELETE FROM billing_quarantine WHERE source = $1', [source]);
    return rowCount;
  });
}
