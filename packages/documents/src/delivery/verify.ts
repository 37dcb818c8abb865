import { hash, type BothLanguages } from '@provvigo/core';
import { DeliveryRecordSchema, SqlDeliveryLog, type DeliveryRecord, type SqlQueryable } from './log.js';

/**
 * Tamper evidence for the delivery log in the store database (`invoice_deliveries`): the table is append-only
 * (triggers, `DELIVERY_MIGRATIONS`), and whoever records a delivery with the store (the CLI's `invoices --send`)
 * chains `deliveryRecordHash` of it in the store's audit log in the same transaction. `verifyDeliveries` compares the
 * rows with those hashes: `provvigo audit verify` calls it with the hashes it read from the chain. The documents
 * package keeps its own table and check; the store knows nothing of it.
 */

/**
 * One finding, in `verifyStore`'s shape: table, row key (`idempotency key#attempt`), what is wrong in English
 * (`message`) and in both languages (`messages`), for an auditor reading either.
 */
export interface DeliveryProblem {
  table: 'invoice_deliveries';
  key: string;
  message: string;
  messages: BothLanguages;
}

/** A problem of a row, worded in both languages; `where` given as one text is used in both. */
function problem(key: string, where: string | BothLanguages, text: (w: BothLanguages) => BothLanguages): DeliveryProblem {
  const messages = text(typeof where === 'string' ? { en: where, it: where } : where);
  return { table: 'invoice_deliveries', key, message: messages.en, messages };
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
 * Each row against the hash recorded for it (`recorded`: row key → hash and where it was recorded, e.g. "entry #12",
 * or in both languages `{ en: 'entry #12 (…)', it: 'voce n. 12 (…)' }`: the Italian reads "registrato dalla <where>");
 * a row never recorded, a row whose content changed and a recorded row that is gone are each reported.
 */
export async function verifyDeliveries(db: SqlQueryable, recorded: ReadonlyMap<string, { hash: string; where: string | BothLanguages }>): Promise<DeliveryProblem[]> {
  const problems: DeliveryProblem[] = [];
  const seen = new Set<string>();
  for (const row of await new SqlDeliveryLog(db).list()) {
    const key = deliveryRowKey(row);
    seen.add(key);
    const r = recorded.get(key);
    if (!r) {
      const messages = { en: 'no audit entry recorded this delivery', it: 'nessuna voce del registro di audit ha registrato questo invio' };
      problems.push({ table: 'invoice_deliveries', key, message: messages.en, messages });
    } else if (r.hash !== deliveryRecordHash(row)) {
      problems.push(
        problem(key, r.where, (w) => ({
          en: `its content (status, recipient, document, when) is not the one ${w.en} recorded`,
          it: `il suo contenuto (stato, destinatario, documento, data) non è quello registrato dalla ${w.it}`,
        })),
      );
    }
  }
  for (const [key, r] of recorded) {
    if (!seen.has(key)) problems.push(problem(key, r.where, (w) => ({ en: `is missing: ${w.en} recorded it`, it: `manca: l'aveva registrato la ${w.it}` })));
  }
  return problems;
}
