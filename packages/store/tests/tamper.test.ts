import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@provvigo/core';
import {
  Store,
  approvePeriod,
  calculatePeriod,
  closePeriod,
  importFiscalOpenings,
  openDatabase,
  openPeriod,
  recordFiscalSettlements,
  validatePeriod,
  verifyStore,
  type Db,
} from '../src/index.js';
import { PG_URL, freshPgliteFolder, postgresAvailable } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const RUN = '2026-10-r1';

/**
 * Someone with database rights switches the triggers off and edits one table: each edit must make `verifyStore`
 * (what `provvigo audit verify` runs) fail, naming the table. `sql` runs with the triggers of `table` disabled.
 */
const TAMPERS: { name: string; table: string; sql: string; finds: RegExp }[] = [
  {
    name: "an approved run's approver",
    table: 'provvigo_runs',
    sql: `UPDATE provvigo_runs SET record = jsonb_set(record, '{approvedBy}', '"carla"') WHERE id = '${RUN}'`,
    finds: /provvigo_runs 2026-10-r1: its record is not the one entry #\d+ \(period.close|run.approve/,
  },
  {
    name: "an approved run's summary",
    table: 'provvigo_runs',
    sql: `UPDATE provvigo_runs SET summary = jsonb_set(summary, '{totals}', '{}'::jsonb) WHERE id = '${RUN}'`,
    finds: /provvigo_runs 2026-10-r1: its evaluation summary is not the one entry #\d+ recorded/,
  },
  {
    name: 'the last audit entry, deleted',
    table: 'provvigo_audit',
    sql: `DELETE FROM provvigo_audit WHERE seq = (SELECT max(seq) FROM provvigo_audit)`,
    finds: /provvigo_audit #\d+: head_mismatch/,
  },
  {
    name: "an audit entry's actor column",
    table: 'provvigo_audit',
    sql: `UPDATE provvigo_audit SET actor = 'mallory' WHERE action = 'run.approve'`,
    finds: /provvigo_audit #\d+: its columns .* disagree with the chained entry/,
  },
  {
    name: "an audit entry's actor in the chained document",
    table: 'provvigo_audit',
    sql: `UPDATE provvigo_audit SET entry = jsonb_set(entry, '{actor}', '"mallory"') WHERE action = 'run.approve'`,
    finds: /provvigo_audit #\d+: hash_mismatch/,
  },
  {
    name: "a statement's payable column",
    table: 'provvigo_statements',
    sql: `UPDATE provvigo_statements SET payable = payable + 1000 WHERE run_id = '${RUN}' AND partner_id = (SELECT min(partner_id) FROM provvigo_statements)`,
    finds: /provvigo_statements 2026-10-r1\/\S+: its columns \(payable, currency, blocked\) disagree/,
  },
  {
    name: "a statement's payable, column and document together",
    table: 'provvigo_statements',
    sql: `UPDATE provvigo_statements SET payable = payable + 1000, statement = jsonb_set(statement, '{payable}', to_jsonb((payable + 1000)::text))
          WHERE run_id = '${RUN}' AND partner_id = (SELECT min(partner_id) FROM provvigo_statements)`,
    finds: /provvigo_runs 2026-10-r1: stored statements and entries hash to/,
  },
  {
    name: "an evaluated statement's total",
    table: 'provvigo_statements',
    sql: `UPDATE provvigo_statements SET evaluated = jsonb_set(evaluated, '{total}', '"999.99"') WHERE run_id = '${RUN}' AND evaluated IS NOT NULL
          AND partner_id = (SELECT min(partner_id) FROM provvigo_statements WHERE evaluated IS NOT NULL)`,
    finds: /provvigo_runs 2026-10-r1: its evaluated statements are not the ones entry #\d+ recorded/,
  },
  {
    name: "a trace's formula, in its partner's trace groups",
    table: 'provvigo_trace_columns',
    sql: `UPDATE provvigo_trace_columns SET traces = jsonb_set(traces, '{0,cells,0,formula}', '"=1"') WHERE partner_id = (SELECT min(partner_id) FROM provvigo_trace_columns)`,
    finds: /provvigo_runs 2026-10-r1: .*hash/,
  },
  {
    name: "a partner's trace groups, one line's values cut short",
    table: 'provvigo_trace_columns',
    sql: `UPDATE provvigo_trace_columns SET traces = jsonb_set(traces, '{0,n}', to_jsonb((traces->0->>'n')::int + 1)) WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_runs 2026-10-r1: run 2026-10-r1: the stored traces do not read back: statement of AGT-0001/,
  },
  {
    name: "a partner's trace groups, deleted",
    table: 'provvigo_trace_columns',
    sql: `DELETE FROM provvigo_trace_columns WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_runs 2026-10-r1: a line has lost its trace/,
  },
  {
    name: "a trace group's partner",
    table: 'provvigo_trace_columns',
    sql: `UPDATE provvigo_trace_columns SET traces = jsonb_set(traces, '{0,partnerId}', '"AGT-0002"') WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_trace_columns 2026-10-r1\/AGT-0001: its partner column disagrees with its trace groups/,
  },
  {
    name: 'a proposed ledger entry',
    table: 'provvigo_proposed_entries',
    sql: `UPDATE provvigo_proposed_entries SET entry = jsonb_set(entry, '{amount}', '"1.00"') WHERE run_id = '${RUN}' AND ord = 0`,
    finds: /provvigo_runs 2026-10-r1: stored statements and entries hash to/,
  },
  {
    name: "a booked ledger entry's amount",
    table: 'provvigo_ledger',
    sql: `UPDATE provvigo_ledger SET amount = amount + 1, entry = jsonb_set(entry, '{amount}', to_jsonb((amount + 1)::text)) WHERE seq = 1`,
    finds: /provvigo_runs 2026-10-r1: ledger entry \S+ differs from what the run's approval booked/,
  },
  {
    name: 'the last ledger entry, deleted',
    table: 'provvigo_ledger',
    sql: `DELETE FROM provvigo_ledger WHERE seq = (SELECT max(seq) FROM provvigo_ledger)`,
    finds: /provvigo_runs 2026-10-r1: ledger holds \d+ entries of the run, approval should have booked \d+/,
  },
  {
    name: "a closed period's end date",
    table: 'provvigo_periods',
    sql: `UPDATE provvigo_periods SET end_date = '2026-10-30' WHERE id = '2026-10'`,
    finds: /provvigo_periods 2026-10: runs 2026-10-01 … 2026-10-30, but was opened for 2026-10-01 … 2026-10-31/,
  },
  {
    name: 'a closed period, reopened',
    table: 'provvigo_periods',
    sql: `UPDATE provvigo_periods SET state = 'open', closed_by = NULL, closed_at = NULL WHERE id = '2026-10'`,
    finds: /provvigo_periods 2026-10: is open, but was closed by anna/,
  },
  {
    name: 'a pinned plan version',
    table: 'provvigo_plan_versions',
    sql: `UPDATE provvigo_plan_versions SET plan = jsonb_set(plan, '{parameters,EfficiencyBonus,value}', '"99.00"') WHERE plan_id = 'agency-agents'`,
    finds: /provvigo_plan_versions agency-agents@1: its content no longer hashes to/,
  },
  {
    name: "a run's plan pin",
    table: 'provvigo_run_plans',
    sql: `DELETE FROM provvigo_run_plans WHERE run_id = '${RUN}' AND plan_id = 'agency-agents'`,
    finds: /provvigo_runs 2026-10-r1: its pinned plan versions disagree/,
  },
  {
    name: "a run snapshot's period",
    table: 'provvigo_run_snapshots',
    sql: `UPDATE provvigo_run_snapshots SET snapshot = jsonb_set(snapshot, '{period,end}', '"2026-10-30"') WHERE run_id = '${RUN}'`,
    finds: /provvigo_run_snapshots 2026-10-r1: its content is not the one entry #\d+ \(run.calculate by carla\) recorded/,
  },
  {
    name: 'a run snapshot, deleted',
    table: 'provvigo_run_snapshots',
    sql: `DELETE FROM provvigo_run_snapshots WHERE run_id = '${RUN}'`,
    finds: /provvigo_run_snapshots 2026-10-r1: is missing: entry #\d+ \(run.calculate by carla\) recorded it/,
  },
  {
    name: "a partner snapshot's contract volume (the facts its amounts derive from)",
    table: 'provvigo_partner_snapshots',
    sql: `UPDATE provvigo_partner_snapshots SET facts = jsonb_set(facts, '{contracts,0,annualSmc}', '999999')
          WHERE partner_id = (SELECT min(partner_id) FROM provvigo_partner_snapshots WHERE facts ? 'contracts')`,
    finds: /provvigo_partner_snapshots 2026-10-r1: its \d+ partner rows are not the \d+ entry #\d+ \(run.calculate by carla\) recorded/,
  },
  {
    name: "a partner snapshot's net to pay",
    table: 'provvigo_partner_snapshots',
    sql: `UPDATE provvigo_partner_snapshots SET net_to_pay = 1000 WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_partner_snapshots 2026-10-r1\/AGT-0001: its net_to_pay column disagrees with its fiscal result/,
  },
  {
    name: 'a partner snapshot, deleted',
    table: 'provvigo_partner_snapshots',
    sql: `DELETE FROM provvigo_partner_snapshots WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_partner_snapshots 2026-10-r1\/AGT-0001: is missing: the run has a statement for AGT-0001/,
  },
  {
    name: "a fiscal opening balance's Enasarco base",
    table: 'provvigo_fiscal_openings',
    sql: `UPDATE provvigo_fiscal_openings SET state = jsonb_set(state, '{values,enasarco.base}', '"9999.00"') WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_fiscal_openings AGT-0001\/2026: its content is not the one entry #\d+ \(fiscal.openings.import by carla\) recorded/,
  },
  {
    name: 'a fiscal opening balance, deleted',
    table: 'provvigo_fiscal_openings',
    sql: `DELETE FROM provvigo_fiscal_openings WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_fiscal_openings AGT-0001\/2026: is missing: entry #\d+ \(fiscal.openings.import by carla\) recorded it/,
  },
  {
    name: "a fiscal settlement's year to date",
    table: 'provvigo_fiscal_settlements',
    sql: `UPDATE provvigo_fiscal_settlements SET ytd_after = jsonb_set(ytd_after, '{values,enasarco.base}', '"1.00"') WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_fiscal_settlements AGT-0001\/2026-Q3: its content is not the one entry #\d+ \(fiscal.settle by anna\) recorded/,
  },
  {
    name: 'a fiscal settlement, deleted',
    table: 'provvigo_fiscal_settlements',
    sql: `DELETE FROM provvigo_fiscal_settlements WHERE partner_id = 'AGT-0001'`,
    finds: /provvigo_fiscal_settlements AGT-0001\/2026-Q3: is missing: entry #\d+ \(fiscal.settle by anna\) recorded it/,
  },
];

/** The same edits with the triggers on: each one refused. */
const REFUSED: string[] = [
  `UPDATE provvigo_runs SET record = jsonb_set(record, '{approvedBy}', '"carla"') WHERE id = '${RUN}'`,
  `UPDATE provvigo_runs SET state = 'validated', record = jsonb_set(record, '{state}', '"validated"') WHERE id = '${RUN}'`,
  `DELETE FROM provvigo_runs WHERE id = '${RUN}'`,
  `DELETE FROM provvigo_audit WHERE seq = (SELECT max(seq) FROM provvigo_audit)`,
  `UPDATE provvigo_audit SET actor = 'mallory'`,
  `UPDATE provvigo_audit_head SET seq = seq - 1`,
  `UPDATE provvigo_statements SET payable = payable + 1000`,
  `DELETE FROM provvigo_statements WHERE run_id = '${RUN}'`,
  `INSERT INTO provvigo_statements (run_id, partner_id, currency, payable, blocked) VALUES ('${RUN}', 'NEW', 'EUR', 1, false)`,
  `UPDATE provvigo_trace_columns SET traces = '[]'::jsonb`,
  `DELETE FROM provvigo_trace_columns WHERE partner_id = 'AGT-0001'`,
  `INSERT INTO provvigo_trace_columns (run_id, partner_id, traces) VALUES ('${RUN}', 'NEW', '[]'::jsonb)`,
  `TRUNCATE provvigo_trace_columns`,
  `UPDATE provvigo_proposed_entries SET entry = '{}'::jsonb`,
  `UPDATE provvigo_ledger SET amount = amount + 1`,
  `DELETE FROM provvigo_ledger`,
  `UPDATE provvigo_periods SET end_date = '2026-10-30' WHERE id = '2026-10'`,
  `UPDATE provvigo_periods SET closed_by = 'mallory' WHERE id = '2026-10'`,
  `DELETE FROM provvigo_periods WHERE id = '2026-10'`,
  `UPDATE provvigo_plan_versions SET saved_by = 'mallory'`,
  `DELETE FROM provvigo_plan_versions WHERE plan_id = 'agency-agents'`,
  `DELETE FROM provvigo_run_plans WHERE run_id = '${RUN}'`,
  `TRUNCATE provvigo_audit`,
  `UPDATE provvigo_run_snapshots SET snapshot = '{}'::jsonb`,
  `DELETE FROM provvigo_run_snapshots`,
  `TRUNCATE provvigo_run_snapshots`,
  `UPDATE provvigo_partner_snapshots SET net_to_pay = 1000`,
  `DELETE FROM provvigo_partner_snapshots WHERE partner_id = 'AGT-0001'`,
  `INSERT INTO provvigo_partner_snapshots (run_id, partner_id, facts) VALUES ('${RUN}', 'NEW', '{}'::jsonb)`,
  `TRUNCATE provvigo_partner_snapshots`,
  `UPDATE provvigo_fiscal_openings SET source = 'mallory'`,
  `DELETE FROM provvigo_fiscal_openings`,
  `TRUNCATE provvigo_fiscal_openings`,
  `UPDATE provvigo_fiscal_settlements SET ytd_after = '{}'::jsonb`,
  `DELETE FROM provvigo_fiscal_settlements`,
  `TRUNCATE provvigo_fiscal_settlements`,
];

/** Opens, calculates, validates, approves (four-eyes) and closes October on `db`. */
async function closedOctober(db: Db): Promise<void> {
  const store = await Store.open(db);
  const at = '2026-11-01T08:00:00.000Z';
  await openPeriod(store, { period: OCTOBER, actor: carla, at });
  await calculatePeriod(store, { periodId: OCTOBER.id, inputs: sampleInputs(), actor: carla, at });
  await validatePeriod(store, { periodId: OCTOBER.id, actor: carla, at });
  await approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: '2026-11-02T08:00:00.000Z' });
  await closePeriod(store, { periodId: OCTOBER.id, actor: anna, at: '2026-11-03T08:00:00.000Z' });
  // the fiscal year to date: an opening balance imported from another system, and a recorded quarter settlement
  const ytd = (values: Record<string, string>) => ({ partnerId: 'AGT-0001', year: 2026, values, periods: [] });
  await importFiscalOpenings(store, { states: [ytd({ 'enasarco.base': '1200.00' })], source: 'previous-system.csv', actor: 'carla', at: '2026-11-04T08:00:00.000Z' });
  await recordFiscalSettlements(store, {
    settlements: [{ partnerId: 'AGT-0001', settles: '2026-Q3', ytdAfter: ytd({ 'enasarco.base': '1200.00', 'enasarco.q3.contribution': '102.00' }), items: [] }],
    asOf: '2026-09-30',
    actor: 'anna',
    at: '2026-11-04T09:00:00.000Z',
  });
  await store.close();
}

/**
 * One closed October, and a way to tamper with it and look, leaving it as it was. PGlite is one session: tamper and
 * check inside BEGIN … ROLLBACK (the check sees the edit). PostgreSQL: a database copied from a template per attempt.
 */
interface Tamperable {
  attempt<T>(tamper: (db: Db) => Promise<void>, check: (store: Store) => Promise<T>): Promise<T>;
  /** The base store itself (for statements the triggers refuse: nothing changes). */
  base: () => { db: Db; store: Store };
  dispose(): Promise<void>;
}

async function pgliteStore(): Promise<Tamperable> {
  const folder = await freshPgliteFolder('provvigo-tamper-');
  await closedOctober(await openDatabase(folder));
  const db = await openDatabase(folder);
  const store = await Store.open(db);
  return {
    async attempt(tamper, check) {
      await db.exec('BEGIN');
      try {
        await tamper(db);
        return await check(store);
      } finally {
        await db.exec('ROLLBACK');
      }
    },
    base: () => ({ db, store }),
    dispose: async () => void (await store.close(), rmSync(folder, { recursive: true, force: true })),
  };
}

async function postgresStore(): Promise<Tamperable> {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = (suffix: string): string => `provvigo_tamper_${randomBytes(4).toString('hex')}_${suffix}`;
  const url = (db: string): string => {
    const u = new URL(PG_URL);
    u.pathname = `/${db}`;
    return u.toString();
  };
  const template = name('base');
  await admin.query(`CREATE DATABASE ${template}`);
  await closedOctober(await openDatabase(url(template))); // closes its pool: a template must have no connections
  const made: string[] = [];
  const copy = async (): Promise<Db> => {
    const db = name(String(made.length));
    made.push(db);
    await admin.query(`CREATE DATABASE ${db} TEMPLATE ${template}`);
    return openDatabase(url(db));
  };
  const baseDb = await copy();
  const baseStore = await Store.open(baseDb);
  return {
    async attempt(tamper, check) {
      const store = await Store.open(await copy());
      try {
        await tamper(store.db);
        return await check(store);
      } finally {
        await store.close();
      }
    },
    base: () => ({ db: baseDb, store: baseStore }),
    async dispose() {
      await baseStore.close();
      for (const db of [...made, template]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Runs `sql` with the triggers of `tables` switched off, as someone with database rights would. */
async function withoutTriggers(db: Db, tables: string[], sql: (q: Db) => Promise<void>): Promise<void> {
  for (const t of tables) await db.exec(`ALTER TABLE ${t} DISABLE TRIGGER ALL`);
  await sql(db);
  for (const t of tables) await db.exec(`ALTER TABLE ${t} ENABLE TRIGGER ALL`);
}

describe.each(['pglite', 'postgres'] as const)('a tampered store on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  let subject: Tamperable;
  beforeAll(async () => {
    if (!skip) subject = engine === 'pglite' ? await pgliteStore() : await postgresStore();
  }, 300_000);
  afterAll(async () => {
    if (!skip) await subject.dispose();
  });

  it.skipIf(skip)('verifies clean, prints the head to anchor, and the triggers refuse every edit', async () => {
    const { db, store } = subject.base();
    const clean = await verifyStore(store);
    expect(clean.problems).toEqual([]);
    const log = await store.auditLog();
    expect(clean).toMatchObject({ ok: true, count: log.length, head: log[log.length - 1]!.hash });
    expect(await store.auditHead()).toEqual({ seq: log.length, hash: clean.head });
    for (const sql of REFUSED) await expect(db.query(sql), sql).rejects.toThrow(/provvigo: /);
    expect(await verifyStore(store)).toEqual(clean);
  });

  it.skipIf(skip).each(TAMPERS)('finds $name ($table) edited with the triggers off', async ({ table, sql, finds }) => {
    const found = await subject.attempt(
      (db) =>
        withoutTriggers(db, [table], async (q) => {
          expect((await q.query(sql)).rowCount).toBeGreaterThan(0);
        }),
      (store) => verifyStore(store),
    );
    expect(found.ok).toBe(false);
    expect(found.problems.map((p) => `${p.table} ${p.key}: ${p.message}`).join('\n')).toMatch(finds);
  });

  it.skipIf(skip)('catches a log and head rewritten together only against a head anchored elsewhere', async () => {
    const anchored = await verifyStore(subject.base().store);
    const [alone, checked] = await subject.attempt(
      (db) =>
        // the last entry (fiscal.settle) removed, the recorded head moved back to the one before, the settlement
        // deleted: self-consistent again
        withoutTriggers(db, ['provvigo_audit', 'provvigo_audit_head', 'provvigo_fiscal_settlements'], async (q) => {
          await q.query(`DELETE FROM provvigo_audit WHERE seq = $1`, [anchored.count]);
          await q.query(`UPDATE provvigo_audit_head SET seq = seq - 1, hash = (SELECT hash FROM provvigo_audit WHERE seq = $1)`, [anchored.count - 1]);
          await q.query(`DELETE FROM provvigo_fiscal_settlements`);
        }),
      async (store) => [await verifyStore(store), await verifyStore(store, { expectedHead: anchored.head, expectedCount: anchored.count })] as const,
    );
    expect(alone.problems).toEqual([]);
    expect(checked.ok).toBe(false);
    expect(checked.problems.map((p) => p.message).join('\n')).toMatch(/the log holds \d+ entries, \d+ were anchored elsewhere/);
  });
});
