import { queueStatus } from '../src/queueStatus.js';

/** The Redis the queue's tests use (`PROVVIGO_TEST_REDIS`, else the local server). */
export const REDIS = process.env.PROVVIGO_TEST_REDIS ?? 'redis://127.0.0.1:6379';

/** Whether Redis answers; under `CI=true` a missing Redis fails the file instead of skipping it. */
export async function redisAvailable(): Promise<boolean> {
  try {
    await queueStatus({ url: REDIS, prefix: 'provvigo-probe' });
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`Redis required in CI but not reachable at ${REDIS}: ${(error as Error).message}`);
    return false;
  }
}
