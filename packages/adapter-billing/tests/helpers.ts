import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import { openDatabase, type Db } from '@provvigo/store';
import { migrateBilling } from '../src/store.js';

let shared: Promise<Db> | undefined;

/** One embedded database per test file (PGlite takes seconds to start on a busy machine), emptied per call. */
export async function sharedDb(): Promise<Db> {
  shared ??= (async () => {
    const db = await openDatabase('memory://');
    await migrateBilling(db);
    return db;
  })();
  const db = await shared;
  await db.exec('TRUNCATE billing_inbox, billing_events, billing_quarantine, billing_rejections, billing_files');
  return db;
}

export async function n(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return rows[0]!.n;
}

/** The PostgreSQL server of the tests that need a real one (`PROVVIGO_TEST_DATABASE_URL`, else the local `test`). */
export const DB_URL = process.env.PROVVIGO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the server answers; under `CI=true` a missing server fails the file instead of skipping its tests. */
export async function postgresReachable(what = 'these tests'): Promise<boolean> {
  try {
    const db = await openDatabase(DB_URL);
    await db.query('SELECT 1');
    await db.close();
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI for ${what} (${DB_URL})`);
    return false;
  }
}

/**
 * A new schema on the server per call, named `<name>_<pid>_<random>` so files running side by side never meet, all
 * dropped after the file. `migrated: false` leaves it empty, for tests of the migrations themselves.
 */
export function schemaPerCall(name: string, available: boolean, options: { migrated?: boolean } = {}): () => Promise<Db> {
  const schemas: string[] = [];
  afterAll(async () => {
    if (!available) return;
    const db = await openDatabase(DB_URL);
    for (const schema of schemas) await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  });
  return async () => {
    const schema = `${name}_${process.pid}_${randomBytes(3).toString('hex')}`;
    schemas.push(schema);
    const db = await openDatabase(DB_URL, { schema });
    if (options.migrated !== false) await migrateBilling(db);
    return db;
  };
}
