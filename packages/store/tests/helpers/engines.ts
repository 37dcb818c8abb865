import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../../src/index.js';

/** Server used by the PostgreSQL half of the suite (override with PROVVIGO_TEST_PG). */
export const PG_URL = process.env.PROVVIGO_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | undefined;
/** Whether the server answers; with CI=true a missing server is an error, so the suite fails instead of skipping. */
export function postgresAvailable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      if (process.env.CI === 'true') throw new Error(`PostgreSQL required in CI but not reachable at ${PG_URL}: ${(error as Error).message}`);
      return false;
    }
  })();
  return reachable;
}

/** A fresh, isolated database location on one engine, and how to remove it. */
export interface TestLocation {
  engine: 'pglite' | 'postgres';
  /** `--db` / `openDatabase` target. */
  target: string;
  /** Schema for PostgreSQL (also encoded in `target` as ?schema=). */
  schema?: string;
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

export async function newLocation(engine: 'pglite' | 'postgres'): Promise<TestLocation> {
  if (engine === 'pglite') {
    const folder = mkdtempSync(join(tmpdir(), 'provvigo-store-'));
    return {
      engine,
      target: folder,
      open: () => openDatabase(folder),
      dispose: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const target = `${PG_URL}?schema=${schema}`;
  return {
    engine,
    target,
    schema,
    open: () => openDatabase(target),
    dispose: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Engines to run a suite on: PGlite always; PostgreSQL when reachable (always in CI, where absence fails). */
export const ENGINES = ['pglite', 'postgres'] as const;
