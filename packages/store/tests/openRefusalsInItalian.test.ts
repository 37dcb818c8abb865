// Opening a store is where a user's own mistakes show first: a mistyped URL, a server that is down, a database or role
// that does not exist, a folder that cannot be written or is in use, a data folder another PGlite wrote, a folder of
// other files given as the store's. Each refusal carries its text in English (`message`) and Italian (`messages`),
// names the target, and never shows the password: every PostgreSQL case here puts a real one in the URL and checks the
// error as `console.error` would print it. The expected texts are written out from the rule each case breaks; the
// words quoted from Node, PostgreSQL or the file system are theirs (`connect ECONNREFUSED 127.0.0.1:1`, `role "x" does
// not exist`), as the error quotes them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callsByFile, textCalls } from '../../../tests/bilingualCalls.js';
import { PGLITE_LOCK_FILE, Store, migrate, openDatabase, type Db } from '../src/index.js';
import { PG_URL, freshPgliteFolder, newLocation, pgliteTemplate, postgresAvailable } from './helpers/engines.js';
import { refusal, type Texts } from './helpers/refusals.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const SECRET = 'S3cr3t-Pw-4711';
const pgUp = await postgresAvailable();

describe('a PostgreSQL target that is not one', () => {
  it('a URL that does not parse: named with its password masked', async () => {
    const m = await refusal(openDatabase(`postgres://app:${SECRET}@127.0.0.1:notaport/test`), [SECRET]);
    expect(m.en).toBe('not a PostgreSQL URL: postgres://***@127.0.0.1:notaport/test (a password with / ? or # in it must be percent-encoded)');
    expect(m.it).toBe(
      'non è un URL PostgreSQL valido: postgres://***@127.0.0.1:notaport/test (una password che contiene / ? o # va scritta con la codifica percentuale, per esempio %2F per /)',
    );
  });

  it('a password whose start reads as a port (app:4711/…) is refused, not sent to host "app" as a database name', async () => {
    // URL parses it as host app, port 4711, path /S3cr3t…@127.0.0.1:1/test: the rest of the password in the path
    const m = await refusal(openDatabase(`postgres://app:4711/${SECRET}@127.0.0.1:1/test`), [SECRET, '4711/']);
    expect(m.en).toBe('not a PostgreSQL URL: postgres://***@127.0.0.1:1/test (a password with / ? or # in it must be percent-encoded)');
    expect(m.it).toMatch(/^non è un URL PostgreSQL valido: postgres:\/\/\*\*\*@127\.0\.0\.1:1\/test \(/);
  });

  it('a schema name PostgreSQL would need quoted', async () => {
    const m = await refusal(openDatabase(`postgres://app:${SECRET}@127.0.0.1:1/test?schema=Acme-1`), [SECRET]);
    expect(m.en).toBe(
      'invalid schema name "Acme-1" for PostgreSQL at postgres://app:***@127.0.0.1:1/test?schema=Acme-1 (lowercase letters, digits and _, not starting with a digit, at most 63)',
    );
    expect(m.it).toBe(
      'nome di schema "Acme-1" non valido per PostgreSQL su postgres://app:***@127.0.0.1:1/test?schema=Acme-1 (lettere minuscole, cifre e _, senza iniziare con una cifra, al massimo 63)',
    );
    // the option names the same rule
    const option = await refusal(openDatabase(`postgres://app:${SECRET}@127.0.0.1:1/test`, { schema: '1st' }), [SECRET]);
    expect(option.en).toMatch(/^invalid schema name "1st" for PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/test \(/);
  });
});

describe('a PostgreSQL server that cannot be reached', () => {
  it('nothing listens on the port: connection refused, with the address Node tried', async () => {
    const m = await refusal(openDatabase(`postgres://app:${SECRET}@127.0.0.1:1/test`), [SECRET]);
    expect(m.en).toBe(
      'cannot connect to PostgreSQL at postgres://app:***@127.0.0.1:1/test: connection refused (connect ECONNREFUSED 127.0.0.1:1): is the server running, on that host and port?',
    );
    expect(m.it).toBe(
      "impossibile connettersi a PostgreSQL su postgres://app:***@127.0.0.1:1/test: connessione rifiutata (connect ECONNREFUSED 127.0.0.1:1): il server è avviato, su quell'host e quella porta?",
    );
  });

  it('a host name that does not exist (.invalid is reserved for that)', async () => {
    const m = await refusal(openDatabase(`postgres://app:${SECRET}@no-such-host.invalid/test?password=${SECRET}`), [SECRET]);
    expect(m.en).toBe('cannot connect to PostgreSQL at postgres://app:***@no-such-host.invalid/test?password=***: no address found for host no-such-host.invalid');
    expect(m.it).toBe("impossibile connettersi a PostgreSQL su postgres://app:***@no-such-host.invalid/test?password=***: nessun indirizzo trovato per l'host no-such-host.invalid");
  });
});

describe.runIf(pgUp)('a PostgreSQL server that refuses', () => {
  const server = new URL(PG_URL);
  const database = server.pathname.slice(1);
  const suffix = randomBytes(5).toString('hex');
  /** A role with no privilege: it may connect (PUBLIC may), not create a schema. */
  const reader = `provvigo_reader_${suffix}`;
  /** A role that may create schemas, and may use (not create in) `lockedSchema`. */
  const guest = `provvigo_guest_${suffix}`;
  const lockedSchema = `t_locked_${suffix}`;
  const urlAs = (role: string, path = server.pathname) => `postgres://${role}:${SECRET}@${server.host}${path}`;
  const maskedAs = (role: string, path = server.pathname) => `postgres://${role}:***@${server.host}${path}`;

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    await admin(
      `CREATE ROLE ${reader} LOGIN; CREATE ROLE ${guest} LOGIN; CREATE SCHEMA ${lockedSchema};` +
        `GRANT USAGE ON SCHEMA ${lockedSchema} TO ${guest}; GRANT CREATE ON DATABASE "${database}" TO ${guest};`,
    );
  });
  afterAll(async () => {
    await admin(`DROP SCHEMA IF EXISTS ${lockedSchema} CASCADE; DROP OWNED BY ${reader}, ${guest}; DROP ROLE ${reader}; DROP ROLE ${guest};`);
  });

  it('a database that does not exist', async () => {
    const missing = `provvigo_missing_${suffix}`;
    const m = await refusal(openDatabase(urlAs('postgres', `/${missing}`)), [SECRET]);
    expect(m.en).toBe(
      `cannot connect to PostgreSQL at ${maskedAs('postgres', `/${missing}`)}: database ${missing} does not exist on that server (create it, or correct the name in the URL)`,
    );
    expect(m.it).toBe(
      `impossibile connettersi a PostgreSQL su ${maskedAs('postgres', `/${missing}`)}: il database ${missing} non esiste su quel server (crealo, o correggi il nome nell'URL)`,
    );
  });

  it('a role that does not exist: the login is refused, in the server\'s words', async () => {
    const nobody = `provvigo_nobody_${suffix}`;
    const m = await refusal(openDatabase(urlAs(nobody)), [SECRET]);
    expect(m.en).toBe(`cannot connect to PostgreSQL at ${maskedAs(nobody)}: the server refused the login: role "${nobody}" does not exist`);
    expect(m.it).toBe(`impossibile connettersi a PostgreSQL su ${maskedAs(nobody)}: il server ha rifiutato l'accesso: role "${nobody}" does not exist`);
  });

  it('a role that may not create the schema it asks for', async () => {
    const schema = `t_new_${suffix}`;
    const m = await refusal(openDatabase(`${urlAs(reader)}?schema=${schema}`), [SECRET]);
    expect(m.en).toBe(
      `cannot create schema ${schema} in PostgreSQL at ${maskedAs(reader)}: permission denied for database ${database} ` +
        '(the role needs the CREATE privilege on the database, or the schema created for it)',
    );
    expect(m.it).toBe(
      `impossibile creare lo schema ${schema} in PostgreSQL su ${maskedAs(reader)}: permission denied for database ${database} ` +
        '(il ruolo deve avere il privilegio CREATE sul database, o lo schema già creato per lui)',
    );
  });

  it('a role that may not create tables in its schema: the store cannot record its migrations', async () => {
    const db = await openDatabase(`${urlAs(guest)}?schema=${lockedSchema}`);
    try {
      const m = await refusal(Store.open(db), [SECRET]);
      expect(m.en).toBe(`cannot record migrations in the store ${maskedAs(guest)} (schema ${lockedSchema}): permission denied for schema ${lockedSchema}`);
      expect(m.it).toBe(`impossibile registrare le migrazioni nell'archivio ${maskedAs(guest)} (schema ${lockedSchema}): permission denied for schema ${lockedSchema}`);
    } finally {
      await db.close();
    }
  });
});

describe('an embedded store folder that cannot be used', () => {
  const made: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'provvigo-open-'));
    made.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of made) {
      chmodSync(dir, 0o700);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file where the folder should be, and a file on the way to it', async () => {
    const file = join(scratch(), 'ledger.csv');
    writeFileSync(file, 'id\n');
    const isFile = await refusal(openDatabase(file));
    expect(isFile).toEqual({ en: `the store ${file} is a file, not a folder`, it: `l'archivio ${file} è un file, non una cartella` });

    const below = await refusal(openDatabase(join(file, 'db')));
    expect(below).toEqual({
      en: `cannot create the store folder ${file}/db: part of that path is a file, not a folder`,
      it: `impossibile creare la cartella dell'archivio ${file}/db: una parte del percorso è un file, non una cartella`,
    });
  });

  it('in use by this process, and by another live one', async () => {
    const folder = await freshPgliteFolder();
    made.push(folder);
    const first = await openDatabase(folder);
    try {
      const m = await refusal(openDatabase(folder));
      expect(m.en).toBe(
        `the store ${folder} is in use by process ${process.pid} (this one): an embedded store serves one process at a time (use PostgreSQL for several)`,
      );
      expect(m.it).toBe(
        `l'archivio ${folder} è in uso dal processo ${process.pid} (questo): un archivio incorporato serve un processo alla volta (per più processi usa PostgreSQL)`,
      );
    } finally {
      await first.close();
    }
    // the parent of this test process is alive while the test runs
    const other = scratch();
    writeFileSync(join(other, PGLITE_LOCK_FILE), String(process.ppid));
    const m = await refusal(openDatabase(other));
    expect(m.en).toBe(`the store ${other} is in use by process ${process.ppid}: an embedded store serves one process at a time (use PostgreSQL for several)`);
    expect(m.it).toBe(`l'archivio ${other} è in uso dal processo ${process.ppid}: un archivio incorporato serve un processo alla volta (per più processi usa PostgreSQL)`);
  });

  it('a lock file that cannot be read (a folder by that name), in Node\'s words', async () => {
    const folder = scratch();
    mkdirSync(join(folder, PGLITE_LOCK_FILE));
    const m = await refusal(openDatabase(folder));
    expect(m.en).toBe(`cannot lock the store ${folder}: EISDIR: illegal operation on a directory, read`);
    expect(m.it).toBe(`impossibile bloccare l'archivio ${folder}: EISDIR: illegal operation on a directory, read`);
  });

  /** Opens `target` in a child process that may not write where its mode bits forbid it (root: CAP_DAC_OVERRIDE dropped). */
  function openInChild(target: string): Promise<{ message: string; messages?: Texts; opened?: true }> {
    const node = [process.execPath, '--conditions=@provvigo/source', '--import', 'tsx', join(HERE, 'helpers/openChild.ts'), target];
    const [command, ...args] = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...node] : node;
    return new Promise((done, fail) => {
      const child = spawn(command!, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', fail);
      child.on('exit', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`the child exited ${code}: ${out}\n${err}`))));
    });
  }

  it('a folder the user may read but not write, and one that cannot be created there', async () => {
    const folder = scratch();
    chmodSync(folder, 0o555);
    const locked = await openInChild(folder);
    expect(locked.message).toBe(locked.messages?.en);
    expect(locked.messages).toEqual({
      en: `cannot lock the store ${folder}: no permission to write there (EACCES); the store writes its lock file provvigo.lock in its folder even to read`,
      it: `impossibile bloccare l'archivio ${folder}: nessun permesso di scrittura lì (EACCES); l'archivio scrive il suo file di lock provvigo.lock nella sua cartella anche solo per leggere`,
    });

    const uncreated = await openInChild(join(folder, 'db'));
    expect(uncreated.message).toBe(uncreated.messages?.en);
    expect(uncreated.messages).toEqual({
      en: `cannot create the store folder ${folder}/db: no permission to write there (EACCES)`,
      it: `impossibile creare la cartella dell'archivio ${folder}/db: nessun permesso di scrittura lì (EACCES)`,
    });
  });

  it('a data folder another PGlite wrote (another PostgreSQL major version): newer, older; the lock is let go', async () => {
    // the major version the installed PGlite writes, as it wrote it in a folder of its own
    const ours = Number(readFileSync(join(await pgliteTemplate(), 'PG_VERSION'), 'utf8').trim());
    const newer = await freshPgliteFolder();
    made.push(newer);
    writeFileSync(join(newer, 'PG_VERSION'), `${ours + 1}\n`);
    const m = await refusal(openDatabase(newer));
    expect(m.en).toBe(
      `the store ${newer} was written by a newer PGlite (PostgreSQL ${ours + 1}) than the one installed here (PostgreSQL ${ours}): open it with the version of Provvigo that wrote it`,
    );
    expect(m.it).toBe(
      `l'archivio ${newer} è stato scritto da un PGlite più recente (PostgreSQL ${ours + 1}) di quello installato qui (PostgreSQL ${ours}): aprilo con la versione di Provvigo che l'ha scritto`,
    );
    expect(existsSync(join(newer, PGLITE_LOCK_FILE))).toBe(false);

    const older = await freshPgliteFolder();
    made.push(older);
    writeFileSync(join(older, 'PG_VERSION'), `${ours - 1}\n`);
    const o = await refusal(openDatabase(older));
    expect(o.en).toBe(
      `the store ${older} was written by an older PGlite (PostgreSQL ${ours - 1}) than the one installed here (PostgreSQL ${ours}): ` +
        'open it with the version of Provvigo that wrote it (a data folder does not carry over from one PostgreSQL version to another)',
    );
    expect(o.it).toBe(
      `l'archivio ${older} è stato scritto da un PGlite meno recente (PostgreSQL ${ours - 1}) di quello installato qui (PostgreSQL ${ours}): ` +
        "aprilo con la versione di Provvigo che l'ha scritto (una cartella di dati non passa da una versione di PostgreSQL all'altra)",
    );
  });

  it('a damaged data folder: PostgreSQL\'s reason, not PGlite\'s "Aborted()"', async () => {
    const folder = await freshPgliteFolder();
    made.push(folder);
    rmSync(join(folder, 'global/pg_control'));
    const m = await refusal(openDatabase(folder));
    expect(m.en).toBe(
      `the embedded database in ${folder} did not start: could not open file "global/pg_control": No such file or directory (the folder may be damaged, or not a store)`,
    );
    expect(m.it).toBe(
      `il database incorporato in ${folder} non si è avviato: could not open file "global/pg_control": No such file or directory (la cartella potrebbe essere danneggiata, o non essere un archivio)`,
    );
    expect(existsSync(join(folder, PGLITE_LOCK_FILE))).toBe(false);
  });
});

describe('a folder that is not a store: refused when it holds other files, a new store when empty or missing', () => {
  const made: string[] = [];
  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), 'provvigo-foreign-'));
    made.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  /** Every file and folder under `folder`, with its size (a file's contents changing shows as well as a new file). */
  const listing = (folder: string) =>
    readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .sort()
      .map((name) => `${name} ${statSync(join(folder, name)).size}`);

  it('a folder of CSV exports: refused in both languages, naming it and what to give instead; left as it was', async () => {
    const folder = scratch();
    writeFileSync(join(folder, 'vendite-2026-10.csv'), 'partner;importo\nP001;100,00\n');
    const before = listing(folder);
    expect(before).toEqual(['vendite-2026-10.csv 28']);
    const m = await refusal(openDatabase(folder));
    expect(m.en).toBe(
      `the folder ${folder} is not a store and is not empty (it holds vendite-2026-10.csv; no PG_VERSION): nothing was written in it. ` +
        'A store needs a folder of its own: give a new or empty folder to create one, or the folder of an existing store',
    );
    expect(m.it).toBe(
      `la cartella ${folder} non è un archivio e non è vuota (contiene vendite-2026-10.csv; manca PG_VERSION): non vi è stato scritto nulla. ` +
        'Un archivio vuole una cartella tutta sua: indica una cartella nuova o vuota per crearne uno, o la cartella di un archivio esistente',
    );
    // no data folder and no lock file left among the user's files
    expect(listing(folder)).toEqual(before);
  });

  it('a folder of many files names three of them, in order, and how many more', async () => {
    const folder = scratch();
    // a placeholder beside them is not named: the files the user must move are
    for (const name of ['ottobre.csv', 'agosto.csv', 'settembre.csv', 'luglio.csv', 'note', '.DS_Store']) writeFileSync(join(folder, name), 'x');
    const m = await refusal(openDatabase(folder));
    expect(m.en).toContain('(it holds agosto.csv, luglio.csv, note and 2 more; no PG_VERSION)');
    expect(m.it).toContain('(contiene agosto.csv, luglio.csv, note e altri 2; manca PG_VERSION)');
    expect(readdirSync(folder).sort()).toEqual(['.DS_Store', 'agosto.csv', 'luglio.csv', 'note', 'ottobre.csv', 'settembre.csv']);
  });

  it('an empty folder, one holding only placeholders, and a missing one become new stores, which reopen with their data', async () => {
    const empty = scratch();
    const missing = join(scratch(), 'provvigo', 'db');
    // kept in git by a placeholder, and opened once in macOS's Finder: empty for its user
    const placeholders = scratch();
    writeFileSync(join(placeholders, '.gitkeep'), '');
    writeFileSync(join(placeholders, '.DS_Store'), 'Bud1');
    for (const folder of [empty, missing, placeholders]) {
      const db = await openDatabase(folder);
      await db.exec("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('2026-10')");
      await db.close();
      expect(existsSync(join(folder, 'PG_VERSION'))).toBe(true);
      const again = await openDatabase(folder);
      try {
        expect((await again.query<{ v: string }>('SELECT v FROM kept')).rows).toEqual([{ v: '2026-10' }]);
      } finally {
        await again.close();
      }
    }
  });
});

describe.each(['pglite', 'postgres'] as const)('migrations refused on %s', (engine) => {
  let db: Db;
  let where: string;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    if (engine === 'postgres' && !pgUp) return;
    const loc = await newLocation(engine);
    db = await loc.open();
    // PGlite: the folder; PostgreSQL: the URL (Db.target, secretsNeverLeak.test.ts checks its masking) and the schema
    where = engine === 'pglite' ? loc.target : `${db.target} (schema ${loc.schema})`;
    dispose = async () => {
      await db.close();
      await loc.dispose();
    };
  });
  afterAll(async () => dispose?.());

  it.skipIf(engine === 'postgres' && !pgUp)('an applied migration whose SQL changed; one that fails; a list with a gap or a twin', async () => {
    const m1 = { id: 'test/001_a', sql: 'CREATE TABLE mig_a (id int);' };
    await migrate(db, [m1]);
    const changed = await refusal(migrate(db, [{ ...m1, sql: 'CREATE TABLE mig_b (id int);' }]));
    expect(changed.en).toBe(`migration "test/001_a" was already applied with different SQL to the store ${where}; add a new migration instead`);
    expect(changed.it).toBe(`la migrazione "test/001_a" è già stata applicata con un SQL diverso all'archivio ${where}; aggiungi invece una nuova migrazione`);

    const failed = await refusal(migrate(db, [m1, { id: 'test/002_bad', sql: 'CREATE TABLE mig_bad (id nosuchtype);' }]));
    expect(failed.en).toBe(`migration "test/002_bad" failed on the store ${where}: type "nosuchtype" does not exist`);
    expect(failed.it).toBe(`la migrazione "test/002_bad" non è riuscita sull'archivio ${where}: type "nosuchtype" does not exist`);

    expect(await refusal(migrate(db, [{ id: '', sql: '' }]))).toEqual({ en: 'migration without id', it: 'migrazione senza id' });
    expect(await refusal(migrate(db, [m1, m1]))).toEqual({ en: 'migration id "test/001_a" appears twice', it: `l'id di migrazione "test/001_a" compare due volte` });
  });
});

describe('every refusal of opening a store is written in both languages', () => {
  it('db.ts, migrate.ts and openRefusals.ts throw no English-only Error, and give { en, it } to every BilingualError', () => {
    const calls = ['db.ts', 'migrate.ts', 'openRefusals.ts'].flatMap((file) =>
      textCalls(file, readFileSync(join(HERE, '../src', file), 'utf8'), new Map([['Error', 0], ['BilingualError', 0]])),
    );
    expect(calls.filter((c) => !c.both).map((c) => c.at)).toEqual([]);
    // the scan sees the refusals it should (one that finds none would pass for the wrong reason)
    expect(callsByFile(calls)).toEqual({ 'openRefusals.ts': 22 });
  });
});
