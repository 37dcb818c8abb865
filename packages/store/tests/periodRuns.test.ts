import { computePeriod, type PeriodInputs } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { RunError, verifyAuditLog, type Actor } from '@provvigo/core';
import { Store, approvePeriod, calculatePeriod, checkRunIntegrity, closePeriod, openPeriod, validatePeriod, advanceRun, migrate } from '../src/index.js';
import { ENGINES, postgresAvailable, storePerSuite } from './helpers/engines.js';
import { OCTOBER, sampleInputs } from './helpers/inputs.js';

const pgUp = await postgresAvailable();
const carla: Actor = { id: 'carla', roles: ['calculator'] };
const anna: Actor = { id: 'anna', roles: ['approver'] };
const bruno: Actor = { id: 'bruno', roles: ['approver'] };
const NOVEMBER = { id: '2026-11', start: '2026-11-01', end: '2026-11-30' };
const at = (n: number): string => `2026-11-0${n}T10:00:00.000Z`;

describe.each(ENGINES)('period workflow on %s (real evaluate and ledger rules)', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = storePerSuite(engine, skip);
  const inputs: PeriodInputs = sampleInputs();

  it.skipIf(skip)('calculates, refuses four-eyes violations, approves once, books the ledger and closes', async () => {
    const { run } = await openPeriod(suite.store, { period: OCTOBER, actor: carla, at: at(1) });
    expect(run.record).toMatchObject({ id: '2026-10-r1', state: 'draft' });

    const calc = await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(2) });
    expect(calc.changed).toBe(true);
    const expected = computePeriod({ runId: '2026-10-r1', period: OCTOBER, inputs, ledger: [] });
    expect(calc.run.record.outputHash).toBe(expected.outputHash);
    expect(calc.run.record.inputHash).toBe(expected.inputHash);
    expect(calc.proposed.length).toBeGreaterThan(0);

    // same inputs, same ledger: nothing written, same hashes
    const auditBefore = (await suite.store.auditLog()).length;
    const again = await calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(3) });
    expect(again.changed).toBe(false);
    expect((await suite.store.auditLog()).length).toBe(auditBefore);

    await expect(approvePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(3) })).rejects.toMatchObject({ code: 'invalid_transition' });
    await validatePeriod(suite.store, { periodId: OCTOBER.id, actor: carla, at: at(3) });
    await expect(approvePeriod(suite.store, { periodId: OCTOBER.id, actor: { id: 'carla', roles: ['approver'] }, at: at(4) })).rejects.toMatchObject({
      code: 'four_eyes',
    });
    expect(await suite.store.ledgerHead()).toBe(0);

    const approved = await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(4) });
    const blocked = new Set(approved.blocked.map((b) => b.partnerId));
    expect(approved.approved.length).toBeGreaterThan(0);
    expect(approved.entries).toBe(calc.proposed.filter((e) => !blocked.has(e.partnerId)).length);
    expect(await suite.store.ledgerHead()).toBe(approved.entries);

    // the same approver again (e.g. after a crash): no-op; another approver: clear refusal
    expect((await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(5) })).already).toBe(true);
    const refusal = await approvePeriod(suite.store, { periodId: OCTOBER.id, actor: bruno, at: at(5) }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RunError);
    expect((refusal as RunError).message).toMatch(/already approved by anna/);
    await expect(calculatePeriod(suite.store, { periodId: OCTOBER.id, inputs, actor: carla, at: at(5) })).rejects.toMatchObject({ code: 'run_immutable' });

    expect(await checkRunIntegrity(suite.store)).toEqual([]);
    expect(verifyAuditLog(await suite.store.auditLog()).ok).toBe(true);
    await closePeriod(suite.store, { periodId: OCTOBER.id, actor: anna, at: at(6) });
    expect((await suite.store.getPeriod(OCTOBER.id))!.state).toBe('closed');
  });

  it.skipIf(skip)('books no adjustment for unchanged facts and exact adjustments for a retro correction', async () => {
    await openPeriod(suite.store, { period: NOVEMBER, actor: carla, at: at(6) });
    const unchanged = await calculatePeriod(suite.store, { periodId: NOVEMBER.id, inputs, actor: carla, at: at(7) });
    expect(unchanged.adjustments).toEqual([]);

    // correct one October contract's consumption: its commission changes, and only its commission
    const octLines = (await suite.store.getEvaluated('2026-10-r1')).flatMap((s) => s.lines).filter((l) => l.source?.table === 'contracts' && l.amount !== '0.00');
    const target = octLines[0]!;
    const corrected: PeriodInputs = {
      ...inputs,
      facts: {
        ...inputs.facts,
        contracts: inputs.facts.contracts!.map((c) =>
          c.id === target.source!.id ? { ...c, annualKwh: Number(c.annualKwh ?? 0) * 3 + 1000, annualSmc: Number(c.annualSmc ?? 0) * 3 + 1000 } : c,
        ),
      },
    };
    const adjusted = await calculatePeriod(suite.store, { periodId: NOVEMBER.id, inputs: corrected, actor: carla, at: at(8) });
    expect(adjusted.changed).toBe(true);
    expect(adjusted.adjustments.length).toBeGreaterThan(0);
    for (const a of adjusted.adjustments) {
      expect(a.originalPeriod).toBe(OCTOBER.id);
      expect(a.source?.id).toBe(target.source!.id);
    }
    // October's approved statements never changed
    expect(await checkRunIntegrity(suite.store)).toEqual([]);
  });

  it.skipIf(skip)('lets exactly one of two simultaneous approvers win', async () => {
    await validatePeriod(suite.store, { periodId: NOVEMBER.id, actor: carla, at: at(8) });
    // PostgreSQL: a second pool, i.e. other connections, as another process would have; PGlite: one embedded connection
    const other = engine === 'postgres' ? await Store.open(await suite.location.open()) : suite.store;
    const results = await Promise.allSettled([
      approvePeriod(suite.store, { periodId: NOVEMBER.id, actor: anna, at: at(9) }),
      approvePeriod(other, { periodId: NOVEMBER.id, actor: bruno, at: at(9) }),
    ]);
    if (other !== suite.store) await other.close();
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = (await suite.store.getRun('2026-11-r1'))!.record.approvedBy;
    expect(lost[0]!.reason).toBeInstanceOf(RunError);
    expect(lost[0]!.reason.message).toContain(`already approved by ${winner}`);
    expect(await checkRunIntegrity(suite.store)).toEqual([]);
    expect(verifyAuditLog(await suite.store.auditLog()).ok).toBe(true);
  });

  it.skipIf(skip)('invoices and posts an approved run, posting together with the caller\'s own rows', async () => {
    await migrate(suite.db, [{ id: 'test/postings', sql: 'CREATE TABLE test_postings (run_id text PRIMARY KEY, doc text NOT NULL)' }]);
    const invoiced = await advanceRun(suite.store, { runId: '2026-10-r1', action: 'invoice', actor: anna, at: at(7) });
    expect(invoiced).toMatchObject({ changed: true, run: { record: { state: 'invoiced', invoicedBy: 'anna' } } });
    // the posting fails after writing its row: neither the row nor the state change survive
    await expect(
      advanceRun(suite.store, {
        runId: '2026-10-r1', action: 'post', actor: anna, at: at(8),
        write: async (tx) => {
          await tx.query('INSERT INTO test_postings VALUES ($1, $2)', ['2026-10-r1', '5100000001']);
          throw new Error('SAP said no');
        },
      }),
    ).rejects.toThrow('SAP said no');
    expect((await suite.store.getRun('2026-10-r1'))!.record.state).toBe('invoiced');
    expect((await suite.db.query('SELECT * FROM test_postings')).rows).toEqual([]);
    const posted = await advanceRun(suite.store, {
      runId: '2026-10-r1', action: 'post', actor: anna, at: at(9),
      write: async (tx) => void (await tx.query('INSERT INTO test_postings VALUES ($1, $2)', ['2026-10-r1', '5100000002'])),
    });
    expect(posted.run.record.state).toBe('posted');
    expect((await suite.db.query('SELECT doc FROM test_postings')).rows).toEqual([{ doc: '5100000002' }]);
    expect((await advanceRun(suite.store, { runId: '2026-10-r1', action: 'post', actor: anna, at: at(9) })).changed).toBe(false);
    expect(await checkRunIntegrity(suite.store)).toEqual([]);
  });

  it.skipIf(skip)("reads one run's audit entries, of one action or all, in chain order, as the whole log holds them", async () => {
    const log = await suite.store.auditLog();
    for (const runId of ['2026-10-r1', '2026-11-r1']) {
      const own = log.filter((e) => e.runId === runId);
      expect(own.length).toBeGreaterThan(2);
      expect(await suite.store.runAudit(runId)).toEqual(own);
      expect(await suite.store.runAudit(runId, 'run.approve')).toEqual(own.filter((e) => e.action === 'run.approve'));
    }
    expect((await suite.store.runAudit('2026-10-r1', 'run.approve')).map((e) => e.actor)).toEqual(['anna']);
    expect(await suite.store.runAudit('2030-01-r1')).toEqual([]);
  });

  it.skipIf(skip)('pages back through the log newest first, filtered by action, actor or run, and refuses a page out of range', async () => {
    const newestFirst = [...(await suite.store.auditLog())].reverse();
    const pages: number[][] = [];
    let before: number | undefined;
    do {
      const page = await suite.store.auditPage({ limit: 3, before });
      pages.push(page.entries.map((e) => e.seq));
      before = page.next ?? undefined;
    } while (before !== undefined);
    expect(pages.flat()).toEqual(newestFirst.map((e) => e.seq));
    expect(pages.slice(0, -1).every((p) => p.length === 3)).toBe(true);

    // each filter against the whole log filtered here; none of the expected lists is empty
    const cases: Array<[Parameters<typeof suite.store.auditPage>[0], (e: (typeof newestFirst)[number]) => boolean]> = [
      [{ limit: 500, action: 'run.approve' }, (e) => e.action === 'run.approve'],
      // an actor is matched as the log keeps it (trimmed, lower case), whatever the case typed
      [{ limit: 500, actor: ' Carla ' }, (e) => e.actor === 'carla'],
      [{ limit: 500, runId: '2026-11-r1', action: 'run.validate' }, (e) => e.runId === '2026-11-r1' && e.action === 'run.validate'],
    ];
    for (const [filter, wanted] of cases) {
      const expected = newestFirst.filter(wanted).map((e) => e.seq);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect((await suite.store.auditPage(filter)).entries.map((e) => e.seq), JSON.stringify(filter)).toEqual(expected);
    }
    expect(await suite.store.auditPage({ limit: 2, action: 'no.such.action' })).toEqual({ entries: [], next: null });
    for (const bad of [{ limit: 0 }, { limit: 501 }, { limit: 1.5 }, { limit: 10, before: 0 }, { limit: 10, after: -1 }, { limit: 10, after: 2 ** 31 }]) {
      await expect(suite.store.auditPage(bad), JSON.stringify(bad)).rejects.toMatchObject({
        code: 'invalid_data',
        messages: { it: 'una pagina del registro di audit contiene da 1 a 500 voci, prima o dopo un numero di voce' },
      });
    }
  });

  it.skipIf(skip)('reads the log in chain order a page at a time: every entry once, filtered as the pages are, past several pages', async () => {
    // enough entries for three pages of MAX_AUDIT_PAGE (500), every third one of a second actor
    const before = await suite.store.auditLog();
    for (let i = 0; i < 1010; i++) {
      await suite.store.appendAudit({ at: '2026-12-08T05:00:00.000Z', actor: i % 3 === 0 ? 'bulk-b' : 'bulk-a', action: 'test.bulk', runId: null, inputHash: null, outputHash: null, details: { i } });
    }
    const whole = await suite.store.auditLog();
    expect(whole.length).toBe(before.length + 1010);
    const read = async (filter: Parameters<typeof suite.store.auditEntries>[0]) => {
      const out = [];
      for await (const e of suite.store.auditEntries(filter)) out.push(e);
      return out;
    };
    expect(await read({})).toEqual(whole);
    expect(await read({ actor: 'bulk-b' })).toEqual(whole.filter((e) => e.actor === 'bulk-b'));
    expect((await read({ action: 'run.approve' })).map((e) => e.seq)).toEqual(whole.filter((e) => e.action === 'run.approve').map((e) => e.seq));
    // a page in chain order starts after its cursor and names the next one
    const first = await suite.store.auditPage({ order: 'chain', after: 0, limit: 4 });
    expect(first).toEqual({ entries: whole.slice(0, 4), next: whole[3]!.seq });
    expect((await suite.store.auditPage({ order: 'chain', after: first.next!, limit: 2 })).entries).toEqual(whole.slice(4, 6));
    expect(await suite.store.auditPage({ order: 'chain', after: whole.at(-1)!.seq, limit: 10 })).toEqual({ entries: [], next: null });
  }, 120_000);
});
