import { SapTransientError } from './errors.js';

/**
 * How the adapter waits between attempts of a call SAP may answer later: exponential backoff with jitter, never less
 * than the `Retry-After` of a throttled (429) or overloaded (503) SAP, since retrying inside its window only spends the
 * attempts. Shared by the invoice poster (its posts and lookups) and the journal read-back.
 */

/** The longest `Retry-After` a run waits for (2 minutes): a quota reset hours away leaves the work for the next run. */
const MAX_RETRY_AFTER_MS = 120_000;

export const defaultSleep = (ms: number): Promise<void> => new Promise<void>((r) => setTimeout(r, ms));

/** The wait before attempt `attempt + 1`: `baseMs × 2^(attempt−1)`, jittered down to half, or SAP's `Retry-After`. */
export function retryDelay(baseMs: number, attempt: number, retryAfterMs: number | undefined, random: () => number): number {
  const backoff = Math.round(baseMs * 2 ** (attempt - 1) * (0.5 + random() * 0.5));
  return Math.max(backoff, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** What `retryTransient` needs: the attempts (the config's `maxAttempts`), the backoff base, and the clock's parts. */
export interface RetryPolicy {
  maxAttempts: number;
  retryBaseDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

/** An error a read may be asked again after, and the wait SAP asked for with it. */
type Retryable = { retryAfterMs?: number | undefined };

const transientOnly = (error: unknown): error is Retryable => error instanceof SapTransientError;

/**
 * Runs an idempotent read, again after a `SapTransientError` (no answer, a reset, a 5xx, a 429), or any error
 * `retryable` accepts, up to `maxAttempts` times in all; any other error (SAP refusing the query, credentials) is
 * thrown at once, and the last retryable one once the attempts are spent. A read changes nothing in SAP, so asking
 * again is always safe: one dropped connection must not stop a run that a second request would have completed.
 */
export async function retryTransient<T>(read: () => Promise<T>, policy: RetryPolicy, retryable: (error: unknown) => error is Retryable = transientOnly): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!retryable(error) || attempt >= policy.maxAttempts) throw error;
      await policy.sleep(retryDelay(policy.retryBaseDelayMs, attempt, error.retryAfterMs, policy.random));
    }
  }
}
