import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { openDatabase, type Db } from '@provvigo/store';
import { DB_URL, postgresReachable } from './helpers.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Load and crash test against the real PostgreSQL server (PROVVIGO_TEST_DATABASE_URL, default the local `test`
 * database): the receiver and the sender are separate processes. Fails when CI=true and the server is missing.
 */
const SCHEMA = `billing_load_${process.pid}_${randomBytes(3).toString('hex')}`;
const SECRET = 'whsec_' + randomBytes(24).toString('base64');
const NOW = String(1_795_000_000);
const pkgDir = fileURLToPath(new URL('..', import.meta.url));

const available = await postgresReachable('the load test');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function tsProcess(script: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', script], {
    cwd: pkgDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function startReceiver(port: number, crashAfter?: number): Promise<ChildProcess> {
  const child = tsProcess('tests/load/receiver-process.ts', {
    DB_URL,
    DB_SCHEMA: SCHEMA,
    PORT: String(port),
    SECRET,
    NOW,
    ...(crashAfter ? { CRASH_AFTER: String(crashAfter) } : {}),
  });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      if (c.toString().includes('READY')) resolve(child);
    });
    child.once('exit', (code, signal) => reject(new Error(`receiver exited early (${code ?? signal}): ${err}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

let db: Db | undefined;
beforeAll(async () => {
  if (available) db = await openDatabase(DB_URL, { schema: SCHEMA });
});
afterAll(async () => {
  if (db) {
    await db.exec(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await db.close();
  }
});

describe.skipIf(!available)('webhook receiver under load, with a crash (real PostgreSQL, separate processes)', () => {
  it('5,000 deliveries from another process: valid events stored exactly once, invalid ones rejected, a SIGKILL between store and processing loses nothing', async () => {
    const port = await freePort();
    const CRASH_AFTER = 1500;
    const first = await startReceiver(port, CRASH_AFTER);
    const sender = tsProcess('tests/load/sender-process.ts', { URL: `http://127.0.0.1:${port}`, SECRET, NOW, N: '5000' });
    let out = '';
    let senderErr = '';
    sender.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    sender.stderr!.on('data', (c: Buffer) => (senderErr += c.toString()));

    // The receiver kills itself right after storing event 1,500, before acknowledging or processing it.
    expect(await exited(first)).toEqual({ code: null, signal: 'SIGKILL' });
    const { rows: atCrash } = await db!.query<{ pending: number; total: number }>(
      "SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*)::int AS total FROM billing_inbox",
    );
    expect(atCrash[0]!.total).toBeGreaterThanOrEqual(CRASH_AFTER);
    expect(atCrash[0]!.pending).toBeGreaterThan(0); // stored, acknowledged or not, and not yet processed

    const second = await startReceiver(port);
    const senderExit = await exited(sender);
    expect(senderErr).toBe('');
    expect(senderExit.code).toBe(0);
    second.kill('SIGTERM');
    expect((await exited(second)).code).toBe(0);

    const summary = JSON.parse(out) as {
      total: number;
      validIds: string[];
      expectedDates: Record<string, string>;
      counts: { duplicate: number; badsig: number; stale: number };
      statusByKind: Record<string, Record<string, number>>;
      networkRetries: number;
    };
    expect(summary.total).toBe(5000);
    expect(summary.counts).toEqual({ duplicate: 500, badsig: 250, stale: 50 });
    // every valid delivery and every duplicate was acknowledged; every forged or replayed one refused
    expect(summary.statusByKind.valid).toEqual({ 200: 4200 });
    expect(summary.statusByKind.duplicate).toEqual({ 200: 500 });
    // forged and replayed deliveries are all refused: 401 while the client's rejection budget lasts, then 429
    const refused: Record<string, number> = { ...summary.statusByKind.badsig };
    for (const [status, k] of Object.entries(summary.statusByKind.stale ?? {})) refused[status] = (refused[status] ?? 0) + k;
    expect(Object.keys(refused).sort()).toEqual(['401', '429']);
    expect(refused[401]! + refused[429]!).toBe(300);
    expect(summary.networkRetries).toBeGreaterThan(0); // the crash was felt by the sender

    // stored exactly once, all processed after the restart, nothing from the invalid deliveries
    const { rows: inbox } = await db!.query<{ event_id: string; status: string }>('SELECT event_id, status FROM billing_inbox ORDER BY event_id');
    expect(inbox.map((r) => r.event_id)).toEqual([...summary.validIds].sort());
    expect(inbox.every((r) => r.status === 'processed')).toBe(true);
    const { rows: facts } = await db!.query<{ event_id: string; id: string; date: string }>(
      "SELECT event_id, data->>'id' AS id, date FROM billing_events ORDER BY event_id",
    );
    expect(facts.map((r) => r.event_id)).toEqual([...summary.validIds].sort());
    // 2^53+ ids exact, 300-character ids whole, DST-edge and month-end instants on their Europe/Rome date
    expect(facts.filter((r) => r.id !== r.event_id)).toEqual([]);
    expect(facts.filter((r) => r.event_id.length === 300).length).toBe(1400);
    expect(facts.filter((r) => /^9007199254\d{6}$/.test(r.event_id)).length).toBe(1400);
    expect(facts.filter((r) => r.date !== summary.expectedDates[r.event_id])).toEqual([]);
    const { rows: rejected } = await db!.query<{ reason: string; n: number }>(
      "SELECT CASE WHEN reason LIKE '%tolerance%' THEN 'stale' ELSE 'badsig' END AS reason, count(*)::int AS n FROM billing_rejections GROUP BY 1 ORDER BY 1",
    );
    // every 401 was audited (a delivery in flight during the crash may be audited twice); the 429s were not
    const audited = rejected.reduce((sum, r) => sum + r.n, 0);
    expect(audited).toBeGreaterThanOrEqual(refused[401]!);
    expect(audited).toBeLessThanOrEqual(refused[401]! + 16);
    expect(await db!.query('SELECT 1 FROM billing_inbox WHERE event_id LIKE $1 OR event_id LIKE $2', ['bad_%', 'stale_%'])).toMatchObject({ rows: [] });
  }, 240_000); // three processes and 5,000 requests: minutes on a busy machine
});
