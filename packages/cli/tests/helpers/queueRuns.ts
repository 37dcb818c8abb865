// What the queue tests share: the sample utility's inputs, the servers they need (failing, not skipping, in CI), a
// captured CLI output, and a stored run read back as canonical JSON so two runs compare byte for byte.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '@provvigo/core';
import { queueStatus } from '@provvigo/queue';
import { openDatabase, Store } from '@provvigo/store';
import { postgresAvailable } from '../../../store/tests/helpers/engines.js';

const here = dirname(fileURLToPath(import.meta.url));
export const example = resolve(here, '../../../../examples/utility');
/** The sample utility's small fixture, as `period calculate` options. */
export const sampleInputs = {
  plan: [join(example, 'plans')],
  schema: join(example, 'factSchema.json'),
  partners: join(example, 'fixtures/small/partners.json'),
  facts: [join(example, 'fixtures/small/facts')],
};
export const SHARED_REDIS = process.env.PROVVIGO_TEST_REDIS ?? 'redis://127.0.0.1:6379';
export const who = { as: 'carla', at: '2026-11-01T09:00:00Z' };

async function redisAvailable(): Promise<boolean> {
  try {
    await queueStatus({ url: SHARED_REDIS, prefix: 'provvigo-probe' });
    return true;
  } catch (error) {
    if (process.env.CI === 'true') throw new Error(`Redis required in CI but not reachable at ${SHARED_REDIS}: ${(error as Error).message}`);
    return false;
  }
}

/** PostgreSQL and Redis both reachable (in CI their absence throws). */
export async function queueServersAvailable(): Promise<boolean> {
  return (await postgresAvailable()) && (await redisAvailable());
}

export { capture } from './capture.js';

/** Everything a run stored that a partner or an auditor reads, as canonical JSON: equal strings mean equal bytes. */
export async function storedRun(target: string, runId = '2026-10-r1'): Promise<{ outputHash: string; inputHash: string; documents: string; state: string }> {
  const store = await Store.open(await openDatabase(target));
  try {
    const run = (await store.getRun(runId))!;
    const documents = canonicalJson({
      statements: await store.getStatements(runId),
      evaluated: await store.getEvaluated(runId),
      proposed: await store.proposedEntries(runId),
      summary: run.summary ?? null,
    });
    return { outputHash: String(run.record.outputHash), inputHash: String(run.record.inputHash), documents, state: run.record.state };
  } finally {
    await store.close();
  }
}
