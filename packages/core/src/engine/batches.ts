import type { UnitWork } from './units.js';

/** Rows a batch holds at most (a cross-checking engine builds one workbook per batch). */
export const MAX_BATCH_ROWS = 25_000;

/**
 * Where the batch that starts at `start` ends (exclusive): it never splits a partner, and holds at most `batchSize`
 * units or `MAX_BATCH_ROWS` rows, unless one partner alone holds more.
 */
export function batchEnd(units: ReadonlyArray<UnitWork | undefined>, start: number, batchSize: number): number {
  let end = start;
  let rows = 0;
  while (end < units.length) {
    const partnerId = units[end]!.partner.id;
    let j = end;
    let r = 0;
    while (j < units.length && units[j]!.partner.id === partnerId) {
      r += units[j]!.records.reduce((s, l) => s + l.length, 0);
      j++;
    }
    if (end > start && (j - start > batchSize || rows + r > MAX_BATCH_ROWS)) break;
    rows += r;
    end = j;
  }
  return end;
}
