import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
// The drivers load lazily, by connection target: an app on PostgreSQL never loads PGlite's WebAssembly, one on
// PGlite never loads pg, and importing the package loads neither.
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import { maskUrl } from '@provvigo/core';
import type pg from 'pg';
import {
  badConnectTimeout,
  badSchemaName,
  cannotConnect,
  folderInUse,
  folderNotCreated,
  folderNotLockable,
  lockTakenMeanwhile,
  notAStoreFolder,
  notPostgresUrl,
  pgliteDidNotStart,
} from './openRefusals.js';

/** Rows of a query plus how many rows a write touched (both engines report it the same way). */
export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

/**
 * The SQL surface shared by a database and an open transaction. `query` takes ONE statement with `$1…`
 * parameters; `exec` runs a script of several statements without parameters (migrations).
 *
 * Type notes, identical on both engines as long as you follow them: `numeric` comes back as a string,
 * `jsonb` as parsed JSON, `timestamptz` as a `Date`. `bigint` differs (PGlite: number, pg: string), so cast
 * counts and sums in SQL (`count(*)::int`, `sum(x)::text`).
 */
export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  exec(sql: string): Promise<void>;
}

export type Engine = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly engine: Engine;
  /** Where the data lives: the PGlite folder, or the URL with any password masked. */
  readonly target: string;
  /** Schema all unqualified names resolve to on PostgreSQL (`public` unless chosen); always `public` on PGlite. */
  readonly schema: string;
  /** Runs `fn` in one transaction: committed when `fn` resolves, rolled back when it throws. No nesting. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL only: schema to use (created if missing). Also accepted as `?schema=` in the URL. */
  schema?: string;
  /** PostgreSQL only: pool size (default 5). */
  poolSize?: number;
  /**
   * PostgreSQL only: how long one connection may take to be established, in milliseconds (default
   * `DEFAULT_CONNECT_TIMEOUT_MS`; 0 waits without limit). Also accepted as `?connect_timeout=` in the URL, then as the
   * environment variable `PGCONNECT_TIMEOUT`, both in whole seconds as libpq reads them; this option wins over both.
   */
  connectTimeoutMs?: number;
}

/** Default embedded data folder, relative to the working directory. */
export const DEFAULT_DB_FOLDER = '.provvigo/db';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * How long a PostgreSQL connection may take before the store gives up on it. node-postgres waits without limit, so a
 * host and port that accept TCP but never speak PostgreSQL (another service on that port, a proxy whose backend is
 * down) left `openDatabase` hanging for ever. 10 s is far above a healthy connection, even across regions over TLS
 * (well under a second), and above a server busy starting a backend, yet short enough for a person at the command
 * line to get the refusal while still watching. A slower network can ask for more (option, `?connect_timeout=`, or
 * `PGCONNECT_TIMEOUT`).
 */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** The longest delay Node's timers keep (a longer one fires at once): 2^31 - 1 ms, about 24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/**
 * Opens the store database: a `postgres://` / `postgresql://` URL opens a node-postgres pool on that server;
 * anything else is a PGlite data folder (created if missing or empty; a folder holding other files and no store is
 * refused; `memory://` for a throwaway in-memory one). What a user can get wrong (the URL, the server, the folder) is
 * refused in English (`message`) and Italian (`messages`), naming the target with any password masked
 * (openRefusals.ts).
 */
export async function openDatabase(target: string = DEFAULT_DB_FOLDER, options: OpenDatabaseOptions = {}): Promise<Db> {
  return isPostgresUrl(target) ? openPostgres(target, options) : openPglite(target);
}

// ---------------------------------------------------------------------------------------------- PGlite

/** Name of the lock file inside a PGlite data folder. */
export const PGLITE_LOCK_FILE = 'provvigo.lock';

/**
 * A PGlite folder is an embedded database: two processes writing it at once would corrupt it. The lock file holds
 * the owner's pid; a lock whose process is gone (killed) is taken over.
 */
function lockFolder(folder: string): () => void {
  const file = `${folder}/${PGLITE_LOCK_FILE}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw folderNotLockable(folder, PGLITE_LOCK_FILE, error);
    }
    const owner = lockOwner(folder, file);
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw folderInUse(folder, owner, owner === process.pid);
    rmSync(file, { force: true }); // stale: its process died without closing
  }
  throw lockTakenMeanwhile(folder, PGLITE_LOCK_FILE);
}

/** The pid in the lock file; NaN when it holds none, or is gone (its owner closed the store meanwhile). */
function lockOwner(folder: string, file: string): number {
  try {
    return Number(readFileSync(file, 'utf8').trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Number.NaN;
    throw folderNotLockable(folder, PGLITE_LOCK_FILE, error);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file PostgreSQL writes at the top of every data folder it initialises: its major version (`18`). */
const PG_VERSION_FILE = 'PG_VERSION';

/**
 * Names whose presence at the top of a folder makes it a store. `PG_VERSION` is PostgreSQL's own mark of a data
 * folder (initdb writes it, and every start checks it). Our lock file counts too: it is written before PGlite
 * initialises a new folder, so a folder holding it and no `PG_VERSION` yet is a store another process is creating
 * right now (the lock then says "in use by process N", the true reason, rather than "not a store"), or one whose
 * creation was killed (the stale lock is taken over and PGlite reports what it finds, as before).
 */
const STORE_MARKERS = new Set([PG_VERSION_FILE, PGLITE_LOCK_FILE]);

/**
 * What a folder made for the store may already hold without being anyone's data: a placeholder that keeps an empty
 * folder in git (`.gitkeep`, `.keep`) and the folder views macOS and Windows write (`.DS_Store`, `Thumbs.db`,
 * `desktop.ini`). Such a folder is empty for the user, and PGlite initialises beside them.
 */
const PLACEHOLDERS = new Set(['.gitkeep', '.keep', '.DS_Store', 'Thumbs.db', 'desktop.ini']);

/**
 * Refuses a folder that holds files and no store (a folder of CSV exports, a home folder): PGlite would initialise
 * its data folder among them, scattering `base/`, `global/`, `pg_wal/`… through the user's files. An empty folder
 * (just created, or made by the user for the store) becomes a new store. A folder that cannot be listed is left to
 * the lock, whose refusal names the file system's reason.
 */
function refuseForeignFolder(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  if (names.some((name) => STORE_MARKERS.has(name))) return;
  const theirs = names.filter((name) => !PLACEHOLDERS.has(name));
  if (theirs.length > 0) throw notAStoreFolder(folder, theirs, PG_VERSION_FILE);
}

/**
 * PGlite's buffer pool. Postgres's default, 128MB, is zeroed in WebAssembly memory at every open: that took half of
 * opening a store (0.9 s → 0.48 s measured with 16MB) and 125 MB of RSS, paid by every CLI command. An embedded
 * store's pages are cached by the operating system anyway (PGlite reads its folder through ordinary files).
 */
const PGLITE_SHARED_BUFFERS = '16MB';

async function openPglite(target: string): Promise<Db> {
  const inMemory = target.startsWith('memory://');
  const folder = inMemory ? target : resolvePath(target);
  // loaded first, outside the refusal below: a missing driver (an optional peer dependency) is Node's own error, not
  // "the folder may be damaged", and leaves no folder or lock behind
  const { PGlite: Driver } = await import('@electric-sql/pglite');
  let unlock = (): void => {};
  if (!inMemory) {
    try {
      mkdirSync(folder, { recursive: true });
    } catch (error) {
      throw folderNotCreated(folder, error);
    }
    refuseForeignFolder(folder);
    unlock = lockFolder(folder);
  }
  let pglite: PGlite;
  // PGlite's error says only that it did not start; PostgreSQL's stderr while starting says why (read by the refusal)
  const said: string[] = [];
  let starting = true;
  try {
    pglite = await Driver.create(folder, {
      startParams: [...Driver.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
      onStderr: (text) => {
        if (starting) said.push(text);
        return false; // PGlite's own handling (printing at its debug levels) goes on
      },
    });
  } catch (error) {
    unlock();
    throw pgliteDidNotStart(folder, error, said);
  } finally {
    starting = false;
  }
  const wrap = (q: PGlite | PGliteTransaction): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query<R>(sql, params as unknown[]);
      return { rows: res.rows, rowCount: res.affectedRows ?? res.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(pglite);
  return {
    engine: 'pglite',
    target: folder,
    schema: 'public',
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      try {
        await pglite.close();
      } finally {
        unlock();
      }
    },
  };
}

// ------------------------------------------------------------------------------------------ PostgreSQL

/**
 * The URL of `target`; node's own error would carry the whole text, password included, in its `input`. A URL that
 * parses only by taking the password's start for a port (`postgres://app:4711/rest@db/x` is host `app`, port 4711,
 * database `rest@db/x`) is refused too: the driver would send the rest of the password to a host as a database name.
 */
function postgresUrl(target: string): URL {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw notPostgresUrl(maskUrl(target));
  }
  if (url.pathname.includes('@')) throw notPostgresUrl(maskUrl(target));
  return url;
}

/** libpq's environment variable for the connect timeout: `connect_timeout`'s value when the connection string gives none. */
const CONNECT_TIMEOUT_ENV = 'PGCONNECT_TIMEOUT';

/**
 * The connect timeout in milliseconds: the option, else `?connect_timeout=` (whole seconds, as libpq reads it; taken
 * out of the URL, which node-postgres would otherwise keep but not apply), else `PGCONNECT_TIMEOUT` (libpq's default
 * for that parameter, same unit and rules; node-postgres's JavaScript client ignores it), else the default. 0 waits
 * without limit. As with libpq, the variable is not read when the URL gives the timeout; set empty, it counts as unset.
 */
function connectTimeoutOf(url: URL, options: OpenDatabaseOptions, target: string): number {
  const inUrl = url.searchParams.get('connect_timeout');
  url.searchParams.delete('connect_timeout');
  if (options.connectTimeoutMs !== undefined) {
    const ms = options.connectTimeoutMs;
    if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIMER_MS) throw badConnectTimeout('option', String(ms), maskUrl(target), MAX_TIMER_MS);
    return ms;
  }
  if (inUrl !== null) return timeoutSeconds('url', inUrl, target);
  const inEnv = process.env[CONNECT_TIMEOUT_ENV];
  if (inEnv === undefined || inEnv.trim() === '') return DEFAULT_CONNECT_TIMEOUT_MS;
  return timeoutSeconds('env', inEnv, target);
}

/** Whole seconds (the URL's or the environment's text) in milliseconds, within what a Node timer keeps. */
function timeoutSeconds(where: 'url' | 'env', given: string, target: string): number {
  const seconds = /^\d{1,10}$/.test(given.trim()) ? Number(given.trim()) : Number.NaN;
  if (!(seconds * 1000 <= MAX_TIMER_MS)) throw badConnectTimeout(where, given, maskUrl(target), MAX_TIMER_MS);
  return seconds * 1000;
}

async function openPostgres(target: string, options: OpenDatabaseOptions): Promise<Db> {
  const url = postgresUrl(target);
  const schema = options.schema ?? url.searchParams.get('schema') ?? 'public';
  url.searchParams.delete('schema');
  if (!SCHEMA_NAME.test(schema)) throw badSchemaName(schema, maskUrl(target));
  const timeoutMs = connectTimeoutOf(url, options, target);
  const masked = maskUrl(url.href);
  const { default: driver } = await import('pg');
  // The timeout goes to each connection (the Client), not to the pool: pg-pool's connectionTimeoutMillis would also
  // fail a query that waits longer than that for a free connection of a busy pool, which is not a dead server.
  class TimedClient extends driver.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: timeoutMs });
    }
  }
  const pool = new driver.Pool({
    Client: TimedClient,
    connectionString: url.toString(),
    max: options.poolSize ?? 5,
    // search_path set at connection start, so every pooled connection sees the same schema without a race
    options: `-c search_path=${schema}`,
  });
  // An idle client erroring (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => {});
  try {
    if (schema !== 'public') {
      // IF NOT EXISTS still races between sessions; losing that race is fine
      await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch((error: { code?: string }) => {
        if (error.code !== '23505' && error.code !== '42P06') throw error;
      });
    } else await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw cannotConnect(masked, url, schema, error, timeoutMs);
  }
  const wrap = (q: pg.Pool | pg.PoolClient): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      const res = await q.query(sql, params as unknown[]);
      return { rows: res.rows as R[], rowCount: res.rowCount ?? res.rows.length };
    },
    async exec(sql: string) {
      await q.query(sql); // no parameters: simple query protocol, several statements allowed
    },
  });
  const base = wrap(pool);
  return {
    engine: 'postgres',
    target: masked,
    schema,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true; // connection unusable: drop it from the pool
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
