// Database access shared by every Provvigo package that keeps state.
export { openDatabase, isPostgresUrl, DEFAULT_DB_FOLDER } from './db.js';
export type { Db, Queryable, QueryResult, Engine, OpenDatabaseOptions } from './db.js';
export { migrate, MIGRATIONS_TABLE } from './migrate.js';
export type { Migration, MigrateResult } from './migrate.js';
