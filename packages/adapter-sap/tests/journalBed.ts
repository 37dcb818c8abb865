import { migrate, openDatabase, type Db } from '@provvigo/store';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FakeS4Hana, type FakeS4HanaOptions } from '../src/testing/index.js';
import { JournalEntryClient, SAP_MIGRATIONS, SqlJournalLog, resolveAuth } from '../src/index.js';
import { PASSWORD, makeConfig } from './fixtures.js';

/**
 * What the journal-entry tests of one file run against: one embedded journal log for the file (PGlite takes seconds
 * to start; each test uses its own accrual ids), and per test a fake S/4HANA with a client on that log, closed after
 * the test. `start` defaults to SAP queuing messages until `processJournalQueue`, as its inbound processing (AIF) does.
 */
export function journalBed(): {
  readonly db: Db;
  start(options?: FakeS4HanaOptions): Promise<{ fake: FakeS4Hana; config: ReturnType<typeof makeConfig>; client: JournalEntryClient; log: SqlJournalLog }>;
} {
  let db: Db | undefined;
  let fake: FakeS4Hana | undefined;
  beforeAll(async () => {
    db = await openDatabase('memory://');
    await migrate(db, SAP_MIGRATIONS);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const opened = (): Db => {
    if (!db) throw new Error('the journal log is opened in beforeAll: use it inside a test');
    return db;
  };
  return {
    get db() {
      return opened();
    },
    async start(options = { journalProcessing: 'manual' }) {
      fake = await FakeS4Hana.start({ password: PASSWORD, ...options });
      const config = makeConfig(fake.url, 5);
      const client = new JournalEntryClient(config, resolveAuth(config.connection.auth), { fetch: fake.fetch });
      return { fake, config, client, log: new SqlJournalLog(opened()) };
    },
  };
}
