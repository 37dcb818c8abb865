/**
 * One partner's documents that fail to render (here an automatic TD04 credit note that names no invoice it
 * corrects, so it has no FatturaPA) are that partner's failed delivery, recorded and reported in English and
 * Italian like a refused mailbox; the partners after it still get their mail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonlDeliveryLog, buildInvoiceDocumentOrThrow, sendInvoices, type InvoiceDocument } from '../src/index.js';
import { fiscalFor, partner, period, principal, statement } from './helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';

function document(id: string, lines: Array<[string, string, string]>): InvoiceDocument {
  const st = statement(id, lines);
  return buildInvoiceDocumentOrThrow({ principal, partner: partner(id), period, statement: st, fiscal: fiscalFor('simple', st.total), number: `PV-2026/${id}`, date: '2026-04-10' });
}

const clock = () => new Date('2026-04-10T09:00:00Z');

describe('sendInvoices when one document fails to render', () => {
  let smtp: TestSmtp;
  let dir: string;
  beforeAll(async () => {
    smtp = await startSmtp();
    dir = await mkdtemp(join(tmpdir(), 'provvigo-log-'));
  });
  afterAll(async () => {
    await smtp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('is that partner’s failed delivery, in both languages, and the later partners still get their mail', async () => {
    const credit = document('B2', [['activation', 'Attivazioni', '100.00'], ['clawback', 'Storno', '-350.00']]);
    expect(credit).toMatchObject({ documentType: 'TD04', related: [] });
    const docs = [document('A1', [['activation', 'Attivazioni', '1200.00']]), credit, document('C3', [['activation', 'Attivazioni', '430.10']])];
    const log = new JsonlDeliveryLog(join(dir, 'deliveries.jsonl'));
    const seen: string[] = [];
    const report = await sendInvoices(docs, { smtp: smtp.url, from: 'provvigioni@energiafutura.example', log, now: clock, onResult: (r) => seen.push(`${r.partnerId}:${r.status}`) });

    expect(report).toMatchObject({ sent: 2, failed: 1, skipped: 0 });
    expect(seen).toEqual(['A1:sent', 'B2:failed', 'C3:sent']);
    const failed = report.results[1]!;
    expect(failed).toMatchObject({ partnerId: 'B2', period: '2026-03', status: 'failed', recipient: 'b2@partners.example', messageId: null });
    expect(failed.response).toMatch(/^the documents could not be rendered: credit note PV-2026\/B2 \(partner B2, period 2026-03\) does not name the invoice it corrects/);
    expect(failed.messages?.en).toBe(failed.response);
    expect(failed.messages?.it).toMatch(/^i documenti non si possono generare: la nota di credito PV-2026\/B2 \(partner B2, periodo 2026-03\) non indica la fattura che rettifica/);

    const mails = await smtp.received();
    expect(mails.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual(['a1@partners.example', 'c3@partners.example']);

    const records = await log.list();
    expect(records.map((r) => [r.partnerId, r.status, r.attempt])).toEqual([
      ['A1', 'sent', 1],
      ['B2', 'failed', 1],
      ['C3', 'sent', 1],
    ]);
    expect(records[1]).toMatchObject({ key: failed.key, invoiceNumber: 'PV-2026/B2', response: failed.response, at: '2026-04-10T09:00:00.000Z' });
    expect(records[1]!.documentHash).toMatch(/^[0-9a-f]{64}$/);

    // a second run tries the unrenderable document again (attempt 2) and skips the delivered ones
    const again = await sendInvoices(docs, { smtp: smtp.url, from: 'provvigioni@energiafutura.example', log, now: clock });
    expect(again).toMatchObject({ sent: 0, failed: 1, skipped: 2 });
    expect((await log.list()).at(-1)).toMatchObject({ partnerId: 'B2', status: 'failed', attempt: 2 });
  });
});
