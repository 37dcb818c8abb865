import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_MIGRATIONS, type DeliveryRecord } from '@provvigo/documents';
import { Store, migrate, openDatabase } from '@provvigo/store';
import { ChainedDeliveryLog } from '../src/commands/chainedDeliveryLog.js';
import { verifyAdapterTables } from '../src/commands/adapterTables.js';

const sent: DeliveryRecord = {
  key: 'AGT-0001|2026-10|cc',
  partnerId: 'AGT-0001',
  period: '2026-10',
  documentHash: 'c'.repeat(64),
  invoiceNumber: 'PV-2026/10-1',
  recipient: 'agt1@partners.example',
  status: 'sent',
  messageId: '<m@x>',
  response: '250 OK',
  attempt: 1,
  at: '2026-11-05T09:00:00.000Z',
};

let store: Store;
beforeAll(async () => {
  store = await Store.open(await openDatabase('memory://'));
  await migrate(store.db, DELIVERY_MIGRATIONS);
});
afterAll(async () => {
  await store.close();
});

describe('invoices --send with the store: each delivery chained in the audit log, checked by audit verify', () => {
  it('records the attempt with an invoice.deliver entry; audit verify finds the row edited or deleted', async () => {
    const log = new ChainedDeliveryLog(store, 'carla');
    expect(await verifyAdapterTables(store, await store.auditLog())).toEqual([]); // no sap_postings table: skipped
    await log.record(sent);
    const entries = await store.auditLog();
    expect(entries.at(-1)).toMatchObject({ action: 'invoice.deliver', actor: 'carla', details: { delivery: 'AGT-0001|2026-10|cc#1', status: 'sent' } });
    expect(await log.findSent(sent.key)).toEqual(sent);
    expect(await verifyAdapterTables(store, entries)).toEqual([]);
    const db = store.db;
    for (const [sql, message] of [
      [`UPDATE invoice_deliveries SET recipient = 'mallory@example.com'`, /its content .* is not the one entry #1 \(invoice.deliver by carla\) recorded/],
      [`DELETE FROM invoice_deliveries`, /is missing: entry #1 \(invoice.deliver by carla\) recorded it/],
    ] as const) {
      await db.exec('BEGIN');
      try {
        await db.exec('ALTER TABLE invoice_deliveries DISABLE TRIGGER ALL');
        await db.query(sql);
        const problems = await verifyAdapterTables(store, entries);
        expect(problems.map((p) => `${p.table} ${p.key}: ${p.message}`).join('\n')).toMatch(new RegExp(`invoice_deliveries AGT-0001\\|2026-10\\|cc#1: ${message.source}`));
      } finally {
        await db.exec('ROLLBACK');
      }
    }
  });
});
