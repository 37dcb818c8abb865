import { randomBytes } from 'node:crypto';
import { migrate, openDatabase, type Db } from '@provvigo/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import {
  MemoryJournalLog,
  SAP_MIGRATIONS,
  SqlJournalLog,
  SqlPostingLock,
  SqlPostingLog,
  SupplierInvoicePoster,
  formatReconciliation,
  resolveAuth,
  type JournalRecord,
} from '../src/index.js';
import { PASSWORD, makeConfig, makeInvoice } from './fixtures.js';

/** The same log and lock on a PostgreSQL server (CI=true: a missing server fails the suite instead of skipping). */
const PG_URL = process.env.PROVVIGO_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `sap_${randomBytes(5).toString('hex')}`;
let a: Db | undefined;
let b: Db | undefined;
let unavailable = '';

beforeAll(async () => {
  try {
    a = await openDatabase(`${PG_URL}?schema=${schema}`);
    b = await openDatabase(`${PG_URL}?schema=${schema}`);
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    unavailable = (error as Error).message;
  }
});

afterAll(async () => {
  if (a) await a.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await a?.close();
  await b?.close();
});

describe('on PostgreSQL', () => {
  it('two processes starting a posting run at once: exactly one gets the period, every invoice is posted once', async (ctx) => {
    if (!a || !b) return ctx.skip(`PostgreSQL not reachable: ${unavailable}`);
    await Promise.all([migrate(a, SAP_MIGRATIONS), migrate(b, SAP_MIGRATIONS)]);
    const at = new Date('2026-11-30T10:00:00Z');
    const [la, lb] = await Promise.all([new SqlPostingLock(a).acquire('sap:2026-11', 'A', at), new SqlPostingLock(b).acquire('sap:2026-11', 'B', at)]);
    expect([la.ok, lb.ok].filter(Boolean)).toHaveLength(1);

    const fake = await FakeS4Hana.start({ password: PASSWORD, duplicateCheck: false });
    try {
      const config = makeConfig(fake.url, 100);
      const winner = la.ok ? a : b;
      const poster = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new SqlPostingLog(winner), fetch: fake.fetch });
      fake.inject({ op: 'create', nth: 10, action: 'timeout-after-commit' });
      const r = await poster.postAll(Array.from({ length: 100 }, (_, i) => makeInvoice(i)));
      expect(formatReconciliation(r)).toBe('invoices 100 = posted 100 + already present 0 + failed 0');
      // the other process reads the same log after the winner released the lock
      await new SqlPostingLock(winner).release('sap:2026-11', la.ok ? 'A' : 'B');
      const other = la.ok ? b : a;
      expect((await new SqlPostingLock(other).acquire('sap:2026-11', 'C', at)).ok).toBe(true);
      const again = await new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new SqlPostingLog(other) }).postAll(Array.from({ length: 100 }, (_, i) => makeInvoice(i)));
      expect(formatReconciliation(again)).toBe('invoices 100 = posted 0 + already present 100 + failed 0');
      expect([...fake.countByReference().values()].every((n) => n === 1)).toBe(true);
      const rec = await new SqlPostingLog(other).get(r.results[5]!.key!);
      expect(rec).toMatchObject({ state: 'posted', resolution: 'created', attempts: 1 });
      expect(rec?.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    } finally {
      await fake.close();
    }
  }, 120_000);

  it("a journal log's list(period): that period's records, by accrual set, accrual before reversal, as MemoryJournalLog lists them", async (ctx) => {
    if (!a) return ctx.skip(`PostgreSQL not reachable: ${unavailable}`);
    await migrate(a, SAP_MIGRATIONS);
    const record = (accrualId: string, kind: JournalRecord['kind'], periodId: string, state: JournalRecord['state']): JournalRecord => ({
      accrualId,
      kind,
      periodId,
      companyCode: 'IT01',
      messageId: `m-${accrualId}`,
      state,
      accountingDocument: state === 'posted' ? '100000001' : null,
      errorMessage: state === 'failed' ? 'refused' : null,
      errorMessages: state === 'failed' ? { en: 'refused', it: 'rifiutata' } : null,
      contentDigest: null,
      updatedAt: '2026-12-01T06:00:00.000Z',
    });
    // saved out of order, with lower- and upper-case ids a database collation could order otherwise
    const records = [
      record('acc-b', 'reversal', '2026-11', 'accepted'),
      record('ACC-C', 'accrual', '2026-12', 'accepted'),
      record('acc-b', 'accrual', '2026-11', 'failed'),
      record('ACC-A', 'reversal', '2026-11', 'posted'),
      record('ACC-A', 'accrual', '2026-11', 'posted'),
    ];
    const sql = new SqlJournalLog(a);
    const memory = new MemoryJournalLog();
    for (const r of records) await Promise.all([sql.save(r), memory.save(r)]);
    const expected = [records[4], records[3], records[2], records[0]];
    expect(await sql.list('2026-11')).toEqual(expected);
    expect(await memory.list('2026-11')).toEqual(expected);
    expect(await sql.list('2026-10')).toEqual([]);
  });
});
