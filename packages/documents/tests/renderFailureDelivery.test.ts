/**
 * One partner's documents that fail to render (here an automatic TD04 credit note that names no invoice it
 * corrects, so it has no FatturaPA, or an e-invoice without its SdI file progressive) are that partner's failed
 * delivery, recorded and reported in English and Italian like a refused mailbox; the partners after it still get
 * their mail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonlDeliveryLog, buildInvoiceDocumentOrThrow, sendInvoices, type InvoiceDocument } from '../src/index.js';
import { fiscalFor, partner, period, principal, statement } from './helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';

/** A document of partner `id`; `transmissionId` is its SdI file progressive (none: the register's was not passed). */
function document(id: string, lines: Array<[string, string, string]>, transmissionId?: string): InvoiceDocument {
  const st = statement(id, lines);
  const progressive = transmissionId === undefined ? {} : { transmissionId };
  return buildInvoiceDocumentOrThrow({ principal, partner: partner(id), period, statement: st, fiscal: fiscalFor('simple', st.total), number: `PV-2026/${id}`, date: '2026-04-10', ...progressive });
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
    const credit = document('B2', [['activation', 'Attivazioni', '100.00'], ['clawback', 'Storno', '-350.00']], '00002');
    expect(credit).toMatchObject({ documentType: 'TD04', related: [] });
    const docs = [document('A1', [['activation', 'Attivazioni', '1200.00']], '00001'), credit, document('C3', [['activation', 'Attivazioni', '430.10']], '00003')];
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

  it('an e-invoice without its SdI file progressive is that partner’s failed delivery; the others are mailed with theirs', async () => {
    const docs = [document('D4', [['activation', 'Attivazioni', '500.00']], '00004'), document('E5', [['activation', 'Attivazioni', '600.00']]), document('F6', [['activation', 'Attivazioni', '700.00']], '00006')];
    const report = await sendInvoices(docs, { smtp: smtp.url, from: 'provvigioni@energiafutura.example', log: new JsonlDeliveryLog(join(dir, 'progressive.jsonl')), now: clock });
    expect(report.results.map((r) => `${r.partnerId}:${r.status}`)).toEqual(['D4:sent', 'E5:failed', 'F6:sent']);
    expect(report.results[1]!.messages).toEqual({
      en: "the documents could not be rendered: invoice PV-2026/E5 (partner E5, period 2026-03): transmissionId is missing: the FatturaPA's ProgressivoInvio and its SdI file name need the transmitter's next progressive; take it from the e-invoice register (nextProgressive) and pass it as transmissionId",
      it: 'i documenti non si possono generare: fattura PV-2026/E5 (partner E5, periodo 2026-03): manca transmissionId: il ProgressivoInvio della FatturaPA e il nome del file SdI richiedono il progressivo successivo del trasmittente; prendilo dal registro delle fatture elettroniche (nextProgressive) e passalo come transmissionId',
    });
    // the XML each partner got is named by its own progressive (the principal's codice fiscale is the transmitter)
    const mine = (await smtp.received()).filter((m) => m.to && 'text' in m.to && /^(d4|e5|f6)@/.test(m.to.text));
    const xmlNames = mine.map((m) => m.attachments.find((a) => a.contentType === 'application/xml')?.filename).sort();
    expect(xmlNames).toEqual(['IT01234567897_00004.xml', 'IT01234567897_00006.xml']);
  });
});
