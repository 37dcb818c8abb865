import { SqlDeliveryLog, deliveryRecordHash, deliveryRowKey, type DeliveryLog, type DeliveryRecord } from '@provvigo/documents';
import type { Store } from '@provvigo/store';

/**
 * The delivery log of `provvigo invoices --send` in the store database: each attempt is recorded in ONE transaction
 * with an `invoice.deliver` audit entry carrying the row's hash, so `provvigo audit verify` finds a delivery row
 * edited, removed or added behind the store's back (`verifyDeliveries` of @provvigo/documents).
 */
export class ChainedDeliveryLog implements DeliveryLog {
  private readonly rows: SqlDeliveryLog;

  constructor(
    private readonly store: Store,
    private readonly actor: string,
  ) {
    this.rows = new SqlDeliveryLog(store.db);
  }

  findSent(key: string): Promise<DeliveryRecord | undefined> {
    return this.rows.findSent(key);
  }

  attempts(key: string): Promise<number> {
    return this.rows.attempts(key);
  }

  list(): Promise<DeliveryRecord[]> {
    return this.rows.list();
  }

  async record(entry: DeliveryRecord): Promise<void> {
    await this.store.writeTx(async (tx, audit) => {
      await new SqlDeliveryLog(tx).record(entry);
      await audit({
        at: entry.at,
        actor: this.actor,
        action: 'invoice.deliver',
        details: { delivery: deliveryRowKey(entry), hash: deliveryRecordHash(entry), partner: entry.partnerId, period: entry.period, status: entry.status },
      });
    });
  }
}
