import { beforeAll, describe, expect, it } from 'vitest';
import type { RunRecord } from '@provvigo/core';
import { Store, StoreError, type Db } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite, type TestLocation } from './helpers/engines.js';
import { PERIOD, draftRun, periodStatement, saveCalculatedRun, statement } from './helpers/fixtures.js';

const pgUp = await postgresAvailable();
const AT = '2026-11-02T09:00:00.000Z';

/** A store-level "approve": the locking and atomicity are under test here, not core's rules. */
function approveDecide(approver: string) {
  return async (current: { record: RunRecord }, ctx: { proposed: () => Promise<import('@provvigo/core').LedgerEntry[]> }) => {
    if (current.record.state !== 'validated') throw new Error(`run ${current.record.id} is ${current.record.state}, approved by ${current.record.approvedBy}`);
    const record: RunRecord = { ...current.record, state: 'approved', approvedBy: approver, approvedAt: AT };
    return { record, ledger: await ctx.proposed(), audit: { at: AT, actor: approver, action: 'run.approve', runId: record.id } };
  };
}

async function calculatedRun(store: Store, runId: string, partners: Record<string, string[]>): Promise<void> {
  await saveCalculatedRun(store, runId, Object.entries(partners).map(([p, amounts]) => statement(p, amounts)), AT);
  await store.transitionRun(runId, (cur) => ({
    record: { ...cur.record, state: 'validated' },
    audit: { at: AT, actor: 'carla', action: 'run.validate', runId },
  }));
}

describe.each(ENGINES)('Store on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  let loc: TestLocation;
  let db: Db;
  let store: Store;
  beforeAll(async () => {
    if (skip) return;
    ({ location: loc, db, store } = suite);
    await Store.open(db); // migrations are idempotent
    await store.openPeriod({ period: PERIOD, actor: 'carla', at: AT });
  });

  it.skipIf(skip)('opens a period once and refuses a second open', async () => {
    expect(await store.getPeriod(PERIOD.id)).toMatchObject({ id: PERIOD.id, state: 'open', openedBy: 'carla' });
    await expect(store.openPeriod({ period: PERIOD, actor: 'x', at: AT })).rejects.toMatchObject({ code: 'period_exists' });
    // periods follow each other: no overlap, no period slipped in before an existing one
    await expect(store.openPeriod({ period: { id: '2026-10b', start: '2026-10-15', end: '2026-11-14' }, actor: 'x', at: AT })).rejects.toMatchObject({
      code: 'period_order',
    });
    await expect(store.openPeriod({ period: { id: '2026-09', start: '2026-09-01', end: '2026-09-30' }, actor: 'x', at: AT })).rejects.toMatchObject({
      code: 'period_order',
    });
  });

  it.skipIf(skip)('stores statements with traces and reads them back identical', async () => {
    await calculatedRun(store, 'R-roundtrip', { P1: ['10.00', '5.55'], P2: ['0.10'] });
    const evaluated = [statement('P1', ['10.00', '5.55']), statement('P2', ['0.10'])];
    expect(await store.getEvaluated('R-roundtrip')).toEqual(evaluated);
    expect(await store.getStatements('R-roundtrip', 'P2')).toEqual([periodStatement(evaluated[1]!, 'R-roundtrip')]);
    expect(await store.listStatementHeaders('R-roundtrip')).toEqual([
      { runId: 'R-roundtrip', partnerId: 'P1', currency: 'EUR', payable: '15.55', total: '15.55', blocked: false },
      { runId: 'R-roundtrip', partnerId: 'P2', currency: 'EUR', payable: '0.10', total: '0.10', blocked: false },
    ]);
    expect(await store.getTrace('R-roundtrip', evaluated[0]!.lines[1]!.id)).toEqual(evaluated[0]!.lines[1]!.trace);
    expect((await store.getRun('R-roundtrip'))?.record.state).toBe('validated');
  });

  it.skipIf(skip)('approves in one transaction: run state, ledger and audit together, or nothing', async () => {
    await calculatedRun(store, 'R-approve', { P1: ['1.00'], P3: ['2.00', '3.00'] });
    const headBefore = await store.ledgerHead();
    const auditBefore = (await store.auditLog()).length;
    // a failure after the ledger entries were computed leaves no trace at all
    await expect(
      store.transitionRun('R-approve', async (cur, ctx) => ({
        record: { ...cur.record, state: 'approved' },
        ledger: [...(await ctx.proposed()), { ...(await ctx.proposed())[0]!, amount: 'not money' }],
        audit: { at: AT, actor: 'anna', action: 'run.approve' },
      })),
    ).rejects.toThrow();
    expect(await store.ledgerHead()).toBe(headBefore);
    expect((await store.auditLog()).length).toBe(auditBefore);
    expect((await store.getRun('R-approve'))?.record.state).toBe('validated');

    await store.transitionRun('R-approve', approveDecide('anna'));
    expect((await store.getRun('R-approve'))?.record).toMatchObject({ state: 'approved', approvedBy: 'anna' });
    expect((await store.ledger({ period: PERIOD.id })).filter((e) => e.runId === 'R-approve').map((e) => e.amount)).toEqual(['1.00', '2.00', '3.00']);
    expect(await store.ledgerHead()).toBe(headBefore + 3);
  });

  it.skipIf(skip)('refuses UPDATE, DELETE and TRUNCATE on ledger, audit and approved statements, even in raw SQL', async () => {
    await calculatedRun(store, 'R-frozen', { P9: ['7.00'] });
    await store.transitionRun('R-frozen', approveDecide('anna'));
    const refused = [
      `UPDATE provvigo_ledger SET amount = 0`,
      `DELETE FROM provvigo_ledger`,
      `TRUNCATE provvigo_ledger CASCADE`,
      `UPDATE provvigo_audit SET actor = 'mallory'`,
      `DELETE FROM provvigo_audit WHERE seq = 1`,
      `TRUNCATE provvigo_audit`,
      `DELETE FROM provvigo_statements WHERE run_id = 'R-frozen'`,
      `UPDATE provvigo_statements SET payable = 0 WHERE run_id = 'R-frozen'`,
      `DELETE FROM provvigo_trace_columns WHERE run_id = 'R-frozen'`,
      `UPDATE provvigo_runs SET output_hash = 'forged' WHERE id = 'R-frozen'`,
      `UPDATE provvigo_runs SET state = 'calculated' WHERE id = 'R-frozen'`,
      `DELETE FROM provvigo_runs WHERE id = 'R-frozen'`,
    ];
    for (const sql of refused) {
      await expect(db.query(sql), sql).rejects.toThrow(/provvigo:/);
    }
    expect(await store.getEvaluated('R-frozen')).toEqual([statement('P9', ['7.00'])]);
  });

  it.skipIf(skip)('refuses a calculation saved over a run someone else moved meanwhile', async () => {
    await calculatedRun(store, 'R-stale', { P1: ['1.00'] });
    await store.transitionRun('R-stale', approveDecide('anna'));
    const s = statement('P1', ['2.00']);
    await expect(
      store.saveCalculation(
        {
          record: { ...draftRun('R-stale', 'carla', AT), state: 'calculated', inputHash: 'x', outputHash: 'y' },
          summary: { period: PERIOD, plans: [], issues: [], counts: {}, totals: {}, inputHash: 'x', outputHash: 'y' },
          evaluated: [s],
          statements: [periodStatement(s, 'R-stale')],
          proposed: [],
          ledgerSeq: 0,
          audit: { at: AT, actor: 'carla', action: 'run.calculate' },
        },
        ['draft', 'calculated', 'validated'],
      ),
    ).rejects.toBeInstanceOf(StoreError);
  });

  it.skipIf(skip)('lets exactly one of two simultaneous approvers win', async () => {
    await calculatedRun(store, 'R-race', { P1: ['4.00'], P2: ['5.00'] });
    // on PostgreSQL: two pools = two real connections; on PGlite: the one embedded connection, two callers
    const other = engine === 'postgres' ? await Store.open(await loc.open()) : store;
    const results = await Promise.allSettled([
      store.transitionRun('R-race', approveDecide('anna')),
      other.transitionRun('R-race', approveDecide('bruno')),
    ]);
    if (other !== store) await other.close();
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (await store.getRun('R-race'))!.record.approvedBy!;
    expect(String(lost[0]!.reason.message)).toContain(`approved by ${winner}`);
    expect((await store.ledger()).filter((e) => e.runId === 'R-race')).toHaveLength(2);
  });

  it.skipIf(skip)('keeps a gapless audit chain whose hashes link', async () => {
    const log = await store.auditLog();
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    for (let i = 1; i < log.length; i++) expect(log[i]!.prevHash).toBe(log[i - 1]!.hash);
  });

  it.skipIf(skip)('closes a period once, with the check run inside the transaction', async () => {
    await expect(
      store.closePeriod({ periodId: PERIOD.id, actor: 'anna', at: AT, check: () => { throw new StoreError('period_closed', 'not yet'); } }),
    ).rejects.toThrow('not yet');
    expect((await store.getPeriod(PERIOD.id))!.state).toBe('open');
    await store.closePeriod({ periodId: PERIOD.id, actor: 'anna', at: AT });
    await expect(store.closePeriod({ periodId: PERIOD.id, actor: 'anna', at: AT })).rejects.toMatchObject({ code: 'period_closed' });
    await expect(store.createRun(draftRun('R-late', 'carla', AT), { at: AT, actor: 'carla', action: 'run.open' })).rejects.toMatchObject({ code: 'period_closed' });
  });
});
