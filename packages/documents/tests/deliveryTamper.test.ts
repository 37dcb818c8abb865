import { migrate, openDatabase, type Db } from '@provvigo/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELIVERY_MIGRATIONS, SqlDeliveryLog, deliveryRecordHash, deliveryRowKey, verifyDeliveries, type DeliveryRecord } from '../src/index.js';
// the store's test helper: tamper with triggers off, verify, roll back
import { tamperedFindings } from '../../store/tests/helpers/tamper.js';

/** Two attempts for one partner (a bounce, then sent) and one sent to another: what the audit chain recorded. */
const RECORDS: DeliveryRecord[] = [
  { key: 'A1|2026-03|aa', partnerId: 'A1', period: '2026-03', documentHash: 'a'.repeat(64), invoiceNumber: 'PV-2026/1', recipient: 'a1@partners.example', status: 'failed', messageId: null, response: '451 try again', attempt: 1, at: '2026-04-10T08:00:00.000Z' },
  { key: 'A1|2026-03|aa', partnerId: 'A1', period: '2026-03', documentHash: 'a'.repeat(64), invoiceNumber: 'PV-2026/1', recipient: 'a1@partners.example', status: 'sent', messageId: '<m1@x>', response: '250 OK', attempt: 2, at: '2026-04-10T08:05:00.000Z' },
  { key: 'B2|2026-03|bb', partnerId: 'B2', period: '2026-03', documentHash: 'b'.repeat(64), invoiceNumber: 'PV-2026/2', recipient: 'b2@partners.example', status: 'sent', messageId: '<m2@x>', response: '250 OK', attempt: 1, at: '2026-04-10T08:01:00.000Z' },
];
// the hashes as the writer chained them, from the records it wrote (not read back from the table)
const recorded = new Map(RECORDS.map((r, i) => [deliveryRowKey(r), { hash: deliveryRecordHash(r), where: `entry #${i + 1}` }]));

let db: Db;
beforeAll(async () => {
  db = await openDatabase('memory://');
  await migrate(db, DELIVERY_MIGRATIONS);
  for (const r of RECORDS) await new SqlDeliveryLog(db).record(r);
}, 120_000);
afterAll(async () => {
  await db.close();
});

/** Runs `sql` with the table's triggers off (as someone with database rights would), verifies, and rolls back. */
const tampered = (sql: string) => tamperedFindings(db, 'invoice_deliveries', sql, () => verifyDeliveries(db, recorded));

describe('the delivery log in the store database is append-only and tamper-evident', () => {
  it('verifies clean, and its triggers refuse every rewrite', async () => {
    expect(await verifyDeliveries(db, recorded)).toEqual([]);
    for (const sql of [`UPDATE invoice_deliveries SET status = 'failed'`, `DELETE FROM invoice_deliveries WHERE attempt = 2`, `TRUNCATE invoice_deliveries`]) {
      await expect(db.query(sql), sql).rejects.toThrow(/provvigo: invoice_deliveries is append-only/);
    }
    expect(await verifyDeliveries(db, recorded)).toEqual([]);
  });

  it('finds a row edited, deleted or added with the triggers off, naming it', async () => {
    expect(await tampered(`UPDATE invoice_deliveries SET recipient = 'mallory@example.com' WHERE partner_id = 'B2'`)).toMatch(
      /invoice_deliveries B2\|2026-03\|bb#1: its content .* is not the one entry #3 recorded/,
    );
    expect(await tampered(`DELETE FROM invoice_deliveries WHERE partner_id = 'A1' AND attempt = 2`)).toMatch(/invoice_deliveries A1\|2026-03\|aa#2: is missing: entry #2 recorded it/);
    expect(
      await tampered(`INSERT INTO invoice_deliveries SELECT idempotency_key, partner_id, period, document_hash, invoice_number, recipient, status, message_id, response, 3, attempted_at
                      FROM invoice_deliveries WHERE partner_id = 'A1' AND attempt = 1`),
    ).toMatch(/invoice_deliveries A1\|2026-03\|aa#3: no audit entry recorded this delivery/);
  });

  it('words each finding in Italian too, naming the entry as the caller names it in Italian', async () => {
    const both = new Map(RECORDS.map((r, i) => [deliveryRowKey(r), { hash: deliveryRecordHash(r), where: { en: `entry #${i + 1}`, it: `voce n. ${i + 1}` } }]));
    // the findings with their Italian as the message the helper prints
    const inItalian = (sql: string) =>
      tamperedFindings(db, 'invoice_deliveries', sql, async () => (await verifyDeliveries(db, both)).map((p) => ({ ...p, message: p.messages.it })));
    expect(await inItalian(`UPDATE invoice_deliveries SET recipient = 'mallory@example.com' WHERE partner_id = 'B2'`)).toBe(
      'invoice_deliveries B2|2026-03|bb#1: il suo contenuto (stato, destinatario, documento, data) non è quello registrato dalla voce n. 3',
    );
    expect(await inItalian(`DELETE FROM invoice_deliveries WHERE partner_id = 'A1' AND attempt = 2`)).toBe("invoice_deliveries A1|2026-03|aa#2: manca: l'aveva registrato la voce n. 2");
    expect(
      await inItalian(`INSERT INTO invoice_deliveries SELECT idempotency_key, partner_id, period, document_hash, invoice_number, recipient, status, message_id, response, 3, attempted_at
                      FROM invoice_deliveries WHERE partner_id = 'A1' AND attempt = 1`),
    ).toBe('invoice_deliveries A1|2026-03|aa#3: nessuna voce del registro di audit ha registrato questo invio');
  });
});
