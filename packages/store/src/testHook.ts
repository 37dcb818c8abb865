import type { Queryable } from './db.js';

/**
 * Crash-test hook. With `PROVVIGO_TEST_PAUSE_IN_TX=<n>` in the environment, a store write transaction announces on
 * stderr that it is paused after its n-th statement (or right before COMMIT when it has fewer) and then hangs, so a
 * test can SIGKILL the process at a known point inside the transaction and prove nothing of it survives.
 * Unset (always, outside tests), the transaction is untouched.
 */
export const PAUSE_ENV = 'PROVVIGO_TEST_PAUSE_IN_TX';
export const PAUSE_MARK = 'provvigo-test: paused inside the transaction';

export function pauseAfterStatement(): number | null {
  const value = process.env[PAUSE_ENV];
  if (!value) return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function hang(where: string): Promise<never> {
  process.stderr.write(`${PAUSE_MARK} ${where}\n`);
  setInterval(() => {}, 1 << 30); // keep the process alive until the test kills it
  return new Promise<never>(() => {});
}

/** Wraps a transaction so it hangs after statement `n`; `beforeCommit` hangs when it had fewer statements. */
export function pausing(tx: Queryable, n: number): { tx: Queryable; beforeCommit: () => Promise<void> } {
  let count = 0;
  const after = async (sql: string): Promise<void> => {
    count++;
    if (count === n) await hang(`after statement ${count}: ${sql.trim().split(/\s+/).slice(0, 3).join(' ')}`);
  };
  return {
    tx: {
      async query(sql, params) {
        const result = await tx.query(sql, params);
        await after(sql);
        return result as never;
      },
      async exec(sql) {
        await tx.exec(sql);
        await after(sql);
      },
    },
    beforeCommit: async () => {
      if (count < n) await hang(`before COMMIT, after statement ${count}`);
    },
  };
}
