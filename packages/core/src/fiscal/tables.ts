import type { FiscalTable, FiscalTableRow, FiscalTables } from '../schema/fiscal.js';
import { FiscalTableSchema } from '../schema/fiscal.js';

/** A table or row the computation needs is missing, overlapping or invalid. Names the table and the date. */
export class FiscalTableError extends Error {
  constructor(
    message: string,
    readonly tableId: string,
    readonly date: string,
  ) {
    super(message);
    this.name = 'FiscalTableError';
  }
}

export interface ResolvedRow {
  table: string;
  row: FiscalTableRow;
  ref: { id: string; validFrom: string; validTo: string | null };
}

/**
 * The row of an effective-dated table in force on `date` (ISO dates compare as strings). Exactly one row must
 * match: none or several is a data error, reported with the table id and date, never guessed.
 */
export function resolveRow(tables: FiscalTables, id: string, date: string): ResolvedRow {
  const table: FiscalTable | undefined = tables[id];
  if (!table) throw new FiscalTableError(`fiscal table "${id}" is missing`, id, date);
  const parsed = FiscalTableSchema.safeParse(table);
  if (!parsed.success) throw new FiscalTableError(`fiscal table "${id}" is invalid: ${parsed.error.message}`, id, date);
  const hits = table.rows.filter((r) => r.validFrom <= date && (r.validTo === null || date <= r.validTo));
  if (hits.length === 0) throw new FiscalTableError(`fiscal table "${id}" has no row in force on ${date}`, id, date);
  if (hits.length > 1)
    throw new FiscalTableError(
      `fiscal table "${id}" has ${hits.length} overlapping rows in force on ${date} (${hits.map((h) => h.validFrom).join(', ')})`,
      id,
      date,
    );
  const row = hits[0]!;
  return { table: id, row, ref: { id, validFrom: row.validFrom, validTo: row.validTo } };
}

/** Merges caller tables over a pack's defaults (a caller's table replaces the default table of the same id). */
export function mergeTables(defaults: FiscalTables, overrides?: FiscalTables): FiscalTables {
  return { ...defaults, ...(overrides ?? {}) };
}
