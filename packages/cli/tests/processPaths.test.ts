// Two CLI paths run as a user runs them, each `provvigo` its own process from the TypeScript sources:
// `provvigo validate --facts` and `provvigo period calculate --queue` with `provvigo worker` processes, on the real
// Redis and PostgreSQL (in CI their absence fails the file instead of skipping it). The queued run must print and store
// what the single-process run of the same inputs does; bad input gets one clear line naming file, record and field and
// a non-zero exit, never a crash or a hang; a Redis password is never printed. Last, a JSON file with a syntax error
// is named with its line and column, without quoting the text around the error (part of a secret, maybe).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FactRecord } from '@provvigo/core';
import { newLocation, type TestLocation } from '../../store/tests/helpers/engines.js';
import { expectClearError, expectNoCrash, provvigo, type CliResult } from './helpers/provvigoProcess.js';
import { freePort, startWorkerProcess, type Proc } from './helpers/queueProcesses.js';
import { example, queueServersAvailable, SHARED_REDIS, storedRun } from './helpers/queueRuns.js';

const servers = await queueServersAvailable();
const TABLES = ['contracts', 'interventions', 'serviceEvents'] as const;
const PARTITIONS = 4;
const AT = '2026-11-01T09:00:00Z';
const given = ['--plan', join(example, 'plans'), '--schema', join(example, 'factSchema.json'), '--partners', join(example, 'fixtures/small/partners.json')];

let dir: string;
/** The sample's records per table without its bad-by-design ones (ids holding BAD): inputs that compute cleanly. */
const clean: Record<string, FactRecord[]> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-process-paths-'));
  for (const table of TABLES) {
    const records = JSON.parse(await readFile(join(example, 'fixtures/small/facts', `${table}.json`), 'utf8')) as FactRecord[];
    clean[table] = records.filter((r) => !String(r['id']).includes('BAD'));
  }
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }), 60_000);

/** A facts folder of the clean records, with `contracts.<ext>` as given (the clean records as JSON when not). */
async function factsFolder(name: string, contracts?: { ext: 'json' | 'jsonl'; text: string }): Promise<{ folder: string; contractsFile: string }> {
  const folder = join(dir, name);
  await mkdir(folder, { recursive: true });
  for (const table of TABLES) if (table !== 'contracts' || !contracts) await writeFile(join(folder, `${table}.json`), JSON.stringify(clean[table]));
  const contractsFile = join(folder, `contracts.${contracts?.ext ?? 'json'}`);
  if (contracts) await writeFile(contractsFile, contracts.text);
  return { folder, contractsFile };
}

/** The clean contracts as JSON Lines with a line that is not JSON at line 3. */
function malformedJsonl(): string {
  const lines = clean.contracts!.map((r) => JSON.stringify(r));
  lines.splice(2, 0, '{"id": "HALF-WRITTEN", "partnerId": ');
  return `${lines.join('\n')}\n`;
}

/** `table: N in = …` counts a command printed, per table, as numbers. */
function countLines(text: string, pattern: RegExp): Map<string, number[]> {
  return new Map([...text.matchAll(pattern)].map((m) => [m[1]!, m.slice(2).map(Number)]));
}

describe('provvigo validate --facts, as a process', () => {
  const validate = (facts: string, ...more: string[]) => provvigo(['validate', ...given, '--facts', facts, ...more]);
  /** validate's `table: N in = V valid + R rejected` lines. */
  const validateCounts = (r: CliResult) => countLines(r.stdout, /(\w+): (\d+) in = (\d+) valid \+ (\d+) rejected/g);

  it('passes a valid facts folder: exit 0, every record of every file counted, in = valid + rejected', async () => {
    const { folder } = await factsFolder('validate-clean');
    const r = await validate(folder);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ok: /);
    const counts = validateCounts(r);
    for (const table of TABLES) expect(counts.get(table), table).toEqual([clean[table]!.length, clean[table]!.length, 0]);
  }, 120_000);

  it('names the file, the record and the field of a bad record; counts reconcile (exit 1, no crash)', async () => {
    const contracts = clean.contracts!.map((c) => ({ ...c }));
    const at = contracts.findIndex((c) => 'annualKwh' in c);
    contracts[at]!['annualKwh'] = 'tanti';
    const { folder, contractsFile } = await factsFolder('validate-bad-record', { ext: 'json', text: JSON.stringify(contracts) });
    const r = await validate(folder);
    expect(r.code, r.stderr).toBe(1);
    expectNoCrash(r);
    expect(r.stderr).toContain(`${contractsFile} (record #${at + 1})`);
    expect(r.stderr).toContain(`record contracts/${String(contracts[at]!['id'])}`);
    expect(r.stderr).toContain('field annualKwh');
    expect(validateCounts(r).get('contracts')).toEqual([contracts.length, contracts.length - 1, 1]);
    // the same in --json: the issue carries file, record and field, and the counts add up for every table
    const json = await validate(folder, '--json');
    const out = JSON.parse(json.stdout) as { ok: boolean; counts: Record<string, { in: number; valid: number; rejected: number }>; issues: Array<{ file?: string; record?: { id: string }; field?: string }> };
    expect(out.ok).toBe(false);
    expect(out.issues).toEqual([expect.objectContaining({ file: `${contractsFile} (record #${at + 1})`, record: expect.objectContaining({ id: contracts[at]!['id'] }), field: 'annualKwh' })]);
    for (const table of TABLES) expect(out.counts[table]!.in, table).toBe(out.counts[table]!.valid + out.counts[table]!.rejected);
  }, 120_000);

  it('rejects a JSON Lines line that is not JSON by file and line, checks the others (exit 1, no crash)', async () => {
    const { folder, contractsFile } = await factsFolder('validate-malformed-line', { ext: 'jsonl', text: malformedJsonl() });
    const r = await validate(folder);
    expectClearError(r, `${contractsFile}:3`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON at column \d+/);
    // the line is counted in, as rejected; every other record is valid
    expect(validateCounts(r).get('contracts')).toEqual([clean.contracts!.length + 1, clean.contracts!.length, 1]);
  }, 120_000);

  it('an unknown table or a missing file is one clear line naming the file (exit 2, no crash)', async () => {
    const unknown = join(dir, 'commissions.csv');
    await writeFile(unknown, 'id,partnerId\nX1,AGT-0001\n');
    const r1 = await validate(unknown);
    expectClearError(r1, unknown);
    expect(r1.stderr).toContain('no fact table "commissions"');
    expect(r1.code).toBe(2);
    const missing = join(dir, 'nowhere', 'contracts.csv');
    const r2 = await validate(missing);
    expectClearError(r2, missing);
    expect(r2.code).toBe(2);
  }, 120_000);
});

describe.runIf(servers)('provvigo period calculate --queue, with provvigo worker processes', () => {
  const prefix = `provvigo-process-${randomBytes(4).toString('hex')}`;
  const locations: TestLocation[] = [];
  const workers: Proc[] = [];

  /** A PostgreSQL store with period 2026-10 opened by `provvigo period open`, and a worker on it (own prefix) when asked. */
  async function openedStore(worker: boolean): Promise<{ db: string; prefix: string }> {
    const location = await newLocation('postgres');
    locations.push(location);
    const store = { db: location.target, prefix: `${prefix}-${locations.length}` };
    const open = await provvigo(['period', 'open', '--period', '2026-10', '--db', store.db, '--at', '2026-11-01T08:00:00Z']);
    expect(open.code, open.stderr).toBe(0);
    if (worker) workers.push(await startWorkerProcess({ queue: SHARED_REDIS, ...store, lockSeconds: 5 }, `worker ${store.prefix}`));
    return store;
  }

  /** `provvigo period calculate` of `facts` on the store, through the queue of its worker when `queued`. */
  const calculate = (store: { db: string; prefix: string }, facts: string, queued: boolean) =>
    provvigo(
      ['period', 'calculate', '--period', '2026-10', '--db', store.db, ...given, '--facts', facts, '--at', AT,
        ...(queued ? ['--queue', SHARED_REDIS, '--queue-prefix', store.prefix, '--partitions', String(PARTITIONS)] : [])],
      { killAfterMs: 240_000 },
    );

  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    for (const l of locations) await l.dispose().catch(() => {});
  }, 180_000);

  it('prints and stores what period calculate without --queue does for the same inputs (exit 0); the workers wrote every partition', async () => {
    const { folder } = await factsFolder('queue-clean');
    const [single, queued] = await Promise.all([openedStore(false), openedStore(true)]);
    const reference = await calculate(single, folder, false);
    expect(reference.code, reference.stderr).toBe(0);
    const r = await calculate(queued, folder, true);
    expect(r.code, r.stderr).toBe(0);
    expectNoCrash(r);
    // the whole report: run, hashes, plans, counts, every partner's totals and the net to pay
    expect(r.stdout).toBe(reference.stdout);
    expect(r.stdout).toMatch(/^run 2026-10-r1 calculated by carla$/m);
    expect(r.stdout).toMatch(/^20 partner statement\(s\)/m);
    const counts = countLines(r.stdout, /(\w+)(?: \([^)]*\))?: (\d+) in = (\d+) used(?: by the ledger)? \+ (\d+) excluded(?: \([^)]*\))? \+ (\d+) rejected/g);
    for (const table of TABLES) {
      const [n, used, excluded, rejected] = counts.get(table) ?? [];
      expect([n, used! + excluded! + rejected!, rejected], table).toEqual([clean[table]!.length, n, 0]);
    }
    // byte for byte the stored run of the single process: statements, traces, ledger entries, hashes
    const [a, b] = [await storedRun(single.db), await storedRun(queued.db)];
    expect(b.outputHash).toBe(a.outputHash);
    expect(b.documents === a.documents).toBe(true);
    // and it was the worker that evaluated it
    const worker = workers[workers.length - 1]!;
    for (let p = 0; p < PARTITIONS; p++) expect(worker.lines.filter((l) => l.includes(`partition ${p}: written`)), `partition ${p}`).toHaveLength(1);
  }, 600_000);

  it('rejects a malformed fact line by file and line, the other partners compute (exit 1, no crash)', async () => {
    const { folder, contractsFile } = await factsFolder('queue-malformed-line', { ext: 'jsonl', text: malformedJsonl() });
    const r = await calculate(await openedStore(true), folder, true);
    expectClearError(r, `${contractsFile}:3`);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not valid JSON at column \d+: .*; the line is not read/);
    expect(r.stdout).toMatch(/^20 partner statement\(s\)/m);
    const [n, used, excluded, rejected] = /contracts: (\d+) in = (\d+) used \+ (\d+) excluded \+ (\d+) rejected/.exec(r.stdout)!.slice(1).map(Number);
    expect([n, rejected]).toEqual([clean.contracts!.length + 1, 1]);
    expect(n).toBe(used! + excluded! + rejected!);
  }, 600_000);

  it('an unknown table or a missing fact file stops before the queue with one line naming the file (exit 2)', async () => {
    const store = await openedStore(false);
    const unknown = join(dir, 'queue-unknown', 'commissions.json');
    await mkdir(join(dir, 'queue-unknown'), { recursive: true });
    await writeFile(unknown, '[]');
    for (const file of [unknown, join(dir, 'nowhere', 'contracts.json')]) {
      const r = await calculate(store, file, true);
      expectClearError(r, file);
      expect(r.code).toBe(2);
    }
  }, 300_000);

  it('Redis unreachable: exit 1 naming the URL without its password, nothing stored, and the process ends', async () => {
    const { db } = await openedStore(false);
    const password = 'S3cr3tRedisPw';
    const url = `redis://:${password}@127.0.0.1:${await freePort()}`; // nothing listens there
    const { folder } = await factsFolder('queue-no-redis');
    // before the fix the process printed its error and then hung, reconnecting to Redis for ever: killed, code null
    const r = await provvigo(['period', 'calculate', '--period', '2026-10', '--db', db, ...given, '--facts', folder, '--at', AT, '--queue', url, '--redis-timeout', '1'], { killAfterMs: 150_000 });
    expect(r.code, r.stderr).toBe(1);
    expectNoCrash(r);
    expect(r.stderr).toMatch(/Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\/? was unreachable for 1 s: the run was not stored/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(password);
    expect((await storedRun(db)).state).toBe('draft');
  }, 300_000);
});

describe('a JSON file with a syntax error is named with line and column, quoting none of its text', () => {
  // an unquoted value: V8's message quoted the twenty characters around it, "hunter2-S3" of the key among them
  const SECRET = 'hunter2-S3cr3tValue';
  const text = `{\n  "id": "settings",\n  "apiKey": ${SECRET},\n  "note": "padding so that the excerpt has context"\n}\n`;
  let file: string;
  beforeAll(async () => {
    file = join(dir, 'malformed-config.json');
    await writeFile(file, text);
  });

  const commands: Record<string, () => string[]> = {
    'validate --plan': () => ['validate', '--plan', file],
    'validate --schema': () => ['validate', '--plan', join(example, 'plans'), '--schema', file],
    'validate --partners': () => ['validate', '--plan', join(example, 'plans'), '--schema', join(example, 'factSchema.json'), '--partners', file],
    'sync salesforce --config': () => ['sync', 'salesforce', '--config', file],
    'import billing --mapping': () => ['import', 'billing', '--file', file, '--mapping', file, '--db', join(dir, 'no-store')],
  };
  it.each(Object.keys(commands))('%s', async (name) => {
    const r = await provvigo(commands[name]!());
    expectClearError(r, file);
    expect(r.code).toBe(2);
    // line 3, column 13: the `h` of the unquoted value
    expect(r.stderr).toContain('not valid JSON at line 3, column 13: unexpected character');
    expect(r.stderr).not.toContain('hunter2');
  }, 120_000);

  it('names the line and column of a missing comma, and what is missing', async () => {
    const missingComma = join(dir, 'missing-comma.json');
    await writeFile(missingComma, `{\n  "token": "${SECRET}"\n  "next": 1\n}\n`);
    const r = await provvigo(['validate', '--plan', missingComma]);
    expectClearError(r, missingComma);
    expect(r.stderr).toContain('not valid JSON at line 3, column 3: a comma expected');
    expect(r.stderr).not.toContain('hunter2');
  }, 120_000);
});
