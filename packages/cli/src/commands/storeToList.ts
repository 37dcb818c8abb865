import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isPostgresUrl, openDatabase, type Db } from '@provvigo/store';
import { CliError } from '../io/errors.js';
import { storeOpenError } from '../io/storeOpenError.js';

/**
 * The store a listing reads (`import billing --quarantine`, `sync salesforce --quarantine`), with the adapter's tables
 * brought up to date by its own migrate function: idempotent, so a store the adapter never wrote lists nothing (its
 * tables are created empty) and one written before a later migration reads as the adapter reads it now. A listing
 * never creates a store: a PGlite folder that holds none (a mistyped `--db`) is refused, where opening it would make
 * an empty store and report an empty quarantine. A store that cannot be opened or migrated gives the error every
 * command gives (storeOpenError: the reason, the password of a postgres:// URL masked).
 */
export async function openStoreToList(target: string, migrateTables: (db: Db) => Promise<void>): Promise<Db> {
  if (!isPostgresUrl(target) && !target.startsWith('memory://') && !existsSync(join(resolve(target), 'PG_VERSION'))) {
    throw new CliError(
      { en: 'cannot open the store: there is no store in this folder (check --db or $PROVVIGO_DB)', it: "impossibile aprire l'archivio: in questa cartella non c'è un archivio (controlla --db o $PROVVIGO_DB)" },
      { file: target },
    );
  }
  let db: Db | undefined;
  try {
    db = await openDatabase(target);
    await migrateTables(db);
    return db;
  } catch (e) {
    // a migration that fails must not leave the store locked
    await db?.close().catch(() => {});
    throw storeOpenError(target, e);
  }
}
