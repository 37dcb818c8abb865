import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '@provvigo/store';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DELIVERY_MIGRATIONS,
  JsonlDeliveryLog,
  SqlDeliveryLog,
  buildInvoiceDocumentOrThrow,
  sendInvoices,
  type DeliveryLog,
  type InvoiceDocument,
} from '../src/index.js';
import { fiscalFor, partner, pdfText, period, principal, statement } from './helpers.js';
import { startSmtp, type TestSmtp } from './smtp.js';

function documents(): InvoiceDocument[] {
  const specs = [
    { id: 'A1', language: 'it' as const, email: 'a1@partners.example', lines: [['activation', 'Attivazioni', '1200.00']] },
    { id: 'B2', language: 'en' as const, email: 'b2@partners.example', lines: [['activation', 'Activations', '800.00'], ['bonus', 'Bonus', '150.00']] },
    { id: 'C3', language: 'it' as const, email: 'bounce-c3@partners.example', lines: [['activation', 'Attivazioni', '430.10']] },
  ];
  return specs.map((s, i) => {
    const p = partner(s.id, { language: s.language });
    p.billing = { ...p.billing, email: s.email };
    const st = statement(s.id, s.lines as Array<[string, string, string]>);
    return buildInvoiceDocumentOrThrow({ principal, partner: p, period, statement: st, fiscal: fiscalFor('agentOrdinary', st.total), number: `PV-2026/${i + 1}`, date: '2026-04-10', transmissionId: String(i + 1).padStart(5, '0') });
  });
}

const clock = () => new Date('2026-04-10T09:00:00Z');

async function scenario(log: DeliveryLog) {
  // First server refuses C3's mailbox; the re-send goes to a server that accepts everyone.
  const refusing = await startSmtp('^bounce-');
  let first;
  try {
    first = await sendInvoices(documents(), { smtp: refusing.url, from: '"Energia Futura" <provvigioni@energiafutura.example>', log, now: clock });
  } finally {
    await refusing.stop();
  }
  const accepting = await startSmtp();
  try {
    const second = await sendInvoices(documents(), { smtp: accepting.url, from: 'provvigioni@energiafutura.example', log, now: clock });
    const third = await sendInvoices(documents(), { smtp: accepting.url, from: 'provvigioni@energiafutura.example', log, now: clock });
    return { first, second, third, firstMail: await refusing.received(), secondMail: await accepting.received(), log: await log.list() };
  } finally {
    await accepting.stop();
  }
}

describe('sendInvoices over a real SMTP server on 127.0.0.1', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it('delivers invoice PDF, statement PDF and XML in the partner’s language, read back with mailparser', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provvigo-log-'));
    try {
      const [a1, b2] = documents();
      const report = await sendInvoices([a1!, b2!], { smtp: smtp.url, from: 'provvigioni@energiafutura.example', log: new JsonlDeliveryLog(join(dir, 'deliveries.jsonl')), now: clock });
      expect(report).toMatchObject({ sent: 2, failed: 0, skipped: 0 });
      const mails = await smtp.received();
      const it_ = mails.find((m) => m.subject?.includes('PV-2026/1'))!;
      const en = mails.find((m) => m.subject?.includes('PV-2026/2'))!;
      expect(it_.subject).toBe('Fattura pro-forma PV-2026/1 ed estratto conto provvigioni – periodo 2026-03');
      expect(it_.text).toContain('Netto a pagare: 1.224,00 €');
      expect(en.subject).toBe('Pro-forma invoice PV-2026/2 and commission statement – period 2026-03');
      expect(en.text).toContain('Net to pay: €969.00');
      expect(it_.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        ['A1_2026-03_fattura_PV-2026_1.pdf', 'application/pdf'],
        ['A1_2026-03_estratto-conto.pdf', 'application/pdf'],
        [`IT01234567897_${a1!.transmissionId}.xml`, 'application/xml'],
      ]);
      // The attachments are the real documents: the PDF reads back, the XML parses to the same net.
      const invoiceText = await pdfText(it_.attachments[0]!.content);
      expect(invoiceText).toContain('Netto a pagare');
      expect(invoiceText).toContain('1.224,00 €');
      const xml = new XMLParser({ parseTagValue: false }).parse(it_.attachments[2]!.content.toString('utf8'));
      expect(xml['p:FatturaElettronica'].FatturaElettronicaBody.DatiPagamento.DettaglioPagamento.ImportoPagamento).toBe('1224.00');
      const sentIds = report.results.map((r) => r.messageId);
      expect(mails.map((m) => m.messageId)).toEqual(expect.arrayContaining(sentIds));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const checkScenario = (r: Awaited<ReturnType<typeof scenario>>) => {
    expect(r.first).toMatchObject({ sent: 2, failed: 1, skipped: 0 });
    const failed = r.first.results.find((x) => x.status === 'failed')!;
    expect(failed.partnerId).toBe('C3');
    expect(failed.response).toMatch(/^550 .*mailbox unavailable/);
    expect(r.firstMail).toHaveLength(2);
    // The re-send sends only the failed one; a third run sends nothing.
    expect(r.second).toMatchObject({ sent: 1, failed: 0, skipped: 2 });
    expect(r.second.results.find((x) => x.status === 'sent')!.partnerId).toBe('C3');
    expect(r.third).toMatchObject({ sent: 0, failed: 0, skipped: 3 });
    expect(r.secondMail.map((m) => m.to && 'text' in m.to ? m.to.text : '')).toEqual(['bounce-c3@partners.example']);
    // The log: 2 sent + 1 failed, then the C3 retry as attempt 2.
    expect(r.log.map((e) => [e.partnerId, e.status, e.attempt])).toEqual([
      ['A1', 'sent', 1],
      ['B2', 'sent', 1],
      ['C3', 'failed', 1],
      ['C3', 'sent', 2],
    ]);
    expect(r.log.filter((e) => e.status === 'sent').every((e) => e.messageId && e.response?.startsWith('250'))).toBe(true);
  };

  it('records a rejected recipient with the server’s reason and re-sends only the failed one (JSON-lines log)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provvigo-log-'));
    try {
      checkScenario(await scenario(new JsonlDeliveryLog(join(dir, 'deliveries.jsonl'))));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('same behaviour with the delivery log in the store database (invoice_deliveries table)', async () => {
    const db: Db = await openDatabase('memory://');
    try {
      await migrate(db, DELIVERY_MIGRATIONS);
      checkScenario(await scenario(new SqlDeliveryLog(db)));
      // The database itself refuses a second "sent" row for the same key.
      const log = new SqlDeliveryLog(db);
      const [sent] = (await log.list()).filter((e) => e.status === 'sent');
      await expect(log.record({ ...sent!, attempt: 9 })).rejects.toThrow(/duplicate key|unique/i);
    } finally {
      await db.close();
    }
  });

  it('a changed document (new hash) is delivered again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'provvigo-log-'));
    try {
      const log = new JsonlDeliveryLog(join(dir, 'deliveries.jsonl'));
      const [a1] = documents();
      const first = await sendInvoices([a1!], { smtp: smtp.url, from: 'x@energiafutura.example', log, now: clock });
      const changed = { ...a1!, payment: { ...a1!.payment, days: 60 } };
      const second = await sendInvoices([changed], { smtp: smtp.url, from: 'x@energiafutura.example', log, now: clock });
      expect([first.sent, second.sent]).toEqual([1, 1]);
      expect(first.results[0]!.key).not.toBe(second.results[0]!.key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
