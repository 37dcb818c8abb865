import { hash, verifyAuditLog, type AuditEntry, type AuditVerification, type RunRecord } from '@provvigo/core';
import { auditColumnMismatches } from './audit.js';
import type { Queryable } from './db.js';
import { checkRunIntegrity } from './runIntegrity.js';
import { storedPlanHash } from './plans.js';
import { evaluatedHash, type Store } from './store.js';
import { verifyFiscal } from './verifyFiscal.js';
import { verifySnapshots } from './verifySnapshots.js';

/**
 * `verifyStore`: what `provvigo audit verify` proves. The audit log is a hash chain whose head (last seq and hash) the
 * database records with every append; every write appends its entry in its own transaction, and the entries carry
 * what is needed to re-derive the other tables: a period's dates and who opened and closed it, the hash of each run
 * record after each change, the hashes of a calculation's summary and statements, each plan version's hash. So a
 * change made behind the store's back (triggers disabled, rows edited or removed) is found on every table a
 * partner's money depends on: periods, plan versions and pins, runs, statements, traces, proposed and booked
 * ledger entries, the run snapshots (`verifySnapshots.ts`), the fiscal opening balances and settlements
 * (`verifyFiscal.ts`), and the log itself — except a rewrite of the whole chain and its head together, which only a head
 * kept elsewhere catches: pass it as `expectedHead`/`expectedCount`.
 */

/** One finding: which table, which row, what is wrong. */
export interface StoreProblem {
  table: string;
  key: string;
  message: string;
}

export interface StoreVerification {
  ok: boolean;
  /** The chain as stored: its entry count and last hash (to anchor elsewhere). */
  count: number;
  head: string;
  audit: AuditVerification;
  problems: StoreProblem[];
}

export async function verifyStore(store: Store, options: { expectedHead?: string; expectedCount?: number } = {}): Promise<StoreVerification> {
  const log = await store.auditLog();
  const problems: StoreProblem[] = [];
  const recorded = await store.auditHead();
  const audit = verifyAuditLog(log, {
    ...(recorded ? { expectedHead: recorded.hash, expectedCount: recorded.seq } : log.length ? { expectedCount: 0 } : {}),
  });
  if (!audit.ok) for (const p of audit.problems) problems.push({ table: 'provvigo_audit', key: `#${p.seq}`, message: `${p.code}: ${p.message}` });
  const last = log[log.length - 1];
  if (options.expectedHead !== undefined && options.expectedHead !== (last?.hash ?? '')) {
    problems.push({ table: 'provvigo_audit', key: 'head', message: `the log ends at ${last?.hash ?? '(empty)'}, the head anchored elsewhere is ${options.expectedHead}` });
  }
  if (options.expectedCount !== undefined && options.expectedCount !== log.length) {
    problems.push({ table: 'provvigo_audit', key: 'count', message: `the log holds ${log.length} entries, ${options.expectedCount} were anchored elsewhere` });
  }
  for (const seq of await auditColumnMismatches(store.db)) {
    problems.push({ table: 'provvigo_audit', key: `#${seq}`, message: 'its columns (actor, action, run, hashes) disagree with the chained entry' });
  }
  problems.push(...(await verifyPeriods(store, log)));
  problems.push(...(await verifyPlanVersions(store.db, log)));
  problems.push(...(await verifyRuns(store, log)));
  problems.push(...(await verifyStatementColumns(store.db)));
  problems.push(...(await verifyLedgerRows(store.db)));
  problems.push(...(await verifySnapshots(store.db, log)));
  problems.push(...(await verifyFiscal(store.db, log)));
  for (const p of await checkRunIntegrity(store)) problems.push({ table: 'provvigo_runs', key: p.runId, message: p.message });
  return { ok: problems.length === 0, count: log.length, head: last?.hash ?? '', audit, problems };
}

/** Each period row equals what its `period.open` / `period.close` entries recorded; none is missing. */
async function verifyPeriods(store: Store, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const opened = new Map<string, AuditEntry>();
  const closed = new Map<string, AuditEntry>();
  for (const e of log) {
    const id = String(e.details['period'] ?? '');
    if (e.action === 'period.open') opened.set(id, e);
    if (e.action === 'period.close') closed.set(id, e);
  }
  const rows = await store.listPeriods();
  const bad = (id: string, message: string): number => problems.push({ table: 'provvigo_periods', key: id, message });
  for (const p of rows) {
    const open = opened.get(p.id);
    if (!open) {
      bad(p.id, 'no audit entry opened this period');
      continue;
    }
    if (p.start !== open.details['start'] || p.end !== open.details['end']) {
      bad(p.id, `runs ${p.start} … ${p.end}, but was opened for ${String(open.details['start'])} … ${String(open.details['end'])}`);
    }
    if (p.openedBy !== open.actor || p.openedAt !== open.at) bad(p.id, `says opened by ${p.openedBy} at ${p.openedAt}; the log says ${open.actor} at ${open.at}`);
    const close = closed.get(p.id);
    if (p.state === 'closed' && !close) bad(p.id, 'is closed, but no audit entry closed it');
    if (p.state !== 'closed' && close) bad(p.id, `is ${p.state}, but was closed by ${close.actor} at ${close.at}`);
    if (close && p.state === 'closed' && (p.closedBy !== close.actor || p.closedAt !== close.at)) {
      bad(p.id, `says closed by ${p.closedBy} at ${p.closedAt}; the log says ${close.actor} at ${close.at}`);
    }
  }
  const ids = new Set(rows.map((p) => p.id));
  for (const id of opened.keys()) if (!ids.has(id)) bad(id, 'was opened (audit log) but is missing');
  return problems;
}

/** Versions hash to their hash, their columns match their content, each was saved in the log; none went unlogged. */
async function verifyPlanVersions(q: Queryable, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const live = new Map<string, string>(); // plan@version → hash, replayed from the log
  for (const e of log) {
    const key = `${String(e.details['plan'])}@${String(e.details['version'])}`;
    if (e.action === 'plan.save') live.set(key, String(e.details['hash']));
    if (e.action === 'plan.delete') live.delete(key);
  }
  const { rows } = await q.query<{ plan_id: string; version: number; hash: string; effective_from: string; effective_to: string | null; plan: import('@provvigo/core').Plan }>(
    `SELECT plan_id, version, hash, effective_from, effective_to, plan FROM provvigo_plan_versions ORDER BY plan_id, version`,
  );
  for (const r of rows) {
    const key = `${r.plan_id}@${r.version}`;
    const bad = (message: string): number => problems.push({ table: 'provvigo_plan_versions', key, message });
    if (storedPlanHash(r.plan) !== r.hash) bad(`its content no longer hashes to ${r.hash.slice(0, 12)}…`);
    if (r.plan.id !== r.plan_id || r.plan.version !== r.version || r.plan.effectiveFrom !== r.effective_from || (r.plan.effectiveTo ?? null) !== r.effective_to) {
      bad('its columns disagree with its content');
    }
    if (live.get(key) !== r.hash) bad(live.has(key) ? `was saved with hash ${live.get(key)!.slice(0, 12)}…` : 'no audit entry saved it');
    live.delete(key);
  }
  for (const key of live.keys()) problems.push({ table: 'provvigo_plan_versions', key, message: 'was saved (audit log) but is missing' });
  return problems;
}

/** Each run equals the record its last audit entry hashed; its columns, summary, statements and pins agree. */
async function verifyRuns(store: Store, log: readonly AuditEntry[]): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const lastRecord = new Map<string, AuditEntry>();
  const lastCalc = new Map<string, AuditEntry>();
  for (const e of log) {
    if (!e.runId) continue;
    if (typeof e.details['recordHash'] === 'string') lastRecord.set(e.runId, e);
    if (typeof e.details['summaryHash'] === 'string') lastCalc.set(e.runId, e);
  }
  const { rows } = await store.db.query<{ id: string; state: string; period_id: string; input_hash: string | null; output_hash: string | null; ledger_seq: number; record: RunRecord; summary: unknown }>(
    `SELECT id, state, period_id, input_hash, output_hash, ledger_seq, record, summary FROM provvigo_runs ORDER BY id`,
  );
  for (const r of rows) {
    const bad = (message: string): number => problems.push({ table: 'provvigo_runs', key: r.id, message });
    const entry = lastRecord.get(r.id);
    if (!entry) {
      bad('no audit entry records this run');
      continue;
    }
    if (hash(r.record) !== entry.details['recordHash']) bad(`its record is not the one entry #${entry.seq} (${entry.action} by ${entry.actor}) recorded`);
    const rec = r.record;
    if (r.id !== rec.id || r.state !== rec.state || r.period_id !== rec.period.id || r.input_hash !== rec.inputHash || r.output_hash !== rec.outputHash) {
      bad('its columns (state, period, hashes) disagree with its record');
    }
    const calc = lastCalc.get(r.id);
    if (rec.state !== 'draft') {
      if (!calc) bad('is calculated, but no audit entry recorded the calculation');
      else {
        if (hash(r.summary) !== calc.details['summaryHash']) bad(`its evaluation summary is not the one entry #${calc.seq} recorded`);
        if (r.ledger_seq !== calc.details['ledgerSeq']) bad(`was calculated against ledger #${String(calc.details['ledgerSeq'])}, the row says #${r.ledger_seq}`);
        const evaluated = await store.getEvaluated(r.id).catch((e: Error) => e);
        if (evaluated instanceof Error) bad(evaluated.message);
        else if (evaluatedHash(evaluated) !== calc.details['evaluatedHash']) bad(`its evaluated statements are not the ones entry #${calc.seq} recorded`);
      }
    }
    const pins = await store.runPlans(r.id);
    const recorded = [...rec.plans].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (hash(pins) !== hash(recorded)) bad('its pinned plan versions disagree with the versions its record names');
  }
  const ids = new Set(rows.map((r) => r.id));
  for (const id of lastRecord.keys()) if (!ids.has(id)) problems.push({ table: 'provvigo_runs', key: id, message: 'is in the audit log but missing' });
  return problems;
}

/** Statement rows whose columns (payable, currency, blocked, partner) disagree with their documents. */
async function verifyStatementColumns(q: Queryable): Promise<StoreProblem[]> {
  const { rows } = await q.query<{ run_id: string; partner_id: string }>(
    `SELECT run_id, partner_id FROM provvigo_statements
     WHERE payable IS DISTINCT FROM (statement->>'payable')::numeric
        OR currency <> coalesce(statement->>'currency', evaluated->>'currency')
        OR blocked <> coalesce((evaluated->>'blocked')::boolean, false)
        OR partner_id <> coalesce(statement->>'partnerId', evaluated->>'partnerId')
     ORDER BY run_id, partner_id`,
  );
  const traces = await q.query<{ run_id: string; line_id: string }>(
    `SELECT run_id, line_id FROM provvigo_traces WHERE partner_id IS DISTINCT FROM trace->>'partnerId' ORDER BY run_id, line_id`,
  );
  const columns = await q.query<{ run_id: string; partner_id: string }>(
    `SELECT run_id, partner_id FROM provvigo_trace_columns c
     WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(c.traces) g WHERE g->>'partnerId' IS DISTINCT FROM c.partner_id)
     ORDER BY run_id, partner_id`,
  );
  return [
    ...rows.map((r) => ({ table: 'provvigo_statements', key: `${r.run_id}/${r.partner_id}`, message: 'its columns (payable, currency, blocked) disagree with its statement' })),
    ...traces.rows.map((r) => ({ table: 'provvigo_traces', key: `${r.run_id}/${r.line_id}`, message: 'its partner column disagrees with its trace' })),
    ...columns.rows.map((r) => ({ table: 'provvigo_trace_columns', key: `${r.run_id}/${r.partner_id}`, message: 'its partner column disagrees with its trace groups' })),
  ];
}

/** Ledger rows numbered 1…n without gaps, each booked by an existing approved run. */
async function verifyLedgerRows(q: Queryable): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const { rows } = await q.query<{ seq: number; id: string; state: string | null }>(
    `SELECT l.seq, l.id, r.state FROM provvigo_ledger l LEFT JOIN provvigo_runs r ON r.id = l.run_id ORDER BY l.seq`,
  );
  rows.forEach((r, i) => {
    if (r.seq !== i + 1) problems.push({ table: 'provvigo_ledger', key: `#${r.seq}`, message: `entry ${r.id} has seq ${r.seq}, expected ${i + 1}: entries were removed or inserted` });
    if (!r.state || !['approved', 'invoiced', 'posted'].includes(r.state)) {
      problems.push({ table: 'provvigo_ledger', key: `#${r.seq}`, message: `entry ${r.id} belongs to no approved run` });
    }
  });
  return problems;
}
