import { createHash } from 'node:crypto';
import { migrate, type Db, type Migration, type Queryable } from '@provvigo/store';
import { mapEvent, readSourcePath, type BillingMapping } from './mapping.js';

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
];

export async function migrateBilling(db: Db): Promise<void> {
  await migrate(db, BILLING_MIGRATIONS);
}

/** The idempotency key of an event: the configured id path, the signing scheme's id, else a hash of the raw event. */
export function eventIdOf(mapping: BillingMapping, parsed: unknown, raw: string, schemeId?: string): string {
  if (mapping.fields.eventId) {
    const v = readSourcePath(parsed, mapping.fields.eventId);
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, 200);
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  if (schemeId) return schemeId.slice(0, 200);
  return `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** Stores raw events in the inbox; a (source, event id) already there is a duplicate and changes nothing. */
export async function storeInInbox(
  db: Queryable,
  source: string,
  channel: 'webhook' | 'file',
  events: { eventId: string; raw: string }[],
  batch = 'webhook',
): Promise<{ stored: number; duplicates: number; storedIds: Set<string> }> {
  if (events.length === 0) return { stored: 0, duplicates: 0, storedIds: new Set() };
  // Duplicates inside one call keep the first occurrence (ON CONFLICT cannot see rows of the same statement).
  const unique = new Map<string, string>();
  for (const e of events) if (!unique.has(e.eventId)) unique.set(e.eventId, e.raw);
  const { rows } = await db.query<{ event_id: string }>(
    `INSERT INTO billing_inbox (source, event_id, channel, raw, batch)
     SELECT $1, x.event_id, $2, x.raw, $4 FROM jsonb_to_recordset($3::jsonb) AS x(event_id text, raw text)
     ON CONFLICT (source, event_id) DO NOTHING
     RETURNING event_id`,
    [source, channel, JSON.stringify([...unique].map(([event_id, raw]) => ({ event_id, raw }))), batch],
  );
  const storedIds = new Set(rows.map((r) => r.event_id));
  return { stored: storedIds.size, duplicates: events.length - storedIds.size, storedIds };
}

export async function recordRejection(db: Queryable, source: string, reason: string): Promise<void> {
  await db.query('INSERT INTO billing_rejections (source, reason) VALUES ($1, $2)', [source, reason]);
}

export interface ProcessCounts {
  processed: number;
  facts: number;
  quarantined: number;
  ignored: number;
}

/**
 * Drains pending inbox rows: maps each event and, in ONE transaction per batch, writes the fact or the quarantine
 * entry and marks the inbox row. A crash anywhere leaves rows pending, and the next call picks them up; fact
 * inserts are idempotent, so nothing is lost or doubled. `SKIP LOCKED` lets several processors run at once.
 */
export async function processInbox(db: Db, mapping: BillingMapping, options: { batchSize?: number } = {}): Promise<ProcessCounts> {
  const total: ProcessCounts = { processed: 0, facts: 0, quarantined: 0, ignored: 0 };
  const batchSize = options.batchSize ?? 500;
  for (;;) {
    const counts = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ event_id: string; raw: string }>(
        `SELECT event_id, raw FROM billing_inbox WHERE source = $1 AND status = 'pending'
         ORDER BY received_at, event_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [mapping.source, batchSize],
      );
      const k: ProcessCounts = { processed: rows.length, facts: 0, quarantined: 0, ignored: 0 };
      const facts: Record<string, unknown>[] = [];
      const quarantine: Record<string, unknown>[] = [];
      const statuses: { event_id: string; status: string }[] = [];
      for (const row of rows) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(row.raw);
        } catch {
          quarantine.push({ event_id: row.event_id, field: '(body)', reason: 'the payload is not valid JSON', raw: row.raw });
          statuses.push({ event_id: row.event_id, status: 'quarantined' });
          continue;
        }
        const mapped = mapEvent(mapping, parsed, row.event_id);
        if (mapped.kind === 'fact') {
          facts.push({ event_id: row.event_id, type: mapped.type, subject: mapped.subject, partner: mapped.partner, date: mapped.date, data: mapped.record });
          statuses.push({ event_id: row.event_id, status: 'processed' });
        } else if (mapped.kind === 'ignored') {
          statuses.push({ event_id: row.event_id, status: 'ignored' });
        } else {
          quarantine.push({ event_id: row.event_id, field: mapped.field, reason: mapped.reason, raw: row.raw });
          statuses.push({ event_id: row.event_id, status: 'quarantined' });
        }
      }
      k.facts = facts.length;
      k.quarantined = quarantine.length;
      k.ignored = rows.length - facts.length - quarantine.length;
      if (facts.length) {
        await tx.query(
          `INSERT INTO billing_events (source, event_id, fact_table, type, subject, partner, date, data)
           SELECT $1, x.event_id, $2, x.type, x.subject, x.partner, x.date, x.data
           FROM jsonb_to_recordset($3::jsonb) AS x(event_id text, type text, subject text, partner text, date text, data jsonb)
           ON CONFLICT (source, event_id) DO NOTHING`,
          [mapping.source, mapping.table, JSON.stringify(facts)],
        );
      }
      if (quarantine.length) {
        await tx.query(
          `INSERT INTO billing_quarantine (source, event_id, field, reason, raw)
           SELECT $1, x.event_id, x.field, x.reason, x.raw FROM jsonb_to_recordset($2::jsonb) AS x(event_id text, field text, reason text, raw text)
           ON CONFLICT (source, event_id) DO UPDATE SET field = excluded.field, reason = excluded.reason`,
          [mapping.source, JSON.stringify(quarantine)],
        );
      }
      if (statuses.length) {
        await tx.query(
          `UPDATE billing_inbox i SET status = x.status, processed_at = now()
           FROM jsonb_to_recordset($2::jsonb) AS x(event_id text, status text)
           WHERE i.source = $1 AND i.event_id = x.event_id`,
          [mapping.source, JSON.stringify(statuses)],
        );
      }
      return k;
    });
    total.processed += counts.processed;
    total.facts += counts.facts;
    total.quarantined += counts.quarantined;
    total.ignored += counts.ignored;
    if (counts.processed < batchSize) return total;
  }
}

/** The service-event facts of a table, for a run. */
export async function loadServiceEvents(db: Queryable, table = 'serviceEvents'): Promise<Record<string, unknown>[]> {
  const { rows } = await db.query<{ data: Record<string, unknown> }>('SELECT data FROM billing_events WHERE fact_table = $1 ORDER BY source, event_id', [table]);
  return rows.map((r) => r.data);
}

export async function listBillingQuarantine(db: Queryable, source?: string): Promise<{ source: string; eventId: string; field: string | null; reason: string; raw: string }[]> {
  const { rows } = await db.query<{ source: string; event_id: string; field: string | null; reason: string; raw: string }>(
    `SELECT source, event_id, field, reason, raw FROM billing_quarantine ${source ? 'WHERE source = $1' : ''} ORDER BY source, event_id`,
    source ? [source] : [],
  );
  return rows.map((r) => ({ source: r.source, eventId: r.event_id, field: r.field, reason: r.reason, raw: r.raw }));
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
