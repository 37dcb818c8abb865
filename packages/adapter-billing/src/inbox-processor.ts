import type { BothLanguages } from '@provvigo/core';
import type { Db, Queryable } from '@provvigo/store';
import { atPlace, notJsonReasons, tryParseEventJson } from './json.js';
import { mapEvent, type BillingMapping } from './mapping.js';

export interface ProcessCounts {
  processed: number;
  facts: number;
  quarantined: number;
  ignored: number;
}

interface InboxRow {
  event_id: string;
  raw: string;
  /** Where a file import read the event (`events.jsonl:2`); null for webhooks and rows stored before it was kept. */
  origin: string | null;
}

/** What becomes of one inbox row. */
type Outcome =
  | { event_id: string; status: 'processed'; fact: { type: string; subject: string; partner: string; date: string; data: Record<string, string> } }
  | { event_id: string; status: 'ignored' }
  | { event_id: string; status: 'quarantined'; field: string; reason: string; reason_it: string; raw: string };

function decide(mapping: BillingMapping, row: InboxRow): Outcome {
  const quarantine = (field: string, reasons: BothLanguages): Outcome => ({
    event_id: row.event_id,
    status: 'quarantined',
    field,
    reason: reasons.en,
    reason_it: reasons.it,
    raw: row.raw,
  });
  const parsed = tryParseEventJson(row.raw);
  // the place as the file import worded it, so a requeued line that still does not parse keeps its file and line
  if (!parsed.ok) return quarantine('(body)', notJsonReasons(parsed.cause, row.origin));
  const mapped = mapEvent(mapping, parsed.value, row.event_id);
  if (mapped.kind === 'fact') {
    const { type, subject, partner, date, record } = mapped;
    return { event_id: row.event_id, status: 'processed', fact: { type, subject, partner, date, data: record } };
  }
  if (mapped.kind === 'ignored') return { event_id: row.event_id, status: 'ignored' };
  // a bad date or a missing field of a file's event names its file and line, as a line that is not JSON does
  return quarantine(mapped.field, atPlace(mapped.reasons, row.origin));
}

/** Writes the facts and quarantine entries of some rows and marks the rows, inside the caller's transaction. */
async function writeOutcomes(tx: Queryable, mapping: BillingMapping, outcomes: Outcome[]): Promise<ProcessCounts> {
  const facts = outcomes.flatMap((o) => (o.status === 'processed' ? [{ event_id: o.event_id, ...o.fact }] : []));
  const quarantine = outcomes.flatMap((o) =>
    o.status === 'quarantined' ? [{ event_id: o.event_id, field: o.field, reason: o.reason, reason_it: o.reason_it, raw: o.raw }] : [],
  );
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
      `INSERT INTO billing_quarantine (source, event_id, field, reason, reason_it, raw)
       SELECT $1, x.event_id, x.field, x.reason, x.reason_it, x.raw
       FROM jsonb_to_recordset($2::jsonb) AS x(event_id text, field text, reason text, reason_it text, raw text)
       ON CONFLICT (source, event_id) DO UPDATE SET field = excluded.field, reason = excluded.reason, reason_it = excluded.reason_it`,
      [mapping.source, JSON.stringify(quarantine)],
    );
  }
  if (outcomes.length) {
    await tx.query(
      `UPDATE billing_inbox i SET status = x.status, processed_at = now()
       FROM jsonb_to_recordset($2::jsonb) AS x(event_id text, status text)
       WHERE i.source = $1 AND i.event_id = x.event_id`,
      [mapping.source, JSON.stringify(outcomes.map((o) => ({ event_id: o.event_id, status: o.status })))],
    );
  }
  return { processed: outcomes.length, facts: facts.length, quarantined: quarantine.length, ignored: outcomes.length - facts.length - quarantine.length };
}

/**
 * Quarantines just-stored events in the caller's transaction, before any processing: the file import does so for a
 * line that is not JSON, where the file and line that the reason names are known.
 */
export function quarantineStored(tx: Queryable, mapping: BillingMapping, events: { event_id: string; raw: string; reasons: BothLanguages }[]): Promise<ProcessCounts> {
  const outcomes = events.map((e): Outcome => ({ event_id: e.event_id, status: 'quarantined', field: '(body)', reason: e.reasons.en, reason_it: e.reasons.it, raw: e.raw }));
  return writeOutcomes(tx, mapping, outcomes);
}

const PENDING = `SELECT event_id, raw, origin FROM billing_inbox WHERE source = $1 AND status = 'pending'`;

/** One pending batch in one transaction; throws (and rolls back) if the database refuses any of it. */
function processBatch(db: Db, mapping: BillingMapping, batchSize: number): Promise<ProcessCounts> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<InboxRow>(`${PENDING} ORDER BY received_at, event_id LIMIT $2 FOR UPDATE SKIP LOCKED`, [mapping.source, batchSize]);
    return writeOutcomes(tx, mapping, rows.map((r) => decide(mapping, r)));
  });
}

/**
 * After a batch failed: each event in its own transaction, and an event the database still refuses is quarantined
 * with the database's reason, so it never holds back the events queued behind it.
 */
async function processOneByOne(db: Db, mapping: BillingMapping, batchSize: number): Promise<ProcessCounts> {
  const total: ProcessCounts = { processed: 0, facts: 0, quarantined: 0, ignored: 0 };
  const { rows: ids } = await db.query<{ event_id: string }>(
    `SELECT event_id FROM billing_inbox WHERE source = $1 AND status = 'pending' ORDER BY received_at, event_id LIMIT $2`,
    [mapping.source, batchSize],
  );
  for (const { event_id } of ids) {
    const lockOne = (tx: Queryable) => tx.query<InboxRow>(`${PENDING} AND event_id = $2 FOR UPDATE SKIP LOCKED`, [mapping.source, event_id]);
    let counts: ProcessCounts;
    try {
      counts = await db.transaction(async (tx) => writeOutcomes(tx, mapping, (await lockOne(tx)).rows.map((r) => decide(mapping, r))));
    } catch (error) {
      // the database's own words, in whatever language the server speaks, inside both of ours, after the event's place
      const why = (error as Error).message;
      const refused = (r: InboxRow): Outcome => {
        const reasons = atPlace({ en: `the event could not be stored: ${why}`, it: `non è stato possibile salvare l'evento: ${why}` }, r.origin);
        return { event_id: r.event_id, status: 'quarantined', field: '(event)', reason: reasons.en, reason_it: reasons.it, raw: r.raw };
      };
      counts = await db.transaction(async (tx) => writeOutcomes(tx, mapping, (await lockOne(tx)).rows.map(refused)));
    }
    total.processed += counts.processed;
    total.facts += counts.facts;
    total.quarantined += counts.quarantined;
    total.ignored += counts.ignored;
  }
  return total;
}

/**
 * Drains pending inbox rows: maps each event and, in ONE transaction per batch, writes the fact or the quarantine
 * entry and marks the inbox row. A crash anywhere leaves rows pending, and the next call picks them up; fact
 * inserts are idempotent, so nothing is lost or doubled. `SKIP LOCKED` lets several processors run at once. A batch
 * the database refuses is redone one event at a time, so one bad event is quarantined alone.
 */
export async function processInbox(db: Db, mapping: BillingMapping, options: { batchSize?: number } = {}): Promise<ProcessCounts> {
  const total: ProcessCounts = { processed: 0, facts: 0, quarantined: 0, ignored: 0 };
  const batchSize = options.batchSize ?? 500;
  for (;;) {
    let counts: ProcessCounts;
    try {
      counts = await processBatch(db, mapping, batchSize);
    } catch {
      counts = await processOneByOne(db, mapping, batchSize);
    }
    total.processed += counts.processed;
    total.facts += counts.facts;
    total.quarantined += counts.quarantined;
    total.ignored += counts.ignored;
    if (counts.processed < batchSize) return total;
  }
}
