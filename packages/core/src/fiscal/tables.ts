import { BilingualError } from '../bilingualError.js';
import type { BothLanguages } from '../schema/common.js';
import type { FiscalTable, FiscalTableRow, FiscalTables } from '../schema/fiscal.js';
import { FiscalTableSchema } from '../schema/fiscal.js';
import { ownValue } from '../ownValue.js';
import { schemaIssuesJoined } from '../plan/schemaMessages.js';

/**
 * A table or row the computation needs is missing, overlapping or invalid. Names the table and the date, in both
 * languages (`message` is the English): the fiscal issues it becomes are read by the user.
 */
export class FiscalTableError extends BilingualError {
  // `declare`, not a field: a field would be reset to undefined after BilingualError's constructor set it
  declare readonly messages: BothLanguages;
  constructor(
    message: BothLanguages,
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
  // Own entries only: the tables are the caller's, and `toString` must be missing, not Object.prototype's method.
  const table: FiscalTable | undefined = ownValue(tables, id);
  if (!table) throw new FiscalTableError({ en: `fiscal table "${id}" is missing`, it: `manca la tabella fiscale "${id}"` }, id, date);
  const parsed = FiscalTableSchema.safeParse(table);
  if (!parsed.success) {
    // field by field in both languages (zod's own message is its issues as JSON, not a sentence)
    const why = schemaIssuesJoined(parsed.error.issues);
    throw new FiscalTableError({ en: `fiscal table "${id}" is invalid: ${why.en}`, it: `la tabella fiscale "${id}" non è valida: ${why.it}` }, id, date);
  }
  const hits = table.rows.filter((r) => r.validFrom <= date && (r.validTo === null || date <= r.validTo));
  if (hits.length === 0) {
    throw new FiscalTableError({ en: `fiscal table "${id}" has no row in force on ${date}`, it: `la tabella fiscale "${id}" non ha una riga in vigore il ${date}` }, id, date);
  }
  if (hits.length > 1) {
    const [n, froms] = [hits.length, hits.map((h) => h.validFrom).join(', ')];
    throw new FiscalTableError(
      {
        en: `fiscal table "${id}" has ${n} overlapping rows in force on ${date} (${froms})`,
        it: `la tabella fiscale "${id}" ha ${n} righe sovrapposte in vigore il ${date} (${froms})`,
      },
      id,
      date,
    );
  }
  const row = hits[0]!;
  return { table: id, row, ref: { id, validFrom: row.validFrom, validTo: row.validTo } };
}

const overlaps = (a: FiscalTableRow, b: FiscalTableRow): boolean =>
  a.validFrom <= (b.validTo ?? '9999-12-31') && b.validFrom <= (a.validTo ?? '9999-12-31');

/**
 * Merges caller tables over a pack's defaults by effective date: a caller's row wins over every default row whose
 * validity overlaps it, and the default rows it does not touch stay. So passing only a 2027 row adds 2027 and keeps
 * 2025 and 2026; passing a 2026 row replaces the default 2026 row only. A table id the pack does not know is added.
 */
export function mergeTables(defaults: FiscalTables, overrides?: FiscalTables): FiscalTables {
  // By table id in a Map, made an object by Object.fromEntries: the ids of `overrides` are the caller's, and one named
  // `toString` or `constructor` is a table to add (not a default found on Object.prototype), one named `__proto__`
  // an entry (not the result's prototype).
  const out = new Map(Object.entries(defaults));
  for (const [id, table] of Object.entries(overrides ?? {})) {
    const base = ownValue(defaults, id);
    if (!base) {
      out.set(id, table);
      continue;
    }
    const kept = base.rows.filter((row) => !table.rows.some((o) => overlaps(row, o)));
    const rows = [...kept, ...table.rows].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    out.set(id, { ...base, ...(table.description ? { description: table.description } : {}), id, rows });
  }
  return Object.fromEntries(out);
}
