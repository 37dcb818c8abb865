import type { AuditEntry, BothLanguages } from '@provvigo/core';
import { entryNamed, worded } from './problemText.js';
import type { StoreProblem } from './verify.js';

/**
 * Rows whose audit entry recorded their hash when they were written (the fiscal tables, partners' questions): the
 * hashes the log holds, and the check of the stored rows against them that `verifyStore` runs for each such table.
 */

export interface Recorded {
  hash: string;
  entry: AuditEntry;
}

/** The row hashes the log's entries of `action` recorded under `field`, by row key. */
export function recordedRows(log: readonly AuditEntry[], action: string, field: string, key: (row: Record<string, unknown>) => string): Map<string, Recorded> {
  const out = new Map<string, Recorded>();
  for (const entry of log) {
    if (entry.action !== action || !Array.isArray(entry.details[field])) continue;
    for (const row of entry.details[field] as Array<Record<string, unknown>>) out.set(key(row), { hash: String(row['hash']), entry });
  }
  return out;
}

/**
 * Compares each stored row with the one recorded under its key; reports the recorded ones no longer stored, and a row
 * whose key columns disagree with its content (`columnsAgree` false) in the words of `columns`.
 */
export function compareRecorded(
  table: string,
  recorded: Map<string, Recorded>,
  stored: ReadonlyArray<{ key: string; hash: string; columnsAgree: boolean }>,
  columns: BothLanguages,
): StoreProblem[] {
  const problems: StoreProblem[] = [];
  const seen = new Set<string>();
  const bad = (key: string, text: BothLanguages): number => problems.push({ table, key, ...worded(text) });
  for (const row of stored) {
    seen.add(row.key);
    const r = recorded.get(row.key);
    if (!r) bad(row.key, { en: 'no audit entry recorded this row', it: 'nessuna voce del registro di audit ha registrato questa riga' });
    else if (r.hash !== row.hash) {
      const by = entryNamed(r.entry);
      bad(row.key, { en: `its content is not the one ${by.en} recorded`, it: `il suo contenuto non è quello registrato dalla ${by.it}` });
    }
    if (!row.columnsAgree) bad(row.key, columns);
  }
  for (const [key, r] of recorded) {
    const by = entryNamed(r.entry);
    if (!seen.has(key)) bad(key, { en: `is missing: ${by.en} recorded it`, it: `manca, ma la ${by.it} l'ha registrata` });
  }
  return problems;
}
