/** Retry policy: exponential backoff with full jitter; sleep and randomness are injectable so tests run fast. */
export interface RetryPolicy {
  /** Attempts after the first one. */
  maxRetries: number;
  /** Delay before the first retry, in ms. */
  baseDelayMs: number;
  /** Upper bound of one delay, in ms. */
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Returns a number in [0, 1). */
  random: () => number;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  sleep: defaultSleep,
  random: Math.random,
};

/** Delay before retry number `attempt` (0-based): a random point in [base·2ⁿ / 2, base·2ⁿ], capped. */
export function backoffDelay(policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/**
 * Runs `fn` until it succeeds, it throws something `isRetryable` rejects, or the retries run out.
 * `onRetry` sees every retried failure (for progress and metrics).
 */
export async function withRetry<T>(
  policy: RetryPolicy,
  fn: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= policy.maxRetries || !isRetryable(error)) throw error;
      const delay = backoffDelay(policy, attempt);
      onRetry?.(error, attempt, delay);
      await policy.sleep(delay);
    }
  }
}
