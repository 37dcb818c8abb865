import type { ConnectionOptions } from 'bullmq';
import { maskUrl } from '@provvigo/core';
import { QueueError } from './errors.js';

/** Where the queue lives: a Redis URL plus the key prefix and queue name every coordinator and worker must share. */
export interface QueueTarget {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Redis key prefix (default `provvigo`): separate installations on one Redis use different prefixes. */
  prefix?: string;
  /** BullMQ queue name (default `partitions`). */
  name?: string;
}

export const DEFAULT_PREFIX = 'provvigo';
export const DEFAULT_QUEUE_NAME = 'partitions';

/**
 * The URL with its password masked, for messages and logs (secrets are never logged): core's `maskUrl`, which also
 * masks a `?password=` (ioredis reads it) and what may be a password in a URL that does not parse or has no scheme.
 */
export function maskRedisUrl(url: string): string {
  return maskUrl(url);
}

/** Checks the URL early, so a typo is a clear error (a `QueueError`) rather than a connection that retries forever. */
export function parseQueueUrl(url: string): URL {
  const masked = maskRedisUrl(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError({ en: `--queue: not a URL: "${masked}" (expected redis://HOST:PORT)`, it: `--queue: "${masked}" non è un URL (atteso redis://HOST:PORT)` });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new QueueError({ en: `--queue: ${masked} is not a redis:// URL (expected redis://HOST:PORT)`, it: `--queue: ${masked} non è un URL redis:// (atteso redis://HOST:PORT)` });
  }
  return u;
}

/**
 * BullMQ connection options. A worker's connection retries forever (`maxRetriesPerRequest: null`, as BullMQ requires
 * for workers); the coordinator's fails fast (`enableOfflineQueue: false`) so it can tell "Redis is gone" from "slow".
 */
export function connectionFor(target: QueueTarget, role: 'worker' | 'coordinator'): ConnectionOptions {
  parseQueueUrl(target.url);
  return role === 'worker'
    ? { url: target.url, maxRetriesPerRequest: null }
    : { url: target.url, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: () => 500 };
}
