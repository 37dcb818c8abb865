// What `verifyStore` (`provvigo audit verify`) finds on a tampered store is worded in Italian and English where it is
// found (`messages`), the English `message` as it always was: a closed October is edited behind the store's back, one
// table at a time, and each problem found must carry an Italian text, different from the English, naming what the
// edit broke. A source scan refuses a problem written in English only in the verifiers.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, AuditEntry } from '@provvigo/core';
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
  type StoreProblem,
} from '../src/index.js';
import { freshPgliteFolder } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const RUN = '2026-10-r1';

let folder: string;
let db: Db;
let store: Store;
let log: AuditEntry[];
/** The audit entry of `action` (the last one), as the clean store holds it. */
const entry = (action: string): AuditEntry => [...log].reverse().find((e) => e.action === action)!;

beforeAll(async () => {
  folder = await freshPgliteFolder('provvigo-verify-it-');
  db = await openDatabase(folder);
  store = await Store.open(db);
  const at = '2026-11-01T08:00:00.000Z';
  await openPeriod(store, { period: OCTOBER, actor: carla, at });
  await calculatePeriod(store, { periodId: OCTOBER.id, inputs: sampleInputs(), actor: carla, at });
  await validatePeriod(store, { periodId: OCTOBER.id, actor: carla, at });
  await approvePeriod(store, { periodId: OCTOBER.id, actor: anna, at: '2026-11-02T08:00:00.000Z' });
  await closePeriod(store, { periodId: OCTOBER.id, actor: anna, at: '2026-11-03T08:00:00.000Z' });
  const ytd = (values: Record<string, string>) => ({ partnerId: 'AGT-0001', year: 2026, values, periods: [] });
  await importFiscalOpenings(store, { states: [ytd({ 'enasarco.base': '1200.00' })], source: 'previous-system.csv', actor: 'carla', at: '2026-11-04T08:00:00.000Z' });
  await recordFiscalSettlements(store, {
    settlements: [{ partnerId: 'AGT-0001', settles: '2026-Q3', ytdAfter: ytd({ 'enasarco.base': '1200.00' }), items: [] }],
    asOf: '2026-09-30',
    actor: 'anna',
    at: '2026-11-04T09:00:00.000Z',
  });
  log = await store.auditLog();
}, 300_000);

afterAll(async () => {
  await store?.close();
  rmSync(folder, { recursive: true, force: true });
});

/** `sql` run on `table` with its triggers off, the store verified, everything rolled back (PGlite is one session). */
async function tampered(table: string, sql: string): Promise<StoreProblem[]> {
  await db.exec('BEGIN');
  try {
    await db.exec(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
    expect((await db.query(sql)).rowCount).toBeGreaterThan(0);
    return (await verifyStore(store)).problems;
  } finally {
    await db.exec('ROLLBACK');
  }
}

/** Every problem in both languages (the English its `message`, the Italian another sentence); the Italian lines. */
function italian(problems: StoreProblem[]): string {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.messages, `${p.table} ${p.key}: ${p.message}`).toBeDefined();
    expect(p.messages!.en).toBe(p.message);
    expect(p.messages!.it, p.message).not.toBe(p.message);
  }
  return problems.map((p) => `${p.table} ${p.key}: ${p.messages!.it}`).join('\n');
}

describe('verifyStore words what it finds in Italian and English', () => {
  it('the clean store verifies', async () => {
    expect((await verifyStore(store)).problems).toEqual([]);
  });

  it("a closed period's end date moved: the dates it covers and the ones it was opened for", async () => {
    const found = italian(await tampered('provvigo_periods', `UPDATE provvigo_periods SET end_date = '2026-10-30' WHERE id = '2026-10'`));
    expect(found).toContain('provvigo_periods 2026-10: copre 2026-10-01 … 2026-10-30, ma è stato aperto per 2026-10-01 … 2026-10-31');
  });

  it('a closed period reopened: who closed it, by the log', async () => {
    const found = italian(await tampered('provvigo_periods', `UPDATE provvigo_periods SET state = 'open', closed_by = NULL, closed_at = NULL WHERE id = '2026-10'`));
    const close = entry('period.close');
    expect(found).toContain(`provvigo_periods 2026-10: risulta aperto, ma è stato chiuso da anna (${close.at})`);
  });

  it("the approval's audit entry edited in the chain, and in its columns", async () => {
    const approve = entry('run.approve');
    const chained = italian(await tampered('provvigo_audit', `UPDATE provvigo_audit SET entry = jsonb_set(entry, '{actor}', '"mallory"') WHERE seq = ${approve.seq}`));
    expect(chained).toMatch(new RegExp(`^provvigo_audit #${approve.seq}: hash_mismatch: la voce n\\. ${approve.seq} \\(posizione ${approve.seq - 1}\\) è stata modificata`, 'm'));
    const columns = italian(await tampered('provvigo_audit', `UPDATE provvigo_audit SET actor = 'mallory' WHERE seq = ${approve.seq}`));
    expect(columns).toContain(`provvigo_audit #${approve.seq}: le sue colonne (autore, azione, esecuzione, hash) non corrispondono alla voce nella catena`);
  });

  it("a pinned plan version's parameter changed: the hash it was saved with", async () => {
    const problems = await tampered('provvigo_plan_versions', `UPDATE provvigo_plan_versions SET plan = jsonb_set(plan, '{parameters,EfficiencyBonus,value}', '"99.00"') WHERE plan_id = 'agency-agents'`);
    // the run's snapshot no longer reads back either: that problem is the refusal of the code that reads snapshots,
    // relayed in the languages that refusal has (snapshots.ts), so only the plan versions' own problems are checked
    const found = italian(problems.filter((p) => p.table === 'provvigo_plan_versions'));
    expect(problems.some((p) => p.table === 'provvigo_runs' && p.message.includes('agency-agents'))).toBe(true);
    const saved = log.find((e) => e.action === 'plan.save' && e.details['plan'] === 'agency-agents')!;
    expect(found).toContain(`provvigo_plan_versions agency-agents@1: il suo contenuto non ha più l'hash ${String(saved.details['hash']).slice(0, 12)}…`);
  });

  it("the approved run's record edited: the entry that recorded it", async () => {
    const found = italian(await tampered('provvigo_runs', `UPDATE provvigo_runs SET record = jsonb_set(record, '{approvedBy}', '"carla"') WHERE id = '${RUN}'`));
    const last = [...log].reverse().find((e) => e.runId === RUN && typeof e.details['recordHash'] === 'string')!;
    expect(found).toContain(`provvigo_runs ${RUN}: il suo record non è quello registrato dalla voce n. ${last.seq} (${last.action} di ${last.actor})`);
  });

  it("a statement's payable column changed", async () => {
    const found = italian(await tampered('provvigo_statements', `UPDATE provvigo_statements SET payable = payable + 1000 WHERE run_id = '${RUN}' AND partner_id = 'AGT-0001'`));
    expect(found).toContain(`provvigo_statements ${RUN}/AGT-0001: le sue colonne (da pagare, valuta, bloccato) non corrispondono al suo estratto conto`);
  });

  it('a booked ledger entry changed, then the last one deleted: what the approval booked', async () => {
    const [first] = await store.ledger();
    const changed = italian(
      await tampered('provvigo_ledger', `UPDATE provvigo_ledger SET amount = amount + 1, entry = jsonb_set(entry, '{amount}', to_jsonb((amount + 1)::text)) WHERE seq = 1`),
    );
    expect(changed).toContain(`provvigo_runs ${RUN}: il movimento ${first!.id} del registro contabile è diverso da quello contabilizzato all'approvazione dell'esecuzione`);
    const n = (await store.ledger()).filter((e) => e.runId === RUN).length;
    const deleted = italian(await tampered('provvigo_ledger', `DELETE FROM provvigo_ledger WHERE seq = (SELECT max(seq) FROM provvigo_ledger)`));
    expect(deleted).toContain(`provvigo_runs ${RUN}: il registro contabile contiene ${n - 1} movimenti dell'esecuzione, l'approvazione ne avrebbe dovuti contabilizzare ${n}`);
  });

  it("a partner's trace groups deleted: a line without its trace", async () => {
    const found = italian(await tampered('provvigo_trace_columns', `DELETE FROM provvigo_trace_columns WHERE partner_id = 'AGT-0001'`));
    expect(found).toContain(`provvigo_runs ${RUN}: una riga ha perso la sua traccia`);
  });

  it("the run's snapshot deleted, and a partner snapshot's net to pay changed", async () => {
    const calc = entry('run.calculate');
    const deleted = italian(await tampered('provvigo_run_snapshots', `DELETE FROM provvigo_run_snapshots WHERE run_id = '${RUN}'`));
    expect(deleted).toContain(`provvigo_run_snapshots ${RUN}: manca, ma la voce n. ${calc.seq} (run.calculate di carla) l'ha registrata`);
    const net = italian(await tampered('provvigo_partner_snapshots', `UPDATE provvigo_partner_snapshots SET net_to_pay = 1000 WHERE partner_id = 'AGT-0001'`));
    expect(net).toContain(`provvigo_partner_snapshots ${RUN}/AGT-0001: la sua colonna net_to_pay non corrisponde al suo risultato fiscale`);
  });

  it('a fiscal opening balance edited, and the settlement deleted: the entries that recorded them', async () => {
    const imported = entry('fiscal.openings.import');
    const settled = entry('fiscal.settle');
    const opening = italian(
      await tampered('provvigo_fiscal_openings', `UPDATE provvigo_fiscal_openings SET state = jsonb_set(state, '{values,enasarco.base}', '"9999.00"') WHERE partner_id = 'AGT-0001'`),
    );
    expect(opening).toContain(`provvigo_fiscal_openings AGT-0001/2026: il suo contenuto non è quello registrato dalla voce n. ${imported.seq} (fiscal.openings.import di carla)`);
    const settlement = italian(await tampered('provvigo_fiscal_settlements', `DELETE FROM provvigo_fiscal_settlements WHERE partner_id = 'AGT-0001'`));
    expect(settlement).toContain(`provvigo_fiscal_settlements AGT-0001/2026-Q3: manca, ma la voce n. ${settled.seq} (fiscal.settle di anna) l'ha registrata`);
  });

  it('a head and count anchored elsewhere that the log no longer reaches', async () => {
    const found = italian((await verifyStore(store, { expectedHead: 'f'.repeat(64), expectedCount: log.length + 1 })).problems);
    expect(found).toContain(`provvigo_audit head: il registro di audit termina con l'hash ${log.at(-1)!.hash}, l'ultimo hash conservato altrove è ${'f'.repeat(64)}`);
    expect(found).toContain(`provvigo_audit count: il registro di audit contiene ${log.length} voci, il conteggio conservato altrove è ${log.length + 1}`);
  });
});

describe('no problem of the verifiers is written in English only (source scan)', () => {
  const FILES = ['verify.ts', 'verifySnapshots.ts', 'verifyFiscal.ts', 'runIntegrity.ts'];
  /**
   * A `message` given anything but its type: a problem's text is `worded({ en, it })` (or `relayed(error)`), never a
   * `message` written by hand, which would be English only.
   */
  const handWritten = (source: string): string[] => [...source.matchAll(/\bmessage\??\s*:\s*(?!\s|string\b)[^\n]{0,60}/g)].map((m) => m[0]);

  it('the scan flags a message written by hand, and passes the type and a worded text', () => {
    expect(handWritten("problems.push({ table, key, message: 'no audit entry opened this period' });")).toHaveLength(1);
    expect(handWritten(`problems.push({ runId: r.id, message: \`draft run has \${n} ledger entries\` });`)).toHaveLength(1);
    expect(handWritten('problems.push({ runId: r.id, message: read.message });')).toHaveLength(1);
    expect(handWritten("export interface StoreProblem {\n  message: string;\n}\nproblems.push({ table, key, ...worded({ en: 'x y', it: 'x z' }) });")).toEqual([]);
  });

  it('finds none in the store verifiers', () => {
    let worded = 0;
    for (const file of FILES) {
      const source = readFileSync(fileURLToPath(new URL(`../src/${file}`, import.meta.url)), 'utf8');
      expect(handWritten(source), file).toEqual([]);
      worded += [...source.matchAll(/\bit:\s*['"`]/g)].length;
    }
    // the problems are there to scan: each file's texts, with their Italian
    expect(worded).toBeGreaterThanOrEqual(40);
  });
});
