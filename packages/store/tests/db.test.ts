import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, openDatabase, PGLITE_LOCK_FILE } from '../src/index.js';
import { ENGINES, dbPerSuite, newLocation, postgresAvailable } from './helpers/engines.js';

const pgUp = await postgresAvailable();

describe.each(ENGINES)('Db and migrate on %s', (engine) => {
  const skip = engine === 'postgres' && !pgUp;
  const suite = dbPerSuite(engine, skip);

  it.skipIf(skip)('runs parameterised queries with the same types on both engines', async () => {
    await suite.db.exec('CREATE TABLE kinds (a numeric, c jsonb, n integer, t text)');
    await suite.db.query('INSERT INTO kinds VALUES ($1, $2, $3, $4)', ['12.30', JSON.stringify({ x: [1, 'y'] }), 7, 'ok']);
    const { rows } = await suite.db.query('SELECT a, c, n, t, count(*) OVER ()::int AS total FROM kinds');
    expect(rows).toEqual([{ a: '12.30', c: { x: [1, 'y'] }, n: 7, t: 'ok', total: 1 }]);
    const upd = await suite.db.query('UPDATE kinds SET n = n + 1');
    expect(upd.rowCount).toBe(1);
  });

  it.skipIf(skip)('commits a transaction and rolls back a failed one completely', async () => {
    await suite.db.exec('CREATE TABLE tx_items (id text PRIMARY KEY)');
    await suite.db.transaction(async (tx) => {
      await tx.query('INSERT INTO tx_items VALUES ($1)', ['a']);
      await tx.query('INSERT INTO tx_items VALUES ($1)', ['b']);
    });
    await expect(
      suite.db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_items VALUES ($1)', ['c']);
        await tx.query('INSERT INTO tx_items VALUES ($1)', ['a']); // duplicate key
      }),
    ).rejects.toThrow(/duplicate key/);
    await expect(
      suite.db.transaction(async (tx) => {
        await tx.query('INSERT INTO tx_items VALUES ($1)', ['d']);
        throw new Error('application error');
      }),
    ).rejects.toThrow('application error');
    const { rows } = await suite.db.query<{ id: string }>('SELECT id FROM tx_items ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it.skipIf(skip)('applies migrations once, in order, records them, and refuses edited ones', async () => {
    const m1 = { id: 'test/001_a', sql: 'CREATE TABLE mig_a (id int); CREATE TABLE mig_b (id int);' };
    const m2 = { id: 'test/002_b', sql: 'ALTER TABLE mig_a ADD COLUMN name text;' };
    expect(await migrate(suite.db, [m1])).toEqual({ applied: ['test/001_a'], skipped: [] });
    expect(await migrate(suite.db, [m1, m2])).toEqual({ applied: ['test/002_b'], skipped: ['test/001_a'] });
    expect(await migrate(suite.db, [m1, m2])).toEqual({ applied: [], skipped: ['test/001_a', 'test/002_b'] });
    // the whole list with the first one edited (without test/002_b the store would be refused as migrated by a newer release)
    await expect(migrate(suite.db, [{ id: 'test/001_a', sql: 'CREATE TABLE other (id int);' }, m2])).rejects.toThrow(
      /already applied with different SQL/,
    );
    const { rows } = await suite.db.query<{ id: string }>('SELECT id FROM provvigo_migrations ORDER BY id');
    expect(rows.map((r) => r.id)).toEqual(['test/001_a', 'test/002_b']);
  });

  it.skipIf(skip)('leaves nothing behind when one migration of a batch fails', async () => {
    // an area of its own: the suite's database records test/001_a and test/002_b, which a test/ list must hold
    const good = { id: 'batch/010_good', sql: 'CREATE TABLE mig_good (id int);' };
    const bad = { id: 'batch/011_bad', sql: 'CREATE TABLE mig_bad (id nosuchtype);' };
    await expect(migrate(suite.db, [good, bad])).rejects.toThrow(/migration "batch\/011_bad" failed/);
    const { rows } = await suite.db.query(`SELECT 1 FROM provvigo_migrations WHERE id = 'batch/010_good'`);
    expect(rows).toHaveLength(0);
    await expect(suite.db.query('SELECT * FROM mig_good')).rejects.toThrow(/does not exist/);
  });

  it.skipIf(skip || engine !== 'postgres')('serialises concurrent migrators with an advisory lock', async () => {
    // a fresh schema, and separate pools = separate sessions, like three processes starting at once
    const fresh = await newLocation('postgres');
    const others = await Promise.all([1, 2, 3].map(() => openDatabase(fresh.target)));
    const ms = [{ id: 'test/020_concurrent', sql: 'CREATE TABLE mig_conc (id int); SELECT pg_sleep(0.2);' }];
    const results = await Promise.all(others.map((o) => migrate(o, ms)));
    await Promise.all(others.map((o) => o.close()));
    await fresh.dispose();
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 1]);
  });
});

describe('an embedded store folder', () => {
  it('serves one process at a time, and takes over the lock of a process that died', async () => {
    const loc = await newLocation('pglite');
    const first = await openDatabase(loc.target);
    await expect(openDatabase(loc.target)).rejects.toThrow(/in use by process \d+ \(this one\)/);
    await first.close();
    // a lock left by a killed process (no such pid) does not block the next open
    writeFileSync(join(loc.target, PGLITE_LOCK_FILE), '2147483646');
    const again = await openDatabase(loc.target);
    expect((await again.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    // a small buffer pool: Postgres's 128MB default is zeroed at every open, half the time of opening a store
    expect((await again.query<{ shared_buffers: string }>('SHOW shared_buffers')).rows).toEqual([{ shared_buffers: '16MB' }]);
    await again.close();
    await loc.dispose();
  });
});
