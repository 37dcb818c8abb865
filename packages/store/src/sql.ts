import { StoreError } from './errors.js';

/** Rows per INSERT when writing statements, traces and entries (one JSON parameter per batch). */
export const BATCH = 500;

// Two keys of the same advisory-lock namespace as migrate(); every write transaction takes WRITE_LOCK so ledger and
// audit sequence numbers are assigned without gaps or races between connections and processes.
export const LOCK_NAMESPACE = 0x70726f76;
export const WRITE_LOCK = 2;

/**
 * JSON text for a jsonb parameter. PostgreSQL's jsonb cannot hold the NUL character (\u0000), on either engine:
 * refuse it with a message naming what carried it instead of failing deep inside the INSERT.
 */
export function jsonParam(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (/(^|[^\\])(\\\\)*\\u0000/.test(text)) {
    throw new StoreError('invalid_data', `${what} contains a NUL character (\\u0000), which the store cannot keep: clean the source record`);
  }
  return text;
}
