/**
 * Payment days (`payment.days`, FatturaPA 2.4.2.4 GiorniTerminiPagamento) are bounded by the FPR12 1.2.2 XSD:
 * GiorniTerminePagamentoType is an integer from 0 to 999. A larger value made an XML that SdI rejects; it is refused
 * when the document is built, as that partner's { ok: false } naming partner, period and field in both languages.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildInvoiceDocument, buildInvoiceDocumentOrThrow, renderFatturaPA, type BuildInvoiceInput } from '../src/index.js';
import { fiscalFor, partner, period, principal, statement, validateXsd } from './helpers.js';

const st = statement('P1', [['activation', 'Attivazioni', '1000.00']]);
const input = (id: string, days: number): BuildInvoiceInput => ({
  principal,
  partner: partner(id),
  period,
  statement: st,
  fiscal: fiscalFor('simple', st.total),
  number: `PV2026/${id}`,
  date: '2026-04-10',
  transmissionId: '00001',
  payment: { days },
});
const payment = (xml: string) => new XMLParser({ parseTagValue: false }).parse(xml)['p:FatturaElettronica'].FatturaElettronicaBody.DatiPagamento.DettaglioPagamento;

describe('payment days (GiorniTerminiPagamento)', () => {
  it('1000 days is refused when the document is built, naming partner, period and field; the next partner builds', () => {
    const [refused, built] = [buildInvoiceDocument(input('P1', 1000)), buildInvoiceDocument(input('P2', 30))];
    expect(built.ok).toBe(true);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.issues).toHaveLength(1);
    expect(refused.issues[0]).toMatchObject({ code: 'invalid_input', severity: 'error', partnerId: 'P1', path: ['payment', 'days'] });
    expect(refused.issues[0]!.messages).toEqual({
      en: "partner P1, period 2026-03: payment.days: at most 999 days: FatturaPA's GiorniTerminiPagamento holds 0 to 999 (give payment.dueDate for a later due date)",
      it: 'partner P1, periodo 2026-03: payment.days: al massimo 999 giorni: GiorniTerminiPagamento della FatturaPA va da 0 a 999 (per una scadenza più lontana indica payment.dueDate)',
    });
  });

  it('999 days, the XSD’s maximum, is written from the invoice date and validates', async () => {
    const xml = renderFatturaPA(buildInvoiceDocumentOrThrow(input('P1', 999)));
    expect(payment(xml)).toMatchObject({ DataRiferimentoTerminiPagamento: '2026-04-10', GiorniTerminiPagamento: '999' });
    expect(await validateXsd(xml)).toMatchObject({ ok: true });
  });

  it('the bound is the XSD’s: the same XML with 1000 days is rejected by xmllint', async () => {
    const doc = buildInvoiceDocumentOrThrow(input('P1', 999));
    const xml = renderFatturaPA({ ...doc, payment: { ...doc.payment, days: 1000 } });
    expect(payment(xml).GiorniTerminiPagamento).toBe('1000');
    const verdict = await validateXsd(xml);
    expect(verdict.ok).toBe(false);
    expect(verdict.output).toMatch(/GiorniTerminiPagamento.*1000/);
  });
});
