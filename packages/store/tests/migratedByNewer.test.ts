// A store a newer Provvigo migrated records migrations this release does not know (`store/900_…`). Opened by an older
// release, it used to be read and written as if it had the older schema: migrate() applied what it knew and passed
// over the rest, so an older release silently misread columns it did not know and wrote rows without them. It must be
// refused instead, before anything is applied, naming the store and the unknown ids, and saying what to do. Only the
// areas of the list given to migrate() count (`store/` and `snapshot/` for Store.open): billing, queue or SAP tables are
// migrated by their own packages with their own lists, and a newer adapter is no reason to refuse an older store.
// Every case runs on a fresh PGlite folder (the file-backed store) and a fresh PostgreSQL schema. The expected texts
// are written out from the refusal's rule: the store as the other migration refusals name it, the ids, what to do.
import { describe, expect, it } from 'vitest';
import { STORE_MIGRATIONS, Store, migrate, type Db } from '../src/index.js';
import { ENGINES, newLocation, postgresAvailable, type TestLocation } from './helpers/engines.js';
import { refusal, type Texts } from './helpers/refusals.js';

const pgUp = await postgresAvailable();

/** A fresh database on `engine`, and the store as migration refusals name it (the folder; the URL and its schema). */
async function withFreshDb(engine: 'pglite' | 'postgres', fn: (db: Db, where: string) => Promise<void>): Promise<void> {
  const loc: TestLocation = await newLocation(engine);
  const db = await loc.open();
  try {
    await fn(db, engine === 'pglite' ? loc.target : `${db.target} (schema ${loc.schema})`);
  } finally {
    await db.close();
    await loc.dispose();
  }
}

const recordedIds = async (db: Db) => (await db.query<{ id: string }>('SELECT id FROM provvigo_migrations ORDER BY id')).rows.map((r) => r.id);
const tableExists = async (db: Db, name: string) => (await db.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name])).rows[0]!.t !== null;

/** The refusal for the store at `where` recording `ids` (already quoted and joined) that this release does not know. */
function migratedByNewer(where: string, one: boolean, ids: string): Texts {
  return {
    en:
      `the store ${where} was migrated by a newer release of Provvigo: it records ${one ? 'migration' : 'migrations'} ${ids} that this release ` +
      'does not know, and would misread its data. Nothing was changed: upgrade Provvigo to the release that migrated it, or a later one; never downgrade a store',
    it:
      `l'archivio ${where} è stato migrato da una versione più recente di Provvigo: registra ${one ? 'la migrazione' : 'le migrazioni'} ${ids} che questa versione ` +
      "non conosce, e ne leggerebbe male i dati. Non è stato modificato nulla: aggiorna Provvigo alla versione che l'ha migrato, o a una successiva; non riportare mai un archivio a una versione precedente",
  };
}

describe.each(ENGINES)('a store a newer Provvigo migrated, on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;

  it.skipIf(skip)('Store.open refuses it, naming the store and the ids it does not know (store/ and snapshot/ alike)', async () => {
    await withFreshDb(engine, async (db, where) => {
      // what a newer release does: its STORE_MIGRATIONS, which are this release's and then some
      const newer = [
        ...STORE_MIGRATIONS,
        { id: 'store/900_newer_runs', sql: 'CREATE TABLE newer_runs (id int);' },
        { id: 'snapshot/900_newer_snapshots', sql: 'CREATE TABLE newer_snapshots (id int);' },
      ];
      await migrate(db, newer);
      const before = await recordedIds(db);
      const m = await refusal(Store.open(db));
      expect(m).toEqual(migratedByNewer(where, false, '"snapshot/900_newer_snapshots", "store/900_newer_runs"'));
      expect(await recordedIds(db)).toEqual(before);
    });
  });

  it.skipIf(skip)('the list is a prefix of what is recorded: refused before applying anything, even a pending one', async () => {
    await withFreshDb(engine, async (db, where) => {
      const [a, b, c] = ['001', '002', '003'].map((n) => ({ id: `test/${n}_t${n}`, sql: `CREATE TABLE t${n} (id int);` }));
      await migrate(db, [a!, b!, c!]);
      // an older release's list: the first two
      expect(await refusal(migrate(db, [a!, b!]))).toEqual(migratedByNewer(where, true, '"test/003_t003"'));
      // a list that also holds one not yet recorded: still refused, and that one not applied
      const pending = { id: 'test/004_pending', sql: 'CREATE TABLE t_pending (id int);' };
      expect((await refusal(migrate(db, [a!, pending]))).en).toBe(migratedByNewer(where, false, '"test/002_t002", "test/003_t003"').en);
      expect(await tableExists(db, 't_pending')).toBe(false);
      expect(await recordedIds(db)).toEqual(['test/001_t001', 'test/002_t002', 'test/003_t003']);
      // the whole list, in order, opens as before
      expect(await migrate(db, [a!, b!, c!])).toEqual({ applied: [], skipped: ['test/001_t001', 'test/002_t002', 'test/003_t003'] });
    });
  });

  it.skipIf(skip)("another area's migrations, newer or not, are no reason to refuse; nor are ids without an area", async () => {
    await withFreshDb(engine, async (db) => {
      // billing, queue and SAP tables beside the store's, as their packages migrate them with their own lists
      await migrate(db, [{ id: 'billing/001_inbox', sql: 'CREATE TABLE b_inbox (id int);' }]);
      await migrate(db, [{ id: 'queue/900_newer_queue', sql: 'CREATE TABLE q_newer (id int);' }]);
      await migrate(db, [{ id: 'sap/001_postings', sql: 'CREATE TABLE s_postings (id int);' }]);
      await migrate(db, [{ id: 'legacy_without_area', sql: 'CREATE TABLE legacy (id int);' }]);
      await Store.open(db);
      const storeIds = STORE_MIGRATIONS.map((m) => m.id);
      expect(await migrate(db, STORE_MIGRATIONS)).toEqual({ applied: [], skipped: storeIds });
      // and the store's own newer migration does not stop an adapter's list from applying
      await migrate(db, [...STORE_MIGRATIONS, { id: 'store/900_newer_runs', sql: 'CREATE TABLE newer_runs (id int);' }]);
      expect(await migrate(db, [{ id: 'billing/001_inbox', sql: 'CREATE TABLE b_inbox (id int);' }, { id: 'billing/002_more', sql: 'CREATE TABLE b_more (id int);' }])).toEqual({
        applied: ['billing/002_more'],
        skipped: ['billing/001_inbox'],
      });
    });
  });
});
