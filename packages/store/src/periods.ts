import type { Period } from '@provvigo/core';
import type { Queryable } from './db.js';

/** The period aggregate: one row per period, open then closed (never reopened, never deleted). */

/** A period's open/closed state. */
export interface PeriodRecord extends Period {
  state: 'open' | 'closed';
  openedBy: string;
  openedAt: string;
  closedBy: string | null;
  closedAt: string | null;
}

interface PeriodRow {
  id: string;
  start_date: string;
  end_date: string;
  state: 'open' | 'closed';
  opened_by: string;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
}

function toPeriod(r: PeriodRow): PeriodRecord {
  return {
    id: r.id,
    start: r.start_date,
    end: r.end_date,
    state: r.state,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
  };
}

export async function readPeriod(q: Queryable, id: string, forUpdate = false): Promise<PeriodRecord | null> {
  const { rows } = await q.query<PeriodRow>(`SELECT * FROM provvigo_periods WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toPeriod(rows[0]) : null;
}

export async function readPeriods(q: Queryable): Promise<PeriodRecord[]> {
  const { rows } = await q.query<PeriodRow>(`SELECT * FROM provvigo_periods ORDER BY start_date, id`);
  return rows.map(toPeriod);
}

/** The first period that ends on or after `start` (periods must follow each other), if any. */
export async function periodEndingFrom(q: Queryable, start: string): Promise<{ id: string; end: string } | null> {
  const { rows } = await q.query<{ id: string; end_date: string }>(
    `SELECT id, end_date FROM provvigo_periods WHERE end_date >= $1 ORDER BY start_date LIMIT 1`,
    [start],
  );
  return rows[0] ? { id: rows[0].id, end: rows[0].end_date } : null;
}

export async function insertPeriod(tx: Queryable, period: Period, actor: string, at: string): Promise<void> {
  await tx.query(
    `INSERT INTO provvigo_periods (id, start_date, end_date, state, opened_by, opened_at) VALUES ($1, $2, $3, 'open', $4, $5)`,
    [period.id, period.start, period.end, actor, at],
  );
}

export async function markPeriodClosed(tx: Queryable, id: string, actor: string, at: string): Promise<void> {
  await tx.query(`UPDATE provvigo_periods SET state = 'closed', closed_by = $2, closed_at = $3 WHERE id = $1`, [id, actor, at]);
}
