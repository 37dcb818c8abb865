// Secrets are never logged: a Redis URL carries its password after the user part or as ?password= (ioredis reads
// both), and the queue names the URL in the notes it reports and in the error of a run whose Redis is gone. Each case
// gives a real password and reads every character the queue reports; the run case needs PostgreSQL (the store the
// partitions are kept in) and a Redis that is not there (port 1).
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInput } from '@provvigo/core';
import { openDatabase, type Db } from '@provvigo/store';
import { newLocation, postgresAvailable, type TestLocation } from '../../store/tests/helpers/engines.js';
import { maskRedisUrl, parseQueueUrl } from '../src/connection.js';
import { evaluateOnQueue, QueueRunError, type QueueProgress } from '../src/evaluateOnQueue.js';
import { factSchema, plan } from './tinyPlan.js';

const SECRET = 'S3cr3t-Redis-Pw';

describe('a Redis URL is shown without its password', () => {
  it.each([`redis://127.0.0.1:6379/?password=${SECRET}`, `redis://:${SECRET}@127.0.0.1:6379/0`, `rediss://app:${SECRET}@redis.example.com:6380`])(
    'maskRedisUrl(%#)',
    (url) => {
      expect(maskRedisUrl(url)).not.toContain(SECRET);
    },
  );

  it.each([`app:${SECRET}@127.0.0.1:6379`, `http://127.0.0.1:6379/?token=${SECRET}`, `redis://app:${SECRET}@127.0.0.1:notaport`])(
    'a --queue that is not a redis:// URL is refused without quoting its password (%#)',
    (url) => {
      let error: unknown;
      try {
        parseQueueUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect(inspect(error)).not.toContain(SECRET);
    },
  );
});

const pgUp = await postgresAvailable();

describe.runIf(pgUp)('a run whose Redis is unreachable', () => {
  let location: TestLocation;
  let db: Db;
  beforeAll(async () => {
    location = await newLocation('postgres');
    db = await openDatabase(location.target);
  }, 120_000);
  afterAll(async () => {
    await db?.close().catch(() => {});
    await location?.dispose().catch(() => {});
  }, 120_000);

  it('fails and reports it without the password', async () => {
    const input: RunInput = {
      period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
      plans: [plan],
      factSchema,
      partners: [{ id: 'P1', name: 'Partner 1', kind: 'agent' as const }],
      facts: { sales: [{ id: 'S1', partnerId: 'P1', date: '2026-10-01', kWh: 1000 }] },
    } as unknown as RunInput;
    const notes: QueueProgress[] = [];
    const error = await evaluateOnQueue(input, {
      queue: { url: `redis://127.0.0.1:1/?password=${SECRET}`, prefix: 'provvigo-secrets' },
      db,
      runId: 'r-secrets',
      partitions: 1,
      redisTimeoutMs: 1,
      pollMs: 10,
      onProgress: (p) => notes.push(p),
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(QueueRunError);
    expect(inspect(error, { depth: 10 })).not.toContain(SECRET);
    expect((error as Error).message).toMatch(/^Redis at redis:\/\/127\.0\.0\.1:1\/\?password=\*\*\* was unreachable/);
    expect(notes.some((n) => n.note?.includes('unreachable'))).toBe(true);
    expect(JSON.stringify(notes)).not.toContain(SECRET);
  });
});
