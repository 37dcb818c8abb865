import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { schemaMessageIt, type BothLanguages } from '@provvigo/core';
import type { Queryable } from '@provvigo/store';
import { QueueError } from './errors.js';
import { PartitionInputSchema, type StoredPartitionInput } from './jobs.js';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

/**
 * Content-addressed input snapshots: a partition's input is stored once, as gzip'd JSON, under the SHA-256 of that
 * JSON. The job carries only the hash, so Redis holds no fact data, and a worker verifies the bytes it reads are the
 * ones the coordinator stored (a changed row is refused, never evaluated).
 */
export async function saveSnapshot(db: Queryable, part: StoredPartitionInput): Promise<string> {
  const json = JSON.stringify(part);
  const hash = createHash('sha256').update(json).digest('hex');
  const body = await zip(json, { level: 1 });
  // Stored again when its row no longer holds these bytes (altered or damaged): the next run with the same inputs
  // repairs it instead of failing on it forever. Unchanged rows are not rewritten (gzip is deterministic).
  await db.query(
    `INSERT INTO provvigo_queue_inputs (hash, body) VALUES ($1, $2)
     ON CONFLICT (hash) DO UPDATE SET body = EXCLUDED.body WHERE provvigo_queue_inputs.body IS DISTINCT FROM EXCLUDED.body`,
    [hash, body],
  );
  return hash;
}

/** An input snapshot a worker cannot use (missing, altered, malformed, another partition's), in both languages. */
export class SnapshotError extends QueueError {
  declare readonly messages: BothLanguages;

  constructor(message: BothLanguages) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** Loads and checks a snapshot: missing, altered or malformed snapshots are a `SnapshotError` naming the hash. */
export async function loadSnapshot(db: Queryable, hash: string): Promise<StoredPartitionInput> {
  const { rows } = await db.query<{ body: Buffer }>('SELECT body FROM provvigo_queue_inputs WHERE hash = $1', [hash]);
  const row = rows[0];
  const short = `${hash.slice(0, 12)}…`;
  if (!row) {
    throw new SnapshotError({
      en: `input snapshot ${short} is not in the store (was the run's database cleaned?)`,
      it: `l'istantanea degli input ${short} non è nell'archivio (il database dell'esecuzione è stato ripulito?)`,
    });
  }
  const json = (await unzip(row.body)).toString('utf8');
  const actual = createHash('sha256').update(json).digest('hex');
  if (actual !== hash) {
    const got = actual.slice(0, 12);
    throw new SnapshotError({ en: `input snapshot ${short} was altered: its content hashes to ${got}…`, it: `l'istantanea degli input ${short} è stata alterata: il suo contenuto ha hash ${got}…` });
  }
  const parsed = PartitionInputSchema.safeParse(JSON.parse(json));
  if (!parsed.success) {
    // zod's message stays as zod gives it (English): the path names the field
    const z = parsed.error.issues[0]!;
    const at = z.path.join('.');
    throw new SnapshotError({ en: `input snapshot ${short}: ${z.message} at ${at}`, it: `istantanea degli input ${short}: ${schemaMessageIt(z.message)} in ${at}` });
  }
  return parsed.data as StoredPartitionInput;
}
