import { describe, expect, it } from 'vitest';
import type { RunRecord, Statement } from '@provvigo/core';
import { STORE_MIGRATIONS, Store, migrate, type Db } from '../src/index.js';
import { evaluatedHash } from '../src/store.js';
import { ENGINES, dbPerSuite, postgresAvailable } from './helpers/engines.js';
import { PERIOD, periodStatement, saveCalculatedRun, statement } from './helpers/fixtures.js';

const pgUp = await postgresAvailable();
const AT = '2026-11-02T09:00:00.000Z';
const COLUMNS = 'store/004_trace_columns';

const saveRun = (store: Store, runId: string, evaluated: Statement[]) => saveCalculatedRun(store, runId, evaluated, AT);

/**
 * Rewrites a calculated run's rows in the form the store wrote before `store/004_trace_columns`: the evaluated
 * statement's lines with `trace: null` and one `provvigo_traces` row per line (allowed while the run is not approved).
 */
async function toPerLineRows(db: Db, runId: string, evaluated: Statement[]): Promise<void> {
  const { rows } = await db.query<{ partner_id: string; statement: unknown }>(`SELECT partner_id, statement FROM provvigo_statements WHERE run_id = $1`, [runId]);
  await db.query(`DELETE FROM provvigo_trace_columns WHERE run_id = $1`, [runId]);
  await db.query(`DELETE FROM provvigo_statements WHERE run_id = $1`, [runId]);
  for (const e of evaluated) {
    const statementDoc = rows.find((r) => r.partner_id === e.partnerId)!.statement;
    await db.query(
      `INSERT INTO provvigo_statements (run_id, partner_id, currency, payable, blocked, evaluated, statement) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
      [runId, e.partnerId, e.currency, e.total, e.blocked, JSON.stringify({ ...e, lines: e.lines.map((l) => ({ ...l, trace: null })) }), JSON.stringify(statementDoc)],
    );
    for (const l of e.lines) {
      await db.query(`INSERT INTO provvigo_traces (run_id, line_id, partner_id, trace) VALUES ($1, $2, $3, $4::jsonb)`, [runId, l.id, e.partnerId, JSON.stringify(l.trace)]);
    }
  }
}

describe.each(ENGINES)('trace columns on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = dbPerSuite(engine, skip);

  it.skipIf(skip)('a store from before trace columns: the migration adds the table, the per-line rows of its runs are read as they are', async () => {
    // the store as it was: every migration but the trace columns
    await migrate(
      suite.db,
      STORE_MIGRATIONS.filter((m) => m.id !== COLUMNS),
    );
    const before = await suite.db.query<{ t: string | null }>(`SELECT to_regclass('provvigo_trace_columns')::text AS t`);
    expect(before.rows[0]!.t).toBeNull();
    const store = await Store.open(suite.db);
    const applied = await suite.db.query<{ id: string }>(`SELECT id FROM provvigo_migrations WHERE id = $1`, [COLUMNS]);
    expect(applied.rows).toHaveLength(1);

    await store.openPeriod({ period: PERIOD, actor: 'carla', at: AT });
    const evaluated = [statement('P1', ['10.00', '5.55', '0.01']), statement('P2', ['0.10'])];
    await saveRun(store, 'R-old', evaluated);
    await toPerLineRows(suite.db, 'R-old', evaluated);
    expect((await suite.db.query(`SELECT 1 FROM provvigo_trace_columns WHERE run_id = 'R-old'`)).rows).toHaveLength(0);
    expect((await suite.db.query(`SELECT 1 FROM provvigo_traces WHERE run_id = 'R-old'`)).rows).toHaveLength(4);

    expect(await store.getEvaluated('R-old')).toEqual(evaluated);
    expect(await store.getStatements('R-old', 'P2')).toEqual([periodStatement(evaluated[1]!, 'R-old')]);
    expect(await store.getTrace('R-old', evaluated[0]!.lines[2]!.id)).toEqual(evaluated[0]!.lines[2]!.trace);
    // what verifyStore re-derives: the evaluated statements hash to what the calculation's audit entry recorded
    const calc = (await store.auditLog()).find((e) => e.runId === 'R-old' && e.action === 'run.calculate')!;
    expect(evaluatedHash(await store.getEvaluated('R-old'))).toBe(calc.details['evaluatedHash']);
  });

  it.skipIf(skip)('a new run keeps one row of trace groups per partner and none per line, and reads back the same traces', async () => {
    const store = await Store.open(suite.db);
    const evaluated = [statement('P3', ['1.00', '2.00', '3.00']), statement('P4', ['4.00'])];
    await saveRun(store, 'R-new', evaluated);
    const { rows } = await suite.db.query<{ partner_id: string; traces: Array<{ n: number; partnerId: string }> }>(
      `SELECT partner_id, traces FROM provvigo_trace_columns WHERE run_id = 'R-new' ORDER BY partner_id`,
    );
    expect(rows.map((r) => [r.partner_id, r.traces.reduce((n, g) => n + g.n, 0), [...new Set(r.traces.map((g) => g.partnerId))]])).toEqual([
      ['P3', 3, ['P3']],
      ['P4', 1, ['P4']],
    ]);
    expect((await suite.db.query(`SELECT 1 FROM provvigo_traces WHERE run_id = 'R-new'`)).rows).toHaveLength(0);
    // the statement row keeps the lines without their traces
    const stored = await suite.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM provvigo_statements, jsonb_array_elements(evaluated->'lines') l WHERE run_id = 'R-new' AND l ? 'trace'`);
    expect(stored.rows[0]!.n).toBe(0);
    expect(await store.getEvaluated('R-new')).toEqual(evaluated);
    expect(await store.getTrace('R-new', evaluated[0]!.lines[1]!.id)).toEqual(evaluated[0]!.lines[1]!.trace);
    expect(await store.getTrace('R-new', 'no-such-line')).toBeNull();
    const calc = (await store.auditLog()).find((e) => e.runId === 'R-new' && e.action === 'run.calculate')!;
    expect(evaluatedHash(await store.getEvaluated('R-new'))).toBe(calc.details['evaluatedHash']);
  });

  it.skipIf(skip)('an approved run: its trace groups are frozen like its statements', async () => {
    const store = await Store.open(suite.db);
    await store.transitionRun('R-new', (cur) => ({ record: { ...cur.record, state: 'validated' } as RunRecord, audit: { at: AT, actor: 'carla', action: 'run.validate', runId: 'R-new' } }));
    await store.transitionRun('R-new', (cur) => ({
      record: { ...cur.record, state: 'approved', approvedBy: 'anna', approvedAt: AT } as RunRecord,
      audit: { at: AT, actor: 'anna', action: 'run.approve', runId: 'R-new' },
    }));
    for (const sql of [
      `DELETE FROM provvigo_trace_columns WHERE run_id = 'R-new'`,
      `UPDATE provvigo_trace_columns SET traces = '[]'::jsonb WHERE run_id = 'R-new'`,
      `INSERT INTO provvigo_trace_columns (run_id, partner_id, traces) VALUES ('R-new', 'P9', '[]'::jsonb)`,
      `TRUNCATE provvigo_trace_columns`,
    ]) {
      await expect(suite.db.query(sql), sql).rejects.toThrow(/provvigo:/);
    }
  });
});
