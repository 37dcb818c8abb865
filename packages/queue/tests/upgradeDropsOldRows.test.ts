// The upgrade past queue/003 drops the partition rows older releases wrote: they keyed a partition by its snapshots
// alone, so a row written for `keepTrace: false` carries the key a run with traces kept uses now, and merging it would
// give statements without their audit traces. Real PostgreSQL, the queue's migrations applied in two steps as two
// releases would apply them.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { migrate } from '@provvigo/store';
import { postgresAvailable } from '../../store/tests/helpers/engines.js';
import { QUEUE_MIGRATIONS } from '../src/migrations.js';
import { queueTestBed } from './queueTestBed.js';

const servers = await postgresAvailable();

describe.runIf(servers)('upgrading the queue past queue/003', () => {
  const bed = queueTestBed();

  it('drops the partition rows an older release wrote, whose key does not say whether traces were kept', async () => {
    const olderRelease = QUEUE_MIGRATIONS.slice(0, 3);
    expect(olderRelease.map((m) => m.id)).toEqual(['queue/001_partitions', 'queue/002_statements_in_partition_row', 'queue/003_merged_runs']);
    await migrate(bed.db, olderRelease);
    // a partition an older release evaluated with keepTrace: false, under the key it gave every option
    await bed.db.query(
      `INSERT INTO provvigo_queue_partitions (run_id, input_hash, partition, partitions, summary, worker, attempt, statements)
       VALUES ($1, $2, 0, 4, '{}'::jsonb, 'w1', 1, $3)`,
      ['2026-10-r1', 'a'.repeat(64), gzipSync('[]')],
    );
    const count = async () => (await bed.db.query<{ n: string }>('SELECT count(*) AS n FROM provvigo_queue_partitions')).rows[0]!.n;
    expect(await count()).toBe('1');

    const { applied } = await migrate(bed.db, QUEUE_MIGRATIONS);
    expect(applied).toEqual(['queue/004_drop_rows_keyed_without_keep_trace']);
    expect(await count()).toBe('0');
  }, 120_000);
});
