import type { Migration } from '@provvigo/store';

/**
 * The queue's tables, next to the store's in the same PostgreSQL database.
 * - `provvigo_queue_inputs`: content-addressed input snapshots (one per partition), gzip'd JSON keyed by the
 *   SHA-256 of that JSON, so a worker on any machine reads exactly the bytes the coordinator hashed.
 * - `provvigo_queue_partitions`: one row per evaluated partition, keyed by (run, input, partition). The primary key is
 *   what makes a retried job write nothing twice: the second writer's insert finds the row and writes nothing.
 * - `provvigo_queue_statements`: the partition's evaluated statements, written in the same transaction as its row.
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
];
