import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { Store, openDatabase, type Db } from '../../src/index.js';

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

// the template is tied to the PGlite build that made it (its package.json is not an export: read it from disk)
const PGLITE_VERSION = (
  JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }
).version;

/**
 * An initialised, empty PGlite data folder, made once per machine and PGlite version: copying it takes under a
 * second where initialising a fresh folder (initdb in WebAssembly) takes ten. Built aside and renamed into place,
 * so concurrent test workers never see half a folder.
 */
export async function pgliteTemplate(): Promise<string> {
  const dir = join(tmpdir(), `provvigo-pglite-template-${PGLITE_VERSION}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const building = mkdtempSync(`${dir}-building-`);
  const db = await openDatabase(building);
  await db.close();
  try {
    renameSync(building, dir);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another worker finished first
  }
  return dir;
}

/** A fresh PGlite folder (a copy of the template) at a new temporary path. */
export async function freshPgliteFolder(prefix = 'provvigo-store-'): Promise<string> {
  const template = await pgliteTemplate();
  const folder = mkdtempSync(join(tmpdir(), prefix));
  cpSync(template, folder, { recursive: true });
  return folder;
}

export async function newLocation(engine: 'pglite' | 'postgres'): Promise<TestLocation> {
  if (engine === 'pglite') {
    const folder = await freshPgliteFolder();
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

/** The database a describe block shares: `db` is set by its beforeAll and closed (and removed) by its afterAll. */
export interface SuiteDb {
  readonly db: Db;
  /** Where the database lives (to open a second connection to it). */
  readonly location: TestLocation;
}

/** The store a describe block shares, on its suite database. */
export interface SuiteStore extends SuiteDb {
  readonly store: Store;
}

const suiteError = (what: string) => new Error(`the suite ${what} is opened by beforeAll: read it inside a hook or test`);

/**
 * Registers, in the calling describe block, the hooks that open a fresh database on `engine` before its tests and
 * close and remove it after; nothing is opened when `skip` (PostgreSQL absent outside CI). Read `db` inside hooks and
 * tests, not at collection time.
 */
export function dbPerSuite(engine: 'pglite' | 'postgres', skip: boolean): SuiteDb {
  let loc: TestLocation | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    if (skip) return;
    loc = await newLocation(engine);
    db = await loc.open();
  });
  afterAll(async () => {
    if (skip) return;
    await db?.close();
    await loc?.dispose();
  });
  return {
    get db() {
      if (!db) throw suiteError('database');
      return db;
    },
    get location() {
      if (!loc) throw suiteError('database');
      return loc;
    },
  };
}

/** As `dbPerSuite`, with the store opened (migrated) on the suite database. */
export function storePerSuite(engine: 'pglite' | 'postgres', skip: boolean): SuiteStore {
  const suite = dbPerSuite(engine, skip);
  let store: Store | undefined;
  beforeAll(async () => {
    if (!skip) store = await Store.open(suite.db);
  });
  return {
    get store() {
      if (!store) throw suiteError('store');
      return store;
    },
    get db() {
      return suite.db;
    },
    get location() {
      return suite.location;
    },
  };
}
