import { vi } from 'vitest';

/**
 * Runs `fn` in this process with the CLI in Italian, as `PROVVIGO_LOCALE=it` sets it (the cli project pins English for
 * every other test), and puts the environment back even when `fn` throws.
 */
export async function inItalian<T>(fn: () => Promise<T>): Promise<T> {
  vi.stubEnv('PROVVIGO_LOCALE', 'it');
  try {
    return await fn();
  } finally {
    vi.unstubAllEnvs();
  }
}
