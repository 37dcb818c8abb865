import { hash, verifyAuditLog, type AuditEntry, type AuditVerification, type BothLanguages, type RunRecord } from '@provvigo/core';
import { auditColumnMismatches } from './audit.js';
import type { Queryable } from './db.js';
import { entryNamed, relayed, worded } from './problemText.js';
import { checkRunIntegrity } from './runIntegrity.js';
import { storedPlanHash } from './plans.js';
import { evaluatedHash, type Store } from './store.js';
import { verifyFiscal } from './verifyFiscal.js';
import { verifyInquiries } from './verifyInquiries.js';
import { verifySnapshots } from './verifySnapshots.js';

/**
 * `verifyStore`: what `provvigo audit verify` proves. The audit log is a hash chain whose head (last seq and hash) the
 * database records with every append; every write appends its entry in its own transaction, and the entries carry
 * what is needed to re-derive the other tables: a period's dates and who opened and closed it, the hash of each run
 * record after each change, the hashes of a calculation's summary and statements, each plan version's hash. So a
 * change made behind the store's back (triggers disabled, rows edited or removed) is found on every table a
 * partner's money depends on: periods, plan versions and pins, runs, statements, traces, proposed and booked
 * ledger entries, the run snapshots (`verifySnapshots.ts`), the fiscal opening balances and settlements
 * (`verifyFiscal.ts`), partners' questions and answers (`verifyInquiries.ts`), and the log itself — except a rewrite
 * of the whole chain and its head together, which only a head kept elsewhere catches: pass it as
 * `expectedHead`/`expectedCount`.
 */

/** One finding: which table, which row, what is wrong. */
export interface StoreProblem {
  table: string;
  key: string;
  /** What is wrong, in English (what callers read before `messages`). */
  message: string;
  /**
   * What is wrong in Italian and English (`messages.en === message`). Every problem the store finds has it; it is
   * absent only where the text exists in English alone: an adapter's table checked beside the store's (the CLI's
   * `audit verify`), or an error relayed that was worded in English only.
   */
  messages?: BothLanguages;
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
  for (const p of audit.ok ? [] : audit.problems) {
    // the code first in both languages: scripts and tests match it
    problems.push({ table: 'provvigo_audit', key: `#${p.seq}`, ...worded({ en: `${p.code}: ${p.messages.en}`, it: `${p.code}: ${p.messages.it}` }) });
  }
  problems.push(...anchorProblems(log, options));
  const columns = worded({
    en: 'its columns (actor, action, run, hashes) disagree with the chained entry',
    it: 'le sue colonne (autore, azione, esecuzione, hash) non corrispondono alla voce nella catena',
  });
  for (const seq of await auditColumnMismatches(store.db)) problems.push({ table: 'provvigo_audit', key: `#${seq}`, ...columns });
  problems.push(...(await verifyPeriods(store, log)));
  problems.push(...(await verifyPlanVersions(store.db, log)));
  problems.push(...(await verifyRuns(store, log)));
  problems.push(...(await verifyStatementColumns(store.db)));
  problems.push(...(await verifyLedgerRows(store.db)));
  problems.push(...(await verifySnapshots(store.db, log)));
  problems.push(...(await verifyFiscal(store.db, log)));
  problems.push(...(await verifyInquiries(store.db, log)));
  for (const { runId, ...text } of await checkRunIntegrity(store)) problems.push({ table: 'provvigo_runs', key: runId, ...text });
  return { ok: problems.length === 0, count: log.length, head: log[log.length - 1]?.hash ?? '', audit, problems };
}

/** The log against a head and a count anchored elsewhere (`--head`, `--count`), when given. */
function anchorProblems(log: readonly AuditEntry[], options: { expectedHead?: string; expectedCount?: number }): StoreProblem[] {
  const problems: StoreProblem[] = [];
  const last = log[log.length - 1];
  if (options.expectedHead !== undefined && options.expectedHead !== (last?.hash ?? '')) {
    problems.push({
      table: 'provvigo_audit',
      key: 'head',
      ...worded({
        en: `the log ends at ${last?.hash ?? '(empty)'}, the head anchored elsewhere is ${options.expectedHead}`,
        it: `il registro di audit termina con l'hash ${last?.hash ?? '(vuoto)'}, l'ultimo hash conservato altrove è ${options.expectedHead}`,
      }),
    });
  }
  if (options.expectedCount !== undefined && options.expectedCount !== log.length) {
    problems.push({
      table: 'provvigo_audit',
      key: 'count',
      ...worded({
        en: `the log holds ${log.length} entries, ${options.expectedCount} were anchored elsewhere`,
        it: `il registro di audit contiene ${log.length} voci, il conteggio conservato altrove è ${options.expectedCount}`,
      }),
    });
  }
  return problems;
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
  const bad = (id: string, text: BothLanguages): number => problems.push({ table: 'provvigo_periods', key: id, ...worded(text) });
  for (const p of rows) {
    const open = opened.get(p.id);
    if (!open) {
      bad(p.id, { en: 'no audit entry opened this period', it: 'nessuna voce del registro di audit ha aperto questo periodo' });
      continue;
    }
    const [start, end] = [String(open.details['start']), String(open.details['end'])];
    if (p.start !== open.details['start'] || p.end !== open.details['end']) {
      bad(p.id, { en: `runs ${p.start} … ${p.end}, but was opened for ${start} … ${end}`, it: `copre ${p.start} … ${p.end}, ma è stato aperto per ${start} … ${end}` });
    }
    if (p.openedBy !== open.actor || p.openedAt !== open.at) {
      bad(p.id, {
        en: `says opened by ${p.openedBy} at ${p.openedAt}; the log says ${open.actor} at ${open.at}`,
        it: `risulta aperto da ${p.openedBy} (${p.openedAt}); secondo il registro di audit da ${open.actor} (${open.at})`,
      });
    }
    const close = closed.get(p.id);
    if (p.state === 'closed' && !close) bad(p.id, { en: 'is closed, but no audit entry closed it', it: 'è chiuso, ma nessuna voce del registro di audit lo ha chiuso' });
    if (p.state !== 'closed' && close) {
      // a period is open or closed; any other state was written behind the store's back and is named as stored
      const state = p.state === 'open' ? 'aperto' : `nello stato ${p.state}`;
      bad(p.id, { en: `is ${p.state}, but was closed by ${close.actor} at ${close.at}`, it: `risulta ${state}, ma è stato chiuso da ${close.actor} (${close.at})` });
    }
    if (close && p.state === 'closed' && (p.closedBy !== close.actor || p.closedAt !== close.at)) {
      bad(p.id, {
        en: `says closed by ${p.closedBy} at ${p.closedAt}; the log says ${close.actor} at ${close.at}`,
        it: `risulta chiuso da ${p.closedBy} (${p.closedAt}); secondo il registro di audit da ${close.actor} (${close.at})`,
      });
    }
  }
  const ids = new Set(rows.map((p) => p.id));
  for (const id of opened.keys()) if (!ids.has(id)) bad(id, { en: 'was opened (audit log) but is missing', it: 'è stato aperto (registro di audit) ma manca' });
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
    const bad = (text: BothLanguages): number => problems.push({ table: 'provvigo_plan_versions', key, ...worded(text) });
    const stored = r.hash.slice(0, 12);
    if (storedPlanHash(r.plan) !== r.hash) bad({ en: `its content no longer hashes to ${stored}…`, it: `il suo contenuto non ha più l'hash ${stored}…` });
    if (r.plan.id !== r.plan_id || r.plan.version !== r.version || r.plan.effectiveFrom !== r.effective_from || (r.plan.effectiveTo ?? null) !== r.effective_to) {
      bad({ en: 'its columns disagree with its content', it: 'le sue colonne non corrispondono al suo contenuto' });
    }
    const saved = live.get(key)?.slice(0, 12);
    if (live.get(key) !== r.hash) {
      bad(live.has(key) ? { en: `was saved with hash ${saved}…`, it: `è stata salvata con l'hash ${saved}…` } : { en: 'no audit entry saved it', it: "nessuna voce del registro di audit l'ha salvata" });
    }
    live.delete(key);
  }
  for (const key of live.keys()) problems.push({ table: 'provvigo_plan_versions', key, ...worded({ en: 'was saved (audit log) but is missing', it: 'è stata salvata (registro di audit) ma manca' }) });
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
    const bad = (text: BothLanguages): number => problems.push({ table: 'provvigo_runs', key: r.id, ...worded(text) });
    const entry = lastRecord.get(r.id);
    if (!entry) {
      bad({ en: 'no audit entry records this run', it: 'nessuna voce del registro di audit registra questa esecuzione' });
      continue;
    }
    const by = entryNamed(entry);
    if (hash(r.record) !== entry.details['recordHash']) bad({ en: `its record is not the one ${by.en} recorded`, it: `il suo record non è quello registrato dalla ${by.it}` });
    const rec = r.record;
    if (r.id !== rec.id || r.state !== rec.state || r.period_id !== rec.period.id || r.input_hash !== rec.inputHash || r.output_hash !== rec.outputHash) {
      bad({ en: 'its columns (state, period, hashes) disagree with its record', it: 'le sue colonne (stato, periodo, hash) non corrispondono al suo record' });
    }
    const calc = lastCalc.get(r.id);
    if (rec.state !== 'draft') {
      if (!calc) bad({ en: 'is calculated, but no audit entry recorded the calculation', it: 'risulta calcolata, ma nessuna voce del registro di audit ha registrato il calcolo' });
      else {
        if (hash(r.summary) !== calc.details['summaryHash']) {
          bad({ en: `its evaluation summary is not the one entry #${calc.seq} recorded`, it: `il suo riepilogo del calcolo non è quello registrato dalla voce n. ${calc.seq}` });
        }
        if (r.ledger_seq !== calc.details['ledgerSeq']) {
          const seq = String(calc.details['ledgerSeq']);
          bad({
            en: `was calculated against ledger #${seq}, the row says #${r.ledger_seq}`,
            it: `è stata calcolata sul registro contabile fino al movimento n. ${seq}, la riga indica n. ${r.ledger_seq}`,
          });
        }
        const evaluated = await store.getEvaluated(r.id).catch((e: Error) => e);
        if (evaluated instanceof Error) problems.push({ table: 'provvigo_runs', key: r.id, ...relayed(evaluated) });
        else if (evaluatedHash(evaluated) !== calc.details['evaluatedHash']) {
          bad({ en: `its evaluated statements are not the ones entry #${calc.seq} recorded`, it: `i suoi estratti conto calcolati non sono quelli registrati dalla voce n. ${calc.seq}` });
        }
      }
    }
    const pins = await store.runPlans(r.id);
    const recorded = [...rec.plans].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (hash(pins) !== hash(recorded)) {
      bad({ en: 'its pinned plan versions disagree with the versions its record names', it: 'le versioni dei piani collegate non corrispondono a quelle indicate nel suo record' });
    }
  }
  const ids = new Set(rows.map((r) => r.id));
  for (const id of lastRecord.keys()) {
    if (!ids.has(id)) problems.push({ table: 'provvigo_runs', key: id, ...worded({ en: 'is in the audit log but missing', it: 'è nel registro di audit ma manca' }) });
  }
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
  const statement = worded({ en: 'its columns (payable, currency, blocked) disagree with its statement', it: 'le sue colonne (da pagare, valuta, bloccato) non corrispondono al suo estratto conto' });
  const trace = worded({ en: 'its partner column disagrees with its trace', it: 'la sua colonna partner non corrisponde alla sua traccia' });
  const groups = worded({ en: 'its partner column disagrees with its trace groups', it: 'la sua colonna partner non corrisponde ai suoi gruppi di tracce' });
  return [
    ...rows.map((r) => ({ table: 'provvigo_statements', key: `${r.run_id}/${r.partner_id}`, ...statement })),
    ...traces.rows.map((r) => ({ table: 'provvigo_traces', key: `${r.run_id}/${r.line_id}`, ...trace })),
    ...columns.rows.map((r) => ({ table: 'provvigo_trace_columns', key: `${r.run_id}/${r.partner_id}`, ...groups })),
  ];
}

/** Ledger rows numbered 1…n without gaps, each booked by an existing approved run. */
async function verifyLedgerRows(q: Queryable): Promise<StoreProblem[]> {
  const problems: StoreProblem[] = [];
  const { rows } = await q.query<{ seq: number; id: string; state: string | null }>(
    `SELECT l.seq, l.id, r.state FROM provvigo_ledger l LEFT JOIN provvigo_runs r ON r.id = l.run_id ORDER BY l.seq`,
  );
  rows.forEach((r, i) => {
    const bad = (text: BothLanguages): number => problems.push({ table: 'provvigo_ledger', key: `#${r.seq}`, ...worded(text) });
    if (r.seq !== i + 1) {
      bad({
        en: `entry ${r.id} has seq ${r.seq}, expected ${i + 1}: entries were removed or inserted`,
        it: `il movimento ${r.id} ha il numero ${r.seq} invece di ${i + 1}: dei movimenti sono stati tolti o inseriti`,
      });
    }
    if (!r.state || !['approved', 'invoiced', 'posted'].includes(r.state)) {
      bad({ en: `entry ${r.id} belongs to no approved run`, it: `il movimento ${r.id} non appartiene a nessuna esecuzione approvata` });
    }
  });
  return problems;
}
