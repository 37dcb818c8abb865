/**
 * Bytes the store keeps per statement line for traces (issue 15 §3): a period of the sample plan (a) is calculated
 * into a fresh store (PGlite, or the PostgreSQL URL given as `--db`), which keeps the traces as trace groups (one row
 * per partner in `provvigo_trace_columns`); the same run's traces are then also written the way the store kept them
 * before, one jsonb row per line in `provvigo_traces`, and both tables are measured (whole relation with its TOAST and
 * index, and the jsonb values alone).
 *
 *   pnpm --filter @provvigo/bench exec node --conditions=@provvigo/source --import tsx src/storeBytes.ts [--lines 20000] [--db postgres://…]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PartnerSchema, type Actor, type PeriodInputs } from '@provvigo/core';
import { Store, calculatePeriod, openDatabase, openPeriod } from '@provvigo/store';
import { workload } from './data.js';
import { fmt } from './measure.js';

const { values } = parseArgs({ options: { lines: { type: 'string', default: '20000' }, partners: { type: 'string', default: '100' }, db: { type: 'string' } } });
const lines = Number(values.lines);
const w = workload('store', Number(values.partners), lines);
const folder = values.db ? undefined : mkdtempSync(join(tmpdir(), 'provvigo-store-bytes-'));
const db = await openDatabase(values.db ?? folder!);
try {
  const store = await Store.open(db);
  const at = '2026-11-01T08:00:00.000Z';
  const actor: Actor = { id: 'bench', roles: ['calculator'] };
  await openPeriod(store, { period: w.period, actor, at });
  const inputs: PeriodInputs = { plans: [w.plan], partners: w.partners.map((p) => PartnerSchema.parse(p)), factSchema: w.factSchema, facts: { contracts: w.contracts } };
  const { run } = await calculatePeriod(store, { periodId: w.period.id, inputs, actor, at });
  const runId = run.record.id;
  const evaluated = await store.getEvaluated(runId);
  const n = evaluated.reduce((s, e) => s + e.lines.length, 0);
  // the form before store/004: one row per line
  const rows = evaluated.flatMap((e) => e.lines.map((l) => ({ run_id: runId, line_id: l.id, partner_id: e.partnerId, trace: l.trace })));
  for (let i = 0; i < rows.length; i += 500) {
    await db.query(
      `INSERT INTO provvigo_traces (run_id, line_id, partner_id, trace)
       SELECT run_id, line_id, partner_id, trace FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, line_id text, partner_id text, trace jsonb)`,
      [JSON.stringify(rows.slice(i, i + 500))],
    );
  }
  const size = async (table: string, column: string) =>
    (
      await db.query<{ total: string; values: string; text: string }>(
        `SELECT pg_total_relation_size('${table}')::text AS total, sum(pg_column_size(${column}))::text AS values, sum(length(${column}::text))::text AS text FROM ${table}`,
      )
    ).rows[0]!;
  const before = await size('provvigo_traces', 'trace');
  const after = await size('provvigo_trace_columns', 'traces');
  const per = (v: string) => fmt(Number(v) / n, 1);
  console.log(`${fmt(n)} lines, ${evaluated.length} partners (${values.db ? 'PostgreSQL' : 'PGlite'})`);
  console.log('bytes per line            relation (TOAST, index)   jsonb values (stored)   as JSON text');
  console.log(`per-line rows (before)    ${per(before.total).padStart(23)}   ${per(before.values).padStart(21)}   ${per(before.text).padStart(12)}`);
  console.log(`trace groups (now)        ${per(after.total).padStart(23)}   ${per(after.values).padStart(21)}   ${per(after.text).padStart(12)}`);
  console.log(`ratio                     ${fmt(Number(before.total) / Number(after.total), 1).padStart(22)}×   ${fmt(Number(before.values) / Number(after.values), 1).padStart(20)}×   ${fmt(Number(before.text) / Number(after.text), 1).padStart(11)}×`);
} finally {
  await db.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
}
