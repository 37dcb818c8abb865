import { createHash } from 'node:crypto';
import type { Db, Queryable } from './db.js';
import { migratedByNewer, migrationChanged, migrationFailed, migrationListInvalid, migrationsNotRecorded } from './openRefusals.js';

/** One schema change. `id` is global across packages: prefix it with your area (`billing/001_inbox`). */
export interface Migration {
  id: string;
  sql: string;
}

export interface MigrateResult {
  /** Ids applied by this call, in order. */
  applied: string[];
  /** Ids that were already recorded. */
  skipped: string[];
}

export const MIGRATIONS_TABLE = 'provvigo_migrations';

/** Advisory lock key shared by every migrator ("provvigo" in ASCII); scoped by schema below. */
const LOCK_NAMESPACE = 0x70726f76;

function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/**
 * Applies the migrations not yet recorded, in the given order, in ONE transaction: either all pending ones are
 * applied and recorded or none. Idempotent. On PostgreSQL a transaction-scoped advisory lock (per schema)
 * serialises concurrent migrators, so two processes starting at once apply each migration exactly once.
 * A recorded migration whose SQL changed is an error (edit by adding a new migration instead), and so is a store a
 * newer release migrated (`refuseNewerStore`): nothing is applied then.
 */
export async function migrate(db: Db, migrations: readonly Migration[]): Promise<MigrateResult> {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (!m.id) throw migrationListInvalid(undefined);
    if (seen.has(m.id)) throw migrationListInvalid(m.id);
    seen.add(m.id);
  }
  return db.transaction(async (tx) => {
    const done = await recordedMigrations(db, tx);
    refuseNewerStore(db, migrations, done.keys());
    const applied: string[] = [];
    const skipped: string[] = [];
    for (const m of migrations) {
      const sum = checksum(m.sql);
      const recorded = done.get(m.id);
      if (recorded !== undefined) {
        if (recorded !== sum) throw migrationChanged(m.id, db);
        skipped.push(m.id);
        continue;
      }
      try {
        await tx.exec(m.sql);
      } catch (error) {
        throw migrationFailed(m.id, db, error);
      }
      await tx.query(`INSERT INTO ${MIGRATIONS_TABLE} (id, checksum) VALUES ($1, $2)`, [m.id, sum]);
      applied.push(m.id);
    }
    return { applied, skipped };
  });
}

/** The area of a migration id: what comes before its first `/` (`store/004_trace_columns` → `store`); none without. */
function areaOf(id: string): string | undefined {
  const slash = id.indexOf('/');
  return slash > 0 ? id.slice(0, slash) : undefined;
}

/**
 * Refuses a store that records a migration of the list's areas that the list does not hold: a newer release applied
 * it, and this one would read and write a schema it does not understand (a column it does not know left empty, figures
 * read from a table the newer release no longer fills). Checked before anything is applied, whether the list is a
 * prefix of what is recorded or also holds pending ones. Other areas (`billing/`, `queue/`, `sap/`…) are migrated by
 * their own packages with their own lists, at their own pace: their ids are not this list's business.
 */
function refuseNewerStore(db: Db, migrations: readonly Migration[], recorded: Iterable<string>): void {
  const areas = new Set(migrations.map((m) => areaOf(m.id)).filter((area) => area !== undefined));
  const known = new Set(migrations.map((m) => m.id));
  const unknown = [...recorded].filter((id) => !known.has(id) && areas.has(areaOf(id) ?? '')).sort();
  if (unknown.length > 0) throw migratedByNewer(unknown, db);
}

/**
 * Takes the migrators' lock and reads the recorded migrations (id → checksum), creating their table the first time.
 * A PostgreSQL role that may not create tables in the schema fails here, before any migration: refused naming the store.
 */
async function recordedMigrations(db: Db, tx: Queryable): Promise<Map<string, string>> {
  try {
    await tx.query('SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))', [LOCK_NAMESPACE]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await tx.query<{ id: string; checksum: string }>(`SELECT id, checksum FROM ${MIGRATIONS_TABLE}`);
    return new Map(rows.map((r) => [r.id, r.checksum]));
  } catch (error) {
    throw migrationsNotRecorded(db, error);
  }
}
