import { randomBytes } from 'node:crypto';
import pg from 'pg';
// the server and the reachability check of the store's own tests: one PROVVIGO_TEST_PG, one rule for CI
import { PG_URL, postgresAvailable } from '../../../packages/store/tests/helpers/engines.js';

export { postgresAvailable };

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
