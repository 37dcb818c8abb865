// A PostgreSQL URL whose host and port accept TCP but never speak PostgreSQL (another service on that port, a proxy
// whose backend is gone) left `openDatabase` waiting for ever: node-postgres has no connect timeout unless given one.
// Here a real TCP server accepts every connection and stays silent; the store must give up at its connect timeout and
// refuse in English and Italian, naming the target (password masked) and the timeout. The timeouts are made short by
// the option, the URL or libpq's environment variable PGCONNECT_TIMEOUT, and the tests assert the refusal's words, never how long it took. Expected texts are written
// out from the refusal's rule: lead, masked target, the timeout as the user gave it, what to check.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_TIMEOUT_MS, openDatabase } from '../src/index.js';
import { PG_URL, postgresAvailable } from './helpers/engines.js';
import { refusal, silentServer, type Texts } from './helpers/refusals.js';

const SECRET = 'S3cr3t-Pw-4711';
const pgUp = await postgresAvailable();
/** How `opening` was refused, the password nowhere in the printed error. */
const refused = (opening: Promise<unknown>) => refusal(opening, [SECRET]);

// Every test starts without PGCONNECT_TIMEOUT (one set where the tests run must not decide them) and leaves the variable
// as it found it: set to its value, or absent (assigning undefined to process.env would store the string "undefined").
const ENV = 'PGCONNECT_TIMEOUT';
let saved: string | undefined;
beforeEach(() => {
  saved = process.env[ENV];
  delete process.env[ENV];
});
afterEach(() => {
  if (saved === undefined) delete process.env[ENV];
  else process.env[ENV] = saved;
});

/** The refusal's two texts for a silent server at `masked` given up on after `limit` (`300 ms`, `1 s`). */
function noAnswer(masked: string, limit: string): Texts {
  return {
    en:
      `cannot connect to PostgreSQL at ${masked}: no answer within ${limit} (the connect timeout): something there may accept connections ` +
      'without speaking PostgreSQL, or the network holds them; check the host and port, or allow more time with connect_timeout=<seconds> in the URL',
    it:
      `impossibile connettersi a PostgreSQL su ${masked}: nessuna risposta entro ${limit} (il timeout di connessione): lì potrebbe esserci qualcosa ` +
      "che accetta connessioni senza parlare PostgreSQL, o la rete le trattiene; controlla host e porta, o concedi più tempo con connect_timeout=<secondi> nell'URL",
  };
}

describe('a server that accepts the connection and never answers', () => {
  const silent = silentServer();

  it('the option connectTimeoutMs: refused at the timeout, naming the target (password masked) and the timeout', async () => {
    const before = silent.connections;
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`, { connectTimeoutMs: 300 }));
    expect(m).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '300 ms'));
    // it did connect: the timeout, not a refused connection, is what ended it
    expect(silent.connections).toBeGreaterThan(before);
  }, 10_000);

  it('connect_timeout in the URL (whole seconds, as libpq names it): the same refusal, the URL shown without it', async () => {
    const m = await refused(openDatabase(`postgres://app@127.0.0.1:${silent.port}/test?connect_timeout=1&password=${SECRET}`));
    expect(m).toEqual(noAnswer(`postgres://app@127.0.0.1:${silent.port}/test?password=***`, '1 s'));
  }, 10_000);

  it('the option wins over the URL', async () => {
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test?connect_timeout=60`, { connectTimeoutMs: 200 }));
    expect(m).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '200 ms'));
  }, 10_000);

  it('neither given: the default of 10 s applies (waits those 10 s)', async () => {
    // 10 s is the default the README and the comment on DEFAULT_CONNECT_TIMEOUT_MS promise
    expect(DEFAULT_CONNECT_TIMEOUT_MS).toBe(10_000);
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`));
    expect(m).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '10 s'));
  }, 30_000);

  it('PGCONNECT_TIMEOUT in the environment (whole seconds, as libpq reads it) applies when neither option nor URL gives one', async () => {
    process.env[ENV] = '1';
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`));
    expect(m).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '1 s'));
  }, 10_000);

  it('the option, then the URL, win over PGCONNECT_TIMEOUT', async () => {
    process.env[ENV] = '2';
    const byOption = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`, { connectTimeoutMs: 200 }));
    expect(byOption).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '200 ms'));
    const byUrl = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test?connect_timeout=1`));
    expect(byUrl).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '1 s'));
    // as with libpq, the variable is not read when the URL gives the timeout: an invalid one does not refuse it
    process.env[ENV] = 'soon';
    const invalidUnread = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test?connect_timeout=1`));
    expect(invalidUnread).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '1 s'));
  }, 15_000);

  it('a PGCONNECT_TIMEOUT that is not whole seconds is refused before connecting, naming the variable, its value and the target', async () => {
    const before = silent.connections;
    process.env[ENV] = '2.5';
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`));
    expect(m).toEqual({
      en: `invalid PGCONNECT_TIMEOUT "2.5" in the environment, for PostgreSQL at postgres://app:***@127.0.0.1:${silent.port}/test (whole seconds, 0 to 2147483; 0 waits without limit)`,
      it: `PGCONNECT_TIMEOUT "2.5" non valido nell'ambiente, per PostgreSQL su postgres://app:***@127.0.0.1:${silent.port}/test (secondi interi, da 0 a 2147483; 0 attende senza limite)`,
    });
    process.env[ENV] = '-5';
    expect((await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`))).en).toMatch(/^invalid PGCONNECT_TIMEOUT "-5" in the environment, for PostgreSQL at /);
    expect(silent.connections).toBe(before);
  }, 10_000);

  it('a PGCONNECT_TIMEOUT set empty counts as not set: the default of 10 s applies', async () => {
    process.env[ENV] = '';
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`));
    expect(m).toEqual(noAnswer(`postgres://app:***@127.0.0.1:${silent.port}/test`, '10 s'));
  }, 30_000);

  it('a connect_timeout that is not whole seconds is refused before connecting, naming the value and the target', async () => {
    const before = silent.connections;
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test?connect_timeout=2.5`));
    expect(m).toEqual({
      en: `invalid connect_timeout "2.5" in the URL of PostgreSQL at postgres://app:***@127.0.0.1:${silent.port}/test?connect_timeout=2.5 (whole seconds, 0 to 2147483; 0 waits without limit)`,
      it: `connect_timeout "2.5" non valido nell'URL di PostgreSQL su postgres://app:***@127.0.0.1:${silent.port}/test?connect_timeout=2.5 (secondi interi, da 0 a 2147483; 0 attende senza limite)`,
    });
    // 2^31 - 1 ms is the longest delay a Node timer keeps: 2147484 s would fire at once
    const tooLong = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test?connect_timeout=2147484`));
    expect(tooLong.en).toMatch(/^invalid connect_timeout "2147484" in the URL of PostgreSQL at /);
    expect(silent.connections).toBe(before);
  }, 10_000);

  it('a connectTimeoutMs that is not whole, non-negative milliseconds is refused before connecting', async () => {
    const m = await refused(openDatabase(`postgres://app:${SECRET}@127.0.0.1:${silent.port}/test`, { connectTimeoutMs: -1 }));
    expect(m).toEqual({
      en: `invalid connectTimeoutMs -1 for PostgreSQL at postgres://app:***@127.0.0.1:${silent.port}/test (whole milliseconds, 0 to 2147483647; 0 waits without limit)`,
      it: `connectTimeoutMs -1 non valido per PostgreSQL su postgres://app:***@127.0.0.1:${silent.port}/test (millisecondi interi, da 0 a 2147483647; 0 attende senza limite)`,
    });
  }, 10_000);
});

describe.runIf(pgUp)('a server that answers', () => {
  it('opens with connect_timeout in the URL; a query waiting longer than that for a busy pool is not a connect timeout', async () => {
    const url = new URL(PG_URL);
    url.searchParams.set('connect_timeout', '5');
    const db = await openDatabase(url.href, { connectTimeoutMs: 100, poolSize: 1 });
    try {
      expect(db.target).not.toContain('connect_timeout');
      // the pool's one connection is busy for 0.5 s; the second query waits for it, well past the 100 ms
      const busy = db.query('SELECT pg_sleep(0.5)');
      const waiting = db.query<{ one: number }>('SELECT 1 AS one');
      await busy;
      expect((await waiting).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});
