import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Db } from '@provvigo/store';
import { newLocation, type TestLocation } from '../../store/tests/helpers/engines.js';
import { REDIS } from './redisAvailable.js';

/** What one describe block of the queue's tests runs against: its own PostgreSQL database and its own Redis prefix. */
export interface QueueTestBed {
  readonly db: Db;
  readonly location: TestLocation;
  readonly prefix: string;
  readonly queue: { url: string; prefix: string };
  /** Something to close after the block, before the database (a worker, a BullMQ queue), as `close` says. */
  atEnd(close: () => Promise<unknown> | undefined): void;
}

/**
 * Opens the bed before the block's tests and closes it after them, with what `atEnd` was given first: a worker still
 * running when its database goes would fail its next poll. The prefix keeps the block's jobs apart from every other
 * run on the same Redis. Generous hook timeouts: PostgreSQL creating a database can take seconds on a busy machine.
 */
export function queueTestBed(): QueueTestBed {
  let db: Db | undefined;
  let location: TestLocation | undefined;
  const closers: Array<() => Promise<unknown> | undefined> = [];
  const prefix = `provvigo-test-${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    location = await newLocation('postgres');
    db = await openDatabase(location.target);
  }, 120_000);
  afterAll(async () => {
    for (const close of closers) await close()?.catch(() => {});
    await db?.close().catch(() => {});
    await location?.dispose().catch(() => {});
  }, 120_000);
  return {
    get db() {
      if (!db) throw new Error('the queue test bed is opened in beforeAll: use it inside a test');
      return db;
    },
    get location() {
      if (!location) throw new Error('the queue test bed is opened in beforeAll: use it inside a test');
      return location;
    },
    prefix,
    queue: { url: REDIS, prefix },
    atEnd: (close) => void closers.push(close),
  };
}
