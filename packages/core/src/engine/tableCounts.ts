import type { RecordStatus } from '../facts/recordStatus.js';
import type { TableCounts } from '../schema/result.js';

/**
 * Step 7 of a run: per table, in = used + excluded + rejected, with the reasons records were excluded. Records left to
 * another partition of the run are that partition's to count.
 */
export function tableCounts(status: ReadonlyMap<string, readonly RecordStatus[]>): Record<string, TableCounts> {
  const counts: Array<[string, TableCounts]> = [];
  for (const [tableName, statuses] of status) {
    const c: TableCounts = { in: 0, used: 0, excluded: 0, rejected: 0, excludedBy: {} };
    for (const s of statuses) {
      if (s.status === 'excluded' && s.reason === 'other_partition') continue;
      c.in++;
      if (s.status === 'used') c.used++;
      else if (s.status === 'rejected') c.rejected++;
      else {
        c.excluded++;
        c.excludedBy[s.reason] = (c.excludedBy[s.reason] ?? 0) + 1;
      }
    }
    counts.push([tableName, c]);
  }
  // own properties whatever the table is called (an assignment to counts['__proto__'] would set the prototype)
  return Object.fromEntries(counts);
}
