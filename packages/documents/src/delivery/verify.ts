import { hash } from '@provvigo/core';
import { DeliveryRecordSchema, SqlDeliveryLog, type DeliveryRecord, type SqlQueryable } from './log.js';

/**
 * Tamper evidence for the delivery log in the store database (`invoice_deliveries`): the table is append-only
 * (triggers, `DELIVERY_MIGRATIONS`), and whoever records a delivery with the store (the CLI's `invoices --send`)
 * chains `deliveryRecordHash` of it in the store's audit log in the same transaction. `verifyDeliveries` compares the
 * rows with those hashes: `provvigo audit verify` calls it with the hashes it read from the chain. The documents
 * package keeps its own table and check; the store knows nothing of it.
 */

/** One finding, in `verifyStore`'s shape: table, row key (`idempotency key#attempt`), what is wrong. */
export interface DeliveryProblem {
  table: 'invoice_deliveries';
  key: string;
  message: string;
}

/** The row key the audit entry names: the idempotency key and the attempt. */
export function deliveryRowKey(record: Pick<DeliveryRecord, 'key' | 'attempt'>): string {
  return `${record.key}#${record.attempt}`;
}

/** SHA-256 of a delivery record's content (every column), as the audit entry records it. */
export function deliveryRecordHash(record: DeliveryRecord): string {
  return hash(DeliveryRecordSchema.parse(record));
}

/**
 * Each row against the hash recorded for it (`recorded`: row key → hash and where it was recorded, e.g. "entry #12");
 * a row never recorded, a row whose content changed and a recorded row that is gone are each reported.
 */
export async function verifyDeliveries(db: SqlQueryable, recorded: ReadonlyMap<string, { hash: string; where: string }>): Promise<DeliveryProblem[]> {
  const problems: DeliveryProblem[] = [];
  const seen = new Set<string>();
  for (const row of await new SqlDeliveryLog(db).list()) {
    const key = deliveryRowKey(row);
    seen.add(key);
    const r = recorded.get(key);
    if (!r) problems.push({ table: 'invoice_deliveries', key, message: 'no audit entry recorded this delivery' });
    else if (r.hash !== deliveryRecordHash(row)) problems.push({ table: 'invoice_deliveries', key, message: `its content (status, recipient, document, when) is not the one ${r.where} recorded` });
  }
  for (const [key, r] of recorded) if (!seen.has(key)) problems.push({ table: 'invoice_deliveries', key, message: `is missing: ${r.where} recorded it` });
  return problems;
}
