import { BilingualError, maskUrlsIn, type BothLanguages } from '@provvigo/core';

// The refusals a user meets opening a store (`openDatabase`, then `migrate`): a target string that is not one, a server
// that does not answer or refuses, a folder that cannot be written or is in use, a data folder the installed PGlite
// cannot run. Each names the target as the user gave it, any password masked by the caller (`maskUrl`), in English
// (`message`) and Italian (`messages`). Words a driver, the operating system or PostgreSQL wrote (`connect
// ECONNREFUSED 127.0.0.1:1`, `role "x" does not exist`) are quoted as they are, in both texts: they are what a search
// or an administrator recognises.

/** Errors of the file system that mean "this user may not write here" (a read-only mount included). */
const NO_PERMISSION = new Set(['EACCES', 'EPERM', 'EROFS']);

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * What the driver said, with any URL in it masked. Node's error when every address of a host refused (an
 * AggregateError, `localhost` as ::1 and 127.0.0.1) has an empty message: its errors' messages say it.
 */
function driverText(error: unknown): string {
  const e = error as { message?: string; errors?: Array<{ message?: string }> } | undefined;
  const inner = e?.errors?.map((x) => x.message ?? '').filter(Boolean).join('; ');
  return maskUrlsIn(e?.message || inner || codeOf(error) || String(error));
}

// ------------------------------------------------------------------------------------------ PostgreSQL

/** A `postgres://` target that is no URL, or that parses only by reading part of the password as a port. */
export function notPostgresUrl(masked: string): BilingualError {
  return new BilingualError({
    en: `not a PostgreSQL URL: ${masked} (a password with / ? or # in it must be percent-encoded)`,
    it: `non è un URL PostgreSQL valido: ${masked} (una password che contiene / ? o # va scritta con la codifica percentuale, per esempio %2F per /)`,
  });
}

/** A schema (option `schema` or `?schema=`) PostgreSQL would need quoted: the store writes it unquoted in SQL. */
export function badSchemaName(schema: string, masked: string): BilingualError {
  return new BilingualError({
    en: `invalid schema name "${schema}" for PostgreSQL at ${masked} (lowercase letters, digits and _, not starting with a digit, at most 63)`,
    it: `nome di schema "${schema}" non valido per PostgreSQL su ${masked} (lettere minuscole, cifre e _, senza iniziare con una cifra, al massimo 63)`,
  });
}

interface Attempt {
  url: URL;
  /** The driver's or the server's own words. */
  why: string;
}

/** The database named in the URL's path, as node-postgres reads it; none when the path is empty (the driver's default). */
function databaseOf(url: URL): string | undefined {
  const path = url.pathname.slice(1);
  try {
    return path ? decodeURI(path) : undefined;
  } catch {
    return undefined;
  }
}

/** Why a connection failed, in both languages, by the driver's error code (Node's) or the server's SQLSTATE. */
const CONNECT_REASONS = new Map<string, (a: Attempt) => BothLanguages | undefined>([
  [
    'ECONNREFUSED',
    ({ why }) => ({
      en: `connection refused (${why}): is the server running, on that host and port?`,
      it: `connessione rifiutata (${why}): il server è avviato, su quell'host e quella porta?`,
    }),
  ],
  // ENOTFOUND: the name does not exist; EAI_AGAIN: no name server answered (offline). Either way no address to try.
  ['ENOTFOUND', ({ url }) => ({ en: `no address found for host ${url.hostname}`, it: `nessun indirizzo trovato per l'host ${url.hostname}` })],
  ['EAI_AGAIN', ({ url }) => ({ en: `no address found for host ${url.hostname}`, it: `nessun indirizzo trovato per l'host ${url.hostname}` })],
  [
    '3D000',
    ({ url }) => {
      const name = databaseOf(url);
      return name === undefined
        ? undefined
        : {
            en: `database ${name} does not exist on that server (create it, or correct the name in the URL)`,
            it: `il database ${name} non esiste su quel server (crealo, o correggi il nome nell'URL)`,
          };
    },
  ],
  // 28000: a role that does not exist, or no pg_hba.conf line admits it; 28P01: a wrong password
  ['28000', ({ why }) => ({ en: `the server refused the login: ${why}`, it: `il server ha rifiutato l'accesso: ${why}` })],
  ['28P01', ({ why }) => ({ en: `the server refused the login: ${why}`, it: `il server ha rifiutato l'accesso: ${why}` })],
]);

/**
 * A connect timeout (option `connectTimeoutMs`, `?connect_timeout=` in the URL, or the environment variable
 * `PGCONNECT_TIMEOUT`) that is no whole, non-negative number: named where the user gave it.
 */
export function badConnectTimeout(where: 'option' | 'url' | 'env', given: string, masked: string, maxMs: number): BilingualError {
  const maxSeconds = Math.floor(maxMs / 1000);
  if (where === 'option') {
    return new BilingualError({
      en: `invalid connectTimeoutMs ${given} for PostgreSQL at ${masked} (whole milliseconds, 0 to ${maxMs}; 0 waits without limit)`,
      it: `connectTimeoutMs ${given} non valido per PostgreSQL su ${masked} (millisecondi interi, da 0 a ${maxMs}; 0 attende senza limite)`,
    });
  }
  return where === 'url'
    ? new BilingualError({
        en: `invalid connect_timeout "${given}" in the URL of PostgreSQL at ${masked} (whole seconds, 0 to ${maxSeconds}; 0 waits without limit)`,
        it: `connect_timeout "${given}" non valido nell'URL di PostgreSQL su ${masked} (secondi interi, da 0 a ${maxSeconds}; 0 attende senza limite)`,
      })
    : new BilingualError({
        en: `invalid PGCONNECT_TIMEOUT "${given}" in the environment, for PostgreSQL at ${masked} (whole seconds, 0 to ${maxSeconds}; 0 waits without limit)`,
        it: `PGCONNECT_TIMEOUT "${given}" non valido nell'ambiente, per PostgreSQL su ${masked} (secondi interi, da 0 a ${maxSeconds}; 0 attende senza limite)`,
      });
}

/** `10 s`, or `250 ms` when not whole seconds: the timeout as the user gave it (seconds in the URL, ms by option). */
function duration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * node-postgres gave up on a connection at the connect timeout: its Client's words (`timeout expired`), or pg-pool's
 * (`Connection terminated due to connection timeout`). Neither carries a code, unlike Node's and the server's errors.
 */
function timedOut(error: unknown): boolean {
  return codeOf(error) === '' && /\btimeout\b/i.test((error as { message?: string } | undefined)?.message ?? '');
}

/**
 * The first query on a new pool failed: no connection, no answer within the connect timeout (`timeoutMs`), or (42501) a
 * role that may not create the schema it asked for. Other failures quote the driver's words after the same lead.
 */
export function cannotConnect(masked: string, url: URL, schema: string, error: unknown, timeoutMs: number): BilingualError {
  const code = codeOf(error);
  const why = driverText(error);
  if (timeoutMs > 0 && timedOut(error)) {
    const limit = duration(timeoutMs);
    return new BilingualError({
      en:
        `cannot connect to PostgreSQL at ${masked}: no answer within ${limit} (the connect timeout): something there may accept ` +
        'connections without speaking PostgreSQL, or the network holds them; check the host and port, or allow more time with connect_timeout=<seconds> in the URL',
      it:
        `impossibile connettersi a PostgreSQL su ${masked}: nessuna risposta entro ${limit} (il timeout di connessione): lì potrebbe esserci qualcosa che ` +
        "accetta connessioni senza parlare PostgreSQL, o la rete le trattiene; controlla host e porta, o concedi più tempo con connect_timeout=<secondi> nell'URL",
    });
  }
  if (code === '42501') {
    return new BilingualError({
      en: `cannot create schema ${schema} in PostgreSQL at ${masked}: ${why} (the role needs the CREATE privilege on the database, or the schema created for it)`,
      it: `impossibile creare lo schema ${schema} in PostgreSQL su ${masked}: ${why} (il ruolo deve avere il privilegio CREATE sul database, o lo schema già creato per lui)`,
    });
  }
  const reason: BothLanguages = CONNECT_REASONS.get(code)?.({ url, why }) ?? { en: why, it: why };
  return new BilingualError({
    en: `cannot connect to PostgreSQL at ${masked}: ${reason.en}`,
    it: `impossibile connettersi a PostgreSQL su ${masked}: ${reason.it}`,
  });
}

// ---------------------------------------------------------------------------------------------- PGlite

/** `mkdir` of the data folder failed: a file has its name or stands in its path, or the parent is not writable. */
export function folderNotCreated(folder: string, error: unknown): BilingualError {
  const code = codeOf(error);
  if (code === 'EEXIST') return new BilingualError({ en: `the store ${folder} is a file, not a folder`, it: `l'archivio ${folder} è un file, non una cartella` });
  const said = driverText(error);
  const reason: BothLanguages =
    code === 'ENOTDIR'
      ? { en: 'part of that path is a file, not a folder', it: 'una parte del percorso è un file, non una cartella' }
      : NO_PERMISSION.has(code)
        ? { en: `no permission to write there (${code})`, it: `nessun permesso di scrittura lì (${code})` }
        : { en: said, it: said };
  return new BilingualError({
    en: `cannot create the store folder ${folder}: ${reason.en}`,
    it: `impossibile creare la cartella dell'archivio ${folder}: ${reason.it}`,
  });
}

/** How many of a foreign folder's names the refusal shows: enough to recognise the folder, not its whole listing. */
const NAMES_SHOWN = 3;

/**
 * The folder exists and holds files, none of them a store's (`names`: what it holds): opening it would have
 * initialised PostgreSQL's data folder among them (`base/`, `global/`, `pg_wal/`…). Nothing was written in it.
 */
export function notAStoreFolder(folder: string, names: readonly string[], marker: string): BilingualError {
  const sorted = [...names].sort();
  const more = sorted.length > NAMES_SHOWN ? sorted.length - NAMES_SHOWN : 0;
  const shown = sorted.slice(0, NAMES_SHOWN).join(', ');
  const held: BothLanguages = {
    en: more > 0 ? `${shown} and ${more} more` : shown,
    it: more > 0 ? `${shown} e altri ${more}` : shown,
  };
  return new BilingualError({
    en:
      `the folder ${folder} is not a store and is not empty (it holds ${held.en}; no ${marker}): nothing was written in it. ` +
      'A store needs a folder of its own: give a new or empty folder to create one, or the folder of an existing store',
    it:
      `la cartella ${folder} non è un archivio e non è vuota (contiene ${held.it}; manca ${marker}): non vi è stato scritto nulla. ` +
      "Un archivio vuole una cartella tutta sua: indica una cartella nuova o vuota per crearne uno, o la cartella di un archivio esistente",
  });
}

/** The lock file could not be written or read: most often a folder this user may read but not write. */
export function folderNotLockable(folder: string, lockFile: string, error: unknown): BilingualError {
  const code = codeOf(error);
  const said = driverText(error);
  const reason: BothLanguages = NO_PERMISSION.has(code)
    ? {
        en: `no permission to write there (${code}); the store writes its lock file ${lockFile} in its folder even to read`,
        it: `nessun permesso di scrittura lì (${code}); l'archivio scrive il suo file di lock ${lockFile} nella sua cartella anche solo per leggere`,
      }
    : { en: said, it: said };
  return new BilingualError({
    en: `cannot lock the store ${folder}: ${reason.en}`,
    it: `impossibile bloccare l'archivio ${folder}: ${reason.it}`,
  });
}

/** Another live process holds the folder's lock (`self`: this process opened it already and has not closed it). */
export function folderInUse(folder: string, owner: number, self: boolean): BilingualError {
  return new BilingualError({
    en: `the store ${folder} is in use by process ${owner}${self ? ' (this one)' : ''}: an embedded store serves one process at a time (use PostgreSQL for several)`,
    it: `l'archivio ${folder} è in uso dal processo ${owner}${self ? ' (questo)' : ''}: un archivio incorporato serve un processo alla volta (per più processi usa PostgreSQL)`,
  });
}

/** A stale lock was removed, and the lock file was back before this process could take it. */
export function lockTakenMeanwhile(folder: string, lockFile: string): BilingualError {
  return new BilingualError({
    en: `cannot lock the store ${folder}: another process took its lock file ${lockFile} at the same moment; try again`,
    it: `impossibile bloccare l'archivio ${folder}: un altro processo ha preso il suo file di lock ${lockFile} nello stesso momento; riprova`,
  });
}

/** PostgreSQL's words when the data folder's PG_VERSION is not the major version it runs (18.6 → 18). */
const VERSION_MISMATCH = /initialized by PostgreSQL version (\d+), which is not compatible with this version (\d+)/;
/** A line PostgreSQL wrote on stderr as it stopped: `2026-12-07 17:15:00.814 UTC [42] PANIC:  could not …`. */
const FATAL_LINE = /\b(?:FATAL|PANIC):\s+(.*)$/;

/**
 * PGlite did not start on `folder`. PGlite's own error says only "PGlite failed to initialize properly" or
 * "Aborted()"; what PostgreSQL wrote on stderr while starting (`stderr`) says why: a folder written by another
 * PostgreSQL major version (another PGlite), or a damaged one.
 */
export function pgliteDidNotStart(folder: string, error: unknown, stderr: readonly string[]): BilingualError {
  const versions = VERSION_MISMATCH.exec(stderr.join('\n'));
  if (versions) {
    const [found, ours] = [Number(versions[1]), Number(versions[2])];
    const newer = found > ours;
    return new BilingualError({
      en:
        `the store ${folder} was written by ${newer ? 'a newer' : 'an older'} PGlite (PostgreSQL ${found}) than the one installed here (PostgreSQL ${ours}): ` +
        `open it with the version of Provvigo that wrote it${newer ? '' : ' (a data folder does not carry over from one PostgreSQL version to another)'}`,
      it:
        `l'archivio ${folder} è stato scritto da un PGlite ${newer ? 'più recente' : 'meno recente'} (PostgreSQL ${found}) di quello installato qui (PostgreSQL ${ours}): ` +
        `aprilo con la versione di Provvigo che l'ha scritto${newer ? '' : " (una cartella di dati non passa da una versione di PostgreSQL all'altra)"}`,
    });
  }
  const said = stderr.map((line) => FATAL_LINE.exec(line)?.[1]).filter((line): line is string => Boolean(line));
  const why = said.length > 0 ? said.join('; ') : driverText(error);
  return new BilingualError({
    en: `the embedded database in ${folder} did not start: ${why} (the folder may be damaged, or not a store)`,
    it: `il database incorporato in ${folder} non si è avviato: ${why} (la cartella potrebbe essere danneggiata, o non essere un archivio)`,
  });
}

// ------------------------------------------------------------------------------------------ migrations

/** A store as a migration refusal names it: its target (password masked), and its schema when not `public`. */
function storeNamed(store: { target: string; schema: string }): string {
  return store.schema === 'public' ? store.target : `${store.target} (schema ${store.schema})`;
}

/** The migrations table could not be created or read (a PostgreSQL role without CREATE on the schema). */
export function migrationsNotRecorded(store: { target: string; schema: string }, error: unknown): BilingualError {
  const why = driverText(error);
  return new BilingualError({
    en: `cannot record migrations in the store ${storeNamed(store)}: ${why}`,
    it: `impossibile registrare le migrazioni nell'archivio ${storeNamed(store)}: ${why}`,
  });
}

export function migrationChanged(id: string, store: { target: string; schema: string }): BilingualError {
  return new BilingualError({
    en: `migration "${id}" was already applied with different SQL to the store ${storeNamed(store)}; add a new migration instead`,
    it: `la migrazione "${id}" è già stata applicata con un SQL diverso all'archivio ${storeNamed(store)}; aggiungi invece una nuova migrazione`,
  });
}

export function migrationFailed(id: string, store: { target: string; schema: string }, error: unknown): BilingualError {
  const why = driverText(error);
  return new BilingualError({
    en: `migration "${id}" failed on the store ${storeNamed(store)}: ${why}`,
    it: `la migrazione "${id}" non è riuscita sull'archivio ${storeNamed(store)}: ${why}`,
  });
}

/**
 * The store records migrations (`ids`, of the areas `migrate` was given) that this release does not know: a newer
 * release migrated it. The way out is forward, never back: a store is not downgraded.
 */
export function migratedByNewer(ids: readonly string[], store: { target: string; schema: string }): BilingualError {
  const quoted = ids.map((id) => `"${id}"`).join(', ');
  const one = ids.length === 1;
  return new BilingualError({
    en:
      `the store ${storeNamed(store)} was migrated by a newer release of Provvigo: it records ${one ? 'migration' : 'migrations'} ${quoted} that this release ` +
      'does not know, and would misread its data. Nothing was changed: upgrade Provvigo to the release that migrated it, or a later one; never downgrade a store',
    it:
      `l'archivio ${storeNamed(store)} è stato migrato da una versione più recente di Provvigo: registra ${one ? 'la migrazione' : 'le migrazioni'} ${quoted} che questa versione ` +
      "non conosce, e ne leggerebbe male i dati. Non è stato modificato nulla: aggiorna Provvigo alla versione che l'ha migrato, o a una successiva; non riportare mai un archivio a una versione precedente",
  });
}

/** The list given to `migrate` is the caller's code: an entry without id, or one id twice. */
export function migrationListInvalid(id: string | undefined): BilingualError {
  return id === undefined
    ? new BilingualError({ en: 'migration without id', it: 'migrazione senza id' })
    : new BilingualError({ en: `migration id "${id}" appears twice`, it: `l'id di migrazione "${id}" compare due volte` });
}
