import type { Migration } from '@provvigo/store';

/**
 * The queue's tables, next to the store's in the same PostgreSQL database.
 * - `provvigo_queue_inputs`: content-addressed input snapshots (one per partition), gzip'd JSON keyed by the
 *   SHA-256 of that JSON, so a worker on any machine reads exactly the bytes the coordinator hashed.
 * - `provvigo_queue_partitions`: one row per evaluated partition, keyed by (run, input, partition). The primary key is
 *   what makes a retried job write nothing twice: the second writer's insert finds the row and writes nothing.
 * - `queue/002`: a partition's statements move into its row (one gzip'd value instead of one row per statement, so a
 *   partition is one insert). The partition rows are a working copy: the ones written before the upgrade are dropped,
 *   and a run calculated again evaluates those partitions again.
 * - `queue/003`: `provvigo_queue_merged_runs`, the runs whose result is stored and whose partition rows were deleted
 *   (`deletePartitions`): an attempt still evaluating one of their partitions then writes nothing, instead of leaving a
 *   row of a stored run behind. One small row per run id, cleared when the run is evaluated on the queue again.
 * - `queue/004`: the partition rows written before it are dropped, as `queue/002` did. Releases before `queue/003` keyed a
 *   partition by its input snapshots alone, whatever `keepTrace` was; since, `keepTrace: false` has a key of its own
 *   (`distributedInputHash`) and the default keeps the old key. A row an older release wrote for `keepTrace: false`
 *   therefore carries the default key, and a run resumed after the upgrade with traces kept would merge its statements
 *   without their audit traces as if they had them. Which rows those are cannot be told from the row, so all of them
 *   go: a run calculated again evaluates those partitions again (rows are a working copy; stored runs keep theirs).
 */
export const QUEUE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'queue/001_partitions',
    sql: `
CREATE TABLE provvigo_queue_inputs (
  hash        text PRIMARY KEY,
  body        bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE provvigo_queue_partitions (
  run_id      text NOT NULL,
  input_hash  text NOT NULL,
  partition   integer NOT NULL,
  partitions  integer NOT NULL,
  summary     jsonb NOT NULL,
  worker      text NOT NULL,
  attempt     integer NOT NULL,
  written_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, input_hash, partition)
);
CREATE TABLE provvigo_queue_statements (
  run_id      text NOT NULL,
  input_hash  text NOT NULL,
  partition   integer NOT NULL,
  partner_id  text NOT NULL,
  statement   text NOT NULL,
  PRIMARY KEY (run_id, input_hash, partner_id),
  FOREIGN KEY (run_id, input_hash, partition) REFERENCES provvigo_queue_partitions ON DELETE CASCADE
);
`,
  },
  {
    id: 'queue/002_statements_in_partition_row',
    sql: `
DROP TABLE provvigo_queue_statements;
DELETE FROM provvigo_queue_partitions;
ALTER TABLE provvigo_queue_partitions ADD COLUMN statements bytea NOT NULL;
`,
  },
  {
    id: 'queue/003_merged_runs',
    sql: `
CREATE TABLE provvigo_queue_merged_runs (
  run_id     text PRIMARY KEY,
  merged_at  timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: 'queue/004_drop_rows_keyed_without_keep_trace',
    sql: `
DELETE FROM provvigo_queue_partitions;
`,
  },
];
