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
