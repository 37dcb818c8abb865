import type { BothLanguages, RunRecord, RunResult } from '@provvigo/core';
import type { Queryable } from './db.js';
import { StoreError } from './errors.js';
import { jsonParam } from './sql.js';

/** The run aggregate: one row per period run, its core record kept whole next to the columns SQL filters on. */

/** What `evaluate` reported besides the statements: kept with the run. */
export type RunSummaryData = Omit<RunResult, 'statements'>;

/** A run as stored: core's record, its evaluation summary and the ledger position it was calculated against. */
export interface StoredRun {
  record: RunRecord;
  /** Null while the run is a draft. */
  summary: RunSummaryData | null;
  /** Ledger sequence number the run's proposed entries were computed against. */
  ledgerSeq: number;
}

interface RunRow {
  record: RunRecord;
  summary: RunSummaryData | null;
  ledger_seq: number;
}

const COLUMNS = 'r.record, r.summary, r.ledger_seq';

/** How a refusal names a run's record the store cannot keep. */
const runNamed = (runId: string): BothLanguages => ({ en: `run ${runId}`, it: `l'esecuzione ${runId}` });

function toRun(r: RunRow): StoredRun {
  return { record: r.record, summary: r.summary, ledgerSeq: r.ledger_seq };
}

export async function readRun(q: Queryable, runId: string): Promise<StoredRun | null> {
  const { rows } = await q.query<RunRow>(`SELECT ${COLUMNS} FROM provvigo_runs r WHERE r.id = $1`, [runId]);
  return rows[0] ? toRun(rows[0]) : null;
}

/** Runs of one period in order, or of every period (in period order). */
export async function readRuns(q: Queryable, periodId?: string): Promise<StoredRun[]> {
  const { rows } =
    periodId !== undefined
      ? await q.query<RunRow>(`SELECT ${COLUMNS} FROM provvigo_runs r WHERE r.period_id = $1 ORDER BY r.seq`, [periodId])
      : await q.query<RunRow>(
          `SELECT ${COLUMNS} FROM provvigo_runs r JOIN provvigo_periods p ON p.id = r.period_id ORDER BY p.start_date, r.seq`,
        );
  return rows.map(toRun);
}

/** Reads the run and locks its row until the transaction ends (a concurrent transition waits, then sees the new state). */
export async function lockRun(tx: Queryable, runId: string): Promise<StoredRun> {
  const { rows } = await tx.query<RunRow>(`SELECT ${COLUMNS} FROM provvigo_runs r WHERE r.id = $1 FOR UPDATE`, [runId]);
  if (!rows[0]) throw new StoreError('run_unknown', { en: `run ${runId} does not exist`, it: `l'esecuzione ${runId} non esiste` });
  return toRun(rows[0]);
}

export async function insertRun(tx: Queryable, rec: RunRecord): Promise<void> {
  const { rows } = await tx.query<{ next: number }>(`SELECT coalesce(max(seq), 0) + 1 AS next FROM provvigo_runs WHERE period_id = $1`, [
    rec.period.id,
  ]);
  await tx.query(
    `INSERT INTO provvigo_runs (id, period_id, seq, state, input_hash, output_hash, ledger_seq, record, summary)
     VALUES ($1, $2, $3, $4, $5, $6, 0, $7, 'null'::jsonb)`,
    [rec.id, rec.period.id, rows[0]!.next, rec.state, rec.inputHash, rec.outputHash, jsonParam(rec, runNamed(rec.id))],
  );
}

export async function writeCalculatedRun(tx: Queryable, rec: RunRecord, summary: RunSummaryData, ledgerSeq: number): Promise<void> {
  await tx.query(
    `UPDATE provvigo_runs SET state = $2, input_hash = $3, output_hash = $4, ledger_seq = $5, record = $6, summary = $7 WHERE id = $1`,
    [
      rec.id,
      rec.state,
      rec.inputHash,
      rec.outputHash,
      ledgerSeq,
      jsonParam(rec, runNamed(rec.id)),
      jsonParam(summary, { en: `the summary of run ${rec.id}`, it: `il riepilogo dell'esecuzione ${rec.id}` }),
    ],
  );
}

export async function writeRunState(tx: Queryable, rec: RunRecord): Promise<void> {
  await tx.query(`UPDATE provvigo_runs SET state = $2, record = $3 WHERE id = $1`, [rec.id, rec.state, jsonParam(rec, runNamed(rec.id))]);
}
