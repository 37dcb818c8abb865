// Secrets are never logged: a --db URL carries the store's password (after the user name, or as ?password=), and
// every command that opens the store names the URL when it cannot. Each case gives a real password to a server that
// is not there (port 1) and reads everything the command printed and the one line `provvigo` writes for its error.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBillingCommand } from '../src/commands/import.js';
import { postSapCommand } from '../src/commands/post.js';
import { periodStatus } from '../src/commands/period.js';
import { workerCommand } from '../src/commands/worker.js';
import { CliError } from '../src/io/errors.js';
import { capture } from './helpers/capture.js';
import { provvigo } from './helpers/provvigoProcess.js';
import { queueServersAvailable, SHARED_REDIS } from './helpers/queueRuns.js';
import { newLocation, type TestLocation } from '../../store/tests/helpers/engines.js';

const SECRET = 'S3cr3tHead';
const TARGETS = {
  // node-postgres reads "S3cr3tHead:tail" as the password; the CLI's own masking showed what came before the last ':'
  'a password holding ":"': `postgres://app:${SECRET}:tail@127.0.0.1:1/none`,
  // not a URL for the WHATWG parser (the password must be percent-encoded): it was shown whole
  'a password holding "/"': `postgres://app:${SECRET}/tail@127.0.0.1:1/none`,
  'a ?password= parameter': `postgres://app@127.0.0.1:1/none?password=${SECRET}`,
};
const billingMapping = resolve(fileURLToPath(new URL('../../adapter-billing/examples/utility-export.mapping.json', import.meta.url)));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-secrets-'));
  // a configuration that is valid and sends nothing: --status only reads the posting log in the store
  const sap = {
    connection: { baseUrl: 'https://sap.example.invalid', auth: { type: 'basic', username: 'INTEGRATION', passwordEnv: 'SAP_TEST_PASSWORD' } },
    posting: { companyCode: 'IT01' },
    suppliers: {},
    glAccounts: { default: '0061010000' },
    taxCodes: [{ rate: '22', taxCode: 'V2' }],
  };
  await writeFile(join(dir, 'sap.json'), JSON.stringify(sap));
  await writeFile(join(dir, 'export.csv'), 'id\n');
}, 60_000);
afterAll(async () => rm(dir, { recursive: true, force: true }), 60_000);

/** What the user reads: the command's output and, for a failure, the line `provvigo <command>: <file>: <message>`. */
async function shown(run: (io: ReturnType<typeof capture>['io']) => Promise<number>): Promise<string> {
  const c = capture();
  const error = await run(c.io).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the store cannot be opened').toBeInstanceOf(CliError);
  return `${c.text()}${c.errors()}${(error as CliError).format('en')}`;
}

describe.each(Object.entries(TARGETS))('--db with %s', (_, db) => {
  it('period status names the store without its password', async () => {
    const text = await shown((io) => periodStatus({ db }, io));
    expect(text).not.toContain(SECRET);
    expect(text).toMatch(/127\.0\.0\.1:1.*cannot open the store/);
  });

  it('post sap --status names the store without its password', async () => {
    const text = await shown((io) => postSapCommand({ period: '2026-11', config: join(dir, 'sap.json'), status: true, db }, io, { env: { SAP_TEST_PASSWORD: 'x' } }));
    expect(text).not.toContain(SECRET);
  });

  it('import billing names the store without its password', async () => {
    const text = await shown((io) => importBillingCommand({ file: join(dir, 'export.csv'), mapping: billingMapping, db }, io));
    expect(text).not.toContain(SECRET);
  });
});

describe('provvigo as a process', () => {
  it('writes nothing of the password to stdout or stderr', async () => {
    const r = await provvigo(['period', 'status', '--db', TARGETS['a password holding "/"']]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^provvigo period status: postgres:\/\/\*\*\*@127\.0\.0\.1:1\/none: cannot open the store/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  }, 60_000);
});

const servers = await queueServersAvailable();

describe.runIf(servers)('provvigo worker', () => {
  let location: TestLocation;
  beforeAll(async () => {
    location = await newLocation('postgres');
  }, 120_000);
  afterAll(async () => location?.dispose(), 120_000);

  it('names the Redis and the store it serves without their passwords', async () => {
    // both servers take a password they do not need: PostgreSQL trusts local connections, Redis has none set
    const db = new URL(location.target);
    db.searchParams.set('password', SECRET);
    const queue = new URL(SHARED_REDIS);
    queue.searchParams.set('password', SECRET);
    const c = capture();
    expect(await workerCommand({ queue: queue.href, db: db.href, queuePrefix: 'provvigo-secrets' }, c.io, Promise.resolve())).toBe(0);
    expect(`${c.text()}${c.errors()}`).not.toContain(SECRET);
    expect(c.text()).toMatch(/waiting for partitions on redis:\/\/.*password=\*\*\* \(store postgres:\/\/.*password=\*\*\*/);
  }, 120_000);
});
