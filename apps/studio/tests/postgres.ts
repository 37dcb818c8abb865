import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server of the studio's tests that need a real one (override with PROVVIGO_TEST_PG). */
export const PG_URL = process.env.PROVVIGO_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether the server answers; with CI=true a missing server is an error, so the suite fails instead of skipping. */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL required in CI but not reachable at ${PG_URL}: ${(error as Error).message}`);
    return false;
  }
}

/** A schema of its own for one test file: the studio's `db` target, and a client to change or drop it. */
export async function testSchema(prefix: string): Promise<{ schema: string; db: string; admin: pg.Client; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  return {
    schema,
    db: `${PG_URL}?schema=${schema}`,
    admin,
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}
