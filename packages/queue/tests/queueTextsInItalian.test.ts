// What the queue tells a user — the progress notes `provvigo period calculate --queue` prints, the error of a run that
// could not finish, its refusals of a --queue URL or of a store workers cannot share, an input snapshot a worker cannot
// use — used to be English only. Each now carries its Italian too (`notes`, `messages`), the English unchanged.
// The run case needs PostgreSQL (where partitions are kept) and a Redis that is not there (port 1).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInput } from '@provvigo/core';
import { migrate, openDatabase, type Db } from '@provvigo/store';
import { newLocation, postgresAvailable, type TestLocation } from '../../store/tests/helpers/engines.js';
import { parseQueueUrl } from '../src/connection.js';
import { QueueError } from '../src/errors.js';
import { evaluateOnQueue, QueueRunError, type QueueProgress } from '../src/evaluateOnQueue.js';
import { evaluatePartition } from '../src/evaluatePartition.js';
import { mergePartitions } from '../src/mergePartitions.js';
import { QUEUE_MIGRATIONS } from '../src/migrations.js';
import { splitInput } from '../src/partitions.js';
import { loadSnapshot, saveSnapshot } from '../src/snapshot.js';
import { startPartitionWorker } from '../src/worker.js';
import { factSchema, plan } from './tinyPlan.js';

const input = {
  period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
  plans: [plan],
  factSchema,
  partners: [{ id: 'P1', name: 'Partner 1', kind: 'agent' as const, territory: 'Lazio' }],
  facts: { sales: [{ id: 'S1', partnerId: 'P1', date: '2026-10-01', kWh: 1000 }] },
} as unknown as RunInput;

/** The QueueError `work` fails with (thrown or rejected): its English `message` and its Italian, which must differ. */
async function failure(work: () => unknown): Promise<{ error: QueueError; en: string; it: string }> {
  const error = await Promise.resolve()
    .then(work)
    .then(
      () => expect.unreachable('the queue accepted it'),
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(QueueError);
  const refused = error as QueueError;
  expect(refused.messages?.en).toBe(refused.message);
  expect(refused.messages?.it).toBeTypeOf('string');
  expect(refused.messages!.it).not.toBe(refused.message);
  return { error: refused, en: refused.message, it: refused.messages!.it };
}

describe('the queue refuses in both languages', () => {
  it('a --queue that is not a URL, and one that is not a redis:// URL', async () => {
    const notUrl = await failure(() => parseQueueUrl('127.0.0.1 6379'));
    expect(notUrl.en).toBe('--queue: not a URL: "127.0.0.1 6379" (expected redis://HOST:PORT)');
    expect(notUrl.it).toBe('--queue: "127.0.0.1 6379" non è un URL (atteso redis://HOST:PORT)');
    const http = await failure(() => parseQueueUrl('http://127.0.0.1:6379/'));
    expect(http.en).toBe('--queue: http://127.0.0.1:6379/ is not a redis:// URL (expected redis://HOST:PORT)');
    expect(http.it).toBe('--queue: http://127.0.0.1:6379/ non è un URL redis:// (atteso redis://HOST:PORT)');
  });

  it('a partition whose stored statement is not the one its worker evaluated', async () => {
    const written = splitInput(input, 1).map((p) => ({ partition: p.index, ...evaluatePartition(p, { licenseKey: 'gpl-v3' }) }));
    const first = written[0]!.statements[0]!;
    // the stored statement no longer says what the worker evaluated (its payable flag flipped)
    const json = first.json.replace(/"blocked":(true|false)/, (_, b) => `"blocked":${b === 'true' ? 'false' : 'true'}`);
    expect(json).not.toBe(first.json);
    const m = await failure(() => mergePartitions([{ ...written[0]!, statements: [{ ...first, json }] }]));
    expect(m.en).toBe('partition 0: the stored statement of P1 is not the one its worker evaluated');
    expect(m.it).toBe("partizione 0: l'estratto conto salvato di P1 non è quello calcolato dal suo worker");
  });

  describe('a store workers cannot share (PGlite)', () => {
    let location: TestLocation;
    let db: Db;
    beforeAll(async () => {
      location = await newLocation('pglite');
      db = await location.open();
    }, 120_000);
    afterAll(async () => {
      await db?.close().catch(() => {});
      await location?.dispose().catch(() => {});
    });

    it('for a run through the queue, and for a worker', async () => {
      const run = await failure(() => evaluateOnQueue(input, { queue: { url: 'redis://127.0.0.1:1' }, db, runId: 'r-pglite' }));
      expect(run.en).toBe('runs through the queue need the PostgreSQL store (--db postgres://…): workers on other processes or machines must reach it');
      expect(run.it).toBe("le esecuzioni tramite la coda richiedono l'archivio PostgreSQL (--db postgres://…): i worker su altri processi o macchine devono poterlo raggiungere");
      const worker = await failure(() => startPartitionWorker({ queue: { url: 'redis://127.0.0.1:1' }, db }));
      expect(worker.en).toBe('queue workers need the PostgreSQL store (--db postgres://…): an embedded PGlite folder cannot be shared between processes');
      expect(worker.it).toBe("i worker della coda richiedono l'archivio PostgreSQL (--db postgres://…): una cartella PGlite incorporata non può essere condivisa tra processi");
    });
  });
});

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('on PostgreSQL', () => {
  let location: TestLocation;
  let db: Db;
  beforeAll(async () => {
    location = await newLocation('postgres');
    db = await openDatabase(location.target);
    await migrate(db, QUEUE_MIGRATIONS);
  }, 120_000);
  afterAll(async () => {
    await db?.close().catch(() => {});
    await location?.dispose().catch(() => {});
  }, 120_000);

  it('an input snapshot that is not in the store, and one that was altered', async () => {
    const absent = 'ab'.repeat(32);
    const missing = await failure(() => loadSnapshot(db, absent));
    expect(missing.en).toBe("input snapshot abababababab… is not in the store (was the run's database cleaned?)");
    expect(missing.it).toBe("l'istantanea degli input abababababab… non è nell'archivio (il database dell'esecuzione è stato ripulito?)");

    const hash = await saveSnapshot(db, splitInput(input, 1)[0]!);
    const other = JSON.stringify({ altered: true });
    await db.query('UPDATE provvigo_queue_inputs SET body = $1 WHERE hash = $2', [gzipSync(other), hash]);
    const otherHash = createHash('sha256').update(other).digest('hex').slice(0, 12);
    const altered = await failure(() => loadSnapshot(db, hash));
    expect(altered.en).toBe(`input snapshot ${hash.slice(0, 12)}… was altered: its content hashes to ${otherHash}…`);
    expect(altered.it).toBe(`l'istantanea degli input ${hash.slice(0, 12)}… è stata alterata: il suo contenuto ha hash ${otherHash}…`);
  });

  it('a run whose Redis is unreachable: its notes while it waits, and its error', async () => {
    const progress: QueueProgress[] = [];
    const run = await failure(() =>
      evaluateOnQueue(input, { queue: { url: 'redis://127.0.0.1:1', prefix: 'provvigo-italian' }, db, runId: 'r-gone', partitions: 1, redisTimeoutMs: 1, pollMs: 10, onProgress: (p) => progress.push(p) }),
    );
    expect(run.error).toBeInstanceOf(QueueRunError);
    expect(run.en).toBe(
      'Redis at redis://127.0.0.1:1 was unreachable for 0 s: the run was not stored (0 of 1 partitions are evaluated and kept; calculating again with the same inputs resumes from them)',
    );
    expect(run.it).toBe(
      "Redis su redis://127.0.0.1:1 è rimasto irraggiungibile per 0 s: l'esecuzione non è stata salvata (partizioni calcolate e conservate: 0 di 1; calcolando di nuovo con gli stessi input si riparte da quelle)",
    );

    const notes = progress.filter((p) => p.note !== undefined);
    expect(notes).toHaveLength(1);
    const { note, notes: both } = notes[0]!;
    expect(both?.en).toBe(note);
    // the client's reason, between the brackets, is the same in both
    const reason = /^Redis at redis:\/\/127\.0\.0\.1:1 unreachable \((.+)\); waiting up to 0 s$/.exec(note!)?.[1];
    expect(reason).toBeDefined();
    expect(both?.it).toBe(`Redis su redis://127.0.0.1:1 non raggiungibile (${reason}); attesa fino a 0 s`);
  }, 60_000);

  it('gives up once its patience with Redis is spent: no call waits longer than that patience', async () => {
    const progress: QueueProgress[] = [];
    await failure(() =>
      evaluateOnQueue(input, { queue: { url: 'redis://127.0.0.1:1', prefix: 'provvigo-patience' }, db, runId: 'r-patience', partitions: 1, redisTimeoutMs: 1000, pollMs: 10, onProgress: (p) => progress.push(p) }),
    );
    const note = progress.find((p) => p.note !== undefined)?.note ?? '';
    // the bound of the call that found Redis gone, which the note quotes: it was 5 s whatever the patience, so a
    // `--redis-timeout 1` took 15 s to be reported (three such calls, the tidy-up included)
    const seconds = Number(/unreachable \(no answer within ([\d.]+) s\); waiting up to 1 s$/.exec(note)?.[1]);
    expect(seconds, note).toBeGreaterThan(0);
    expect(seconds, note).toBeLessThanOrEqual(1);
  }, 60_000);
});
