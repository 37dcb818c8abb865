import { openDatabase, type Db } from '@provvigo/store';
import { beforeAll } from 'vitest';
import { SalesforceClient } from '../src/client.js';
import { migrateSalesforce } from '../src/store.js';
import { SalesforceConfigSchema, type SalesforceConfig } from '../src/mapping.js';
import { ACCOUNT_FIELDS, CONTRACT_FIELDS, contractsMapping, FakeSalesforce, makeContracts, type FakeSalesforceOptions } from '../src/testing/index.js';

// jsforce routes every request through http(s)_proxy when set, ignoring NO_PROXY: keep tests on 127.0.0.1.
for (const k of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY']) delete process.env[k];

export interface Harness {
  fake: FakeSalesforce;
  db: Db;
  config: SalesforceConfig;
  client: SalesforceClient;
  sleeps: number[];
  retries: string[];
  close(): Promise<void>;
}

let shared: Promise<Db> | undefined;

/**
 * One embedded database per test file (starting PGlite costs seconds on a busy machine), emptied before each
 * harness so tests stay independent.
 */
export async function sharedDb(): Promise<Db> {
  shared ??= (async () => {
    const db = await openDatabase('memory://');
    await migrateSalesforce(db);
    return db;
  })();
  const db = await shared;
  await db.exec('TRUNCATE sf_records, sf_quarantine, sf_cursors, sf_bulk_jobs, sf_deletions');
  return db;
}

// Every test file that uses the harness starts its embedded database in a hook with room for a busy machine, so
// the first test's own timeout measures the test, not PGlite's start.
beforeAll(async () => void (await sharedDb()), 180_000);

/** The sync clock: well after every seeded record. */
export const NOW = () => new Date('2026-11-27T09:00:00.000Z');

export async function harness(
  records: Record<string, unknown>[],
  options: FakeSalesforceOptions & { mode?: 'auto' | 'rest' | 'bulk'; bulkPageSize?: number } = {},
): Promise<Harness> {
  const fake = new FakeSalesforce(options);
  const url = await fake.start();
  fake.addObject({ name: 'Contract', fields: CONTRACT_FIELDS, records });
  fake.addObject({ name: 'Account', fields: ACCOUNT_FIELDS, records: [] });
  const input = contractsMapping({ kind: 'accessToken', instanceUrl: url, accessToken: fake.issueToken() });
  const obj = input.objects[0]!;
  if (options.mode) obj.mode = options.mode;
  if (options.bulkPageSize) obj.bulkPageSize = options.bulkPageSize;
  const config = SalesforceConfigSchema.parse(input);
  const sleeps: number[] = [];
  const retries: string[] = [];
  const client = await SalesforceClient.connect(config.auth, {
    apiVersion: config.apiVersion,
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    onRetry: (r) => retries.push(`${r.what}: ${r.error.name} ${r.error.status ?? ''}`),
  });
  const db = await sharedDb();
  return {
    fake,
    db,
    config,
    client,
    sleeps,
    retries,
    async close() {
      await fake.stop();
    },
  };
}

export async function storedIds(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('SELECT id FROM sf_records WHERE NOT is_deleted ORDER BY id');
  return rows.map((r) => r.id);
}

export async function count(db: Db, sql: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql);
  return rows[0]!.n;
}

export { makeContracts };
