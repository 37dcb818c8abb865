// The store refuses to open in English and Italian (`messages`); the CLI printed only its own words in Italian and the
// store's reason in English (`impossibile aprire l'archivio: cannot connect to PostgreSQL at …`). Run as a user runs it,
// with PROVVIGO_LOCALE=it, on real cases: a PostgreSQL database that does not exist, a PGlite folder another live
// process holds, a port that accepts TCP and never speaks PostgreSQL. The whole line must be Italian; the English one
// stays as it was. Expected lines are written out from the store's refusal texts (packages/store/README.md) and the
// CLI's lead (`provvigo <command>: <target>: impossibile aprire l'archivio: …`).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '@provvigo/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, postgresAvailable } from '../../store/tests/helpers/engines.js';
import { silentServer } from '../../store/tests/helpers/refusals.js';
import { expectNoCrash, provvigo } from './helpers/provvigoProcess.js';

const pgUp = await postgresAvailable();
const it_ = { PROVVIGO_LOCALE: 'it' };

describe.runIf(pgUp)('a PostgreSQL database that does not exist', () => {
  // the server of the tests, a database name no one created
  const missing = `provvigo_missing_${randomBytes(4).toString('hex')}`;
  const url = new URL(PG_URL);
  url.pathname = `/${missing}`;
  const target = url.href;
  const italianReason = `impossibile connettersi a PostgreSQL su ${target}: il database ${missing} non esiste su quel server (crealo, o correggi il nome nell'URL)`;

  it('period status in Italian: the store\'s reason in Italian too', async () => {
    const r = await provvigo(['period', 'status', '--db', target], { env: it_ });
    expect(r.code).toBe(2);
    expectNoCrash(r);
    expect(r.stderr).toBe(`provvigo period status: ${target}: impossibile aprire l'archivio: ${italianReason}\n`);
  }, 60_000);

  it('period status in English: the line as before', async () => {
    const r = await provvigo(['period', 'status', '--db', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `provvigo period status: ${target}: cannot open the store: cannot connect to PostgreSQL at ${target}: database ${missing} does not exist on that server (create it, or correct the name in the URL)\n`,
    );
  }, 60_000);

  it('worker in Italian: the same reason, after its own lead', async () => {
    // the queue URL is only parsed before the store opens: no Redis is reached
    const r = await provvigo(['worker', '--queue', 'redis://127.0.0.1:6379', '--db', target], { env: it_ });
    expect(r.code).toBe(2);
    expectNoCrash(r);
    expect(r.stderr).toBe(`provvigo worker: impossibile aprire l'archivio: ${italianReason}\n`);
  }, 60_000);
});

describe('a PGlite folder another live process holds', () => {
  let folder: string;
  let held: Db;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'provvigo-held-'));
    // this test's process is the other live process: it opens the folder and keeps it open while the CLI tries
    held = await openDatabase(folder);
  });
  afterAll(async () => {
    await held.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('period status in Italian names the folder and the process holding it, in Italian', async () => {
    const r = await provvigo(['period', 'status', '--db', folder], { env: it_ });
    expect(r.code).toBe(2);
    expectNoCrash(r);
    expect(r.stderr).toBe(
      `provvigo period status: ${folder}: impossibile aprire l'archivio: l'archivio ${folder} è in uso dal processo ${process.pid}: ` +
        'un archivio incorporato serve un processo alla volta (per più processi usa PostgreSQL)\n',
    );
  }, 60_000);
});

describe('a port that accepts the connection and never speaks PostgreSQL', () => {
  const silent = silentServer();

  it('period status gives up at connect_timeout from the URL and says so in Italian, the password masked', async () => {
    const secret = 'S3cr3t-Pw-4711';
    // killed after 30 s if it hangs (as it did): a hang fails here instead of leaving a process behind
    const r = await provvigo(['period', 'status', '--db', `postgres://app:${secret}@127.0.0.1:${silent.port}/test?connect_timeout=1`], { env: it_, killAfterMs: 30_000 });
    expect(r.code, `stderr: ${r.stderr}`).toBe(2);
    expectNoCrash(r);
    expect(`${r.stdout}${r.stderr}`).not.toContain(secret);
    expect(r.stderr).toBe(
      `provvigo period status: postgres://app:***@127.0.0.1:${silent.port}/test?connect_timeout=1: impossibile aprire l'archivio: ` +
        `impossibile connettersi a PostgreSQL su postgres://app:***@127.0.0.1:${silent.port}/test: nessuna risposta entro 1 s (il timeout di connessione): ` +
        "lì potrebbe esserci qualcosa che accetta connessioni senza parlare PostgreSQL, o la rete le trattiene; controlla host e porta, o concedi più tempo con connect_timeout=<secondi> nell'URL\n",
    );
  }, 60_000);
});
