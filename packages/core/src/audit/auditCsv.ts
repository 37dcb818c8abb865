import type { CsvColumn } from '../csv/writeCsv.js';
import type { AuditEntry } from '../schema/run.js';

/**
 * The audit log as CSV: one column per field of an entry, `details` as its JSON, so an auditor's spreadsheet holds
 * every field the chain hashes, with each entry's hash beside it. The studio's export and `provvigo audit log --csv`
 * both write these columns through the one CSV writer (`csvWriter`, whose formula guard applies here too: an actor
 * id a spreadsheet would run as a formula is written with a leading `'`).
 */
export const AUDIT_CSV_COLUMNS: readonly CsvColumn<AuditEntry>[] = [
  { header: 'seq', kind: 'number', value: (e) => e.seq },
  { header: 'at', value: (e) => e.at },
  { header: 'actor', value: (e) => e.actor },
  { header: 'action', value: (e) => e.action },
  { header: 'runId', value: (e) => e.runId },
  { header: 'inputHash', value: (e) => e.inputHash },
  { header: 'outputHash', value: (e) => e.outputHash },
  { header: 'details', value: (e) => JSON.stringify(e.details) },
  { header: 'prevHash', value: (e) => e.prevHash },
  { header: 'hash', value: (e) => e.hash },
];
