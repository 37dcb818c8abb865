// Tampering as someone with database rights would: the table's triggers switched off, one statement, then the
// package's verifier asked what it finds; everything rolled back so each test starts from the clean table.
import type { Db } from '../../src/index.js';
import { expect } from 'vitest';

export interface Finding {
  table: string;
  key: string;
  message: string;
}

/** Runs `sql` (which must change at least one row) on `table` with its triggers off, verifies, and rolls back. */
export async function tamperedFindings(db: Db, table: string, sql: string, verify: () => Promise<Finding[]>): Promise<string> {
  await db.exec('BEGIN');
  try {
    await db.exec(`ALTER TABLE ${table} DISABLE TRIGGER ALL`);
    expect((await db.query(sql)).rowCount).toBeGreaterThan(0);
    return (await verify()).map((p) => `${p.table} ${p.key}: ${p.message}`).join('\n');
  } finally {
    await db.exec('ROLLBACK');
  }
}
