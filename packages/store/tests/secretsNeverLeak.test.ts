// Secrets are never logged: a PostgreSQL URL carries its password in the user part or as ?password= (node-postgres
// reads both), and the store shows the URL in `Db.target` (printed by the CLI) and in its "cannot connect" error.
// Each case opens the store with a real secret and checks every character of what comes back: message, properties
// and cause, as `console.error(error)` would print them.
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/index.js';
import { PG_URL, postgresAvailable } from './helpers/engines.js';

const SECRET = 'S3cr3t-Pw-4711';
/** Nothing listens on port 1: the connection is refused at once. */
const NOWHERE = 'postgres://app@127.0.0.1:1/test';

/** Everything an error shows when printed whole (message, stack, own properties, cause). */
const printed = (error: unknown): string => inspect(error, { depth: 10 });

async function openingFails(target: string): Promise<unknown> {
  return openDatabase(target).then(
    async (db) => {
      await db.close();
      throw new Error('the store opened');
    },
    (error: unknown) => error,
  );
}

describe('a store that cannot be opened names its URL without the password', () => {
  it('a ?password= parameter is masked in the "cannot connect" error', async () => {
    const error = await openingFails(`${NOWHERE}?password=${SECRET}`);
    expect(printed(error)).not.toContain(SECRET);
    expect((error as Error).message).toMatch(/^cannot connect to PostgreSQL at postgres:\/\/app@127\.0\.0\.1:1\/test\?password=\*\*\*: /);
  });

  it.each([`postgres://app:${SECRET.slice(0, 6)}/${SECRET.slice(6)}@127.0.0.1:1/test`, `postgres://app:${SECRET}@127.0.0.1:notaport/test`])(
    'a URL that does not parse (here %#) is refused without quoting its password',
    async (target) => {
      const error = await openingFails(target);
      expect(printed(error)).not.toContain(SECRET.slice(0, 6));
      expect((error as Error).message).toMatch(/^not a PostgreSQL URL: postgres:\/\/\*\*\*@127\.0\.0\.1:/);
    },
  );
});

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('an open store names its URL without the password (Db.target)', () => {
  const opened: Db[] = [];
  afterAll(async () => {
    for (const db of opened) await db.close();
  }, 60_000);

  it.each(['user', 'query'] as const)('password in the %s part', async (where) => {
    const url = new URL(PG_URL);
    if (where === 'user') url.password = SECRET;
    else url.searchParams.set('password', SECRET);
    // the test server trusts local connections: any password opens it
    const db = await openDatabase(url.href);
    opened.push(db);
    expect(db.target).not.toContain(SECRET);
    expect(db.target).toContain('***');
  });
});
