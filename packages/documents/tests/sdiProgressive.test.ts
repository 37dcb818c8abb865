/**
 * The SdI file progressive (FatturaPA ProgressivoInvio, and the file name IT<IdCodice>_<progressive>.xml) comes from
 * the transmitter's register, never from the invoice number. SdI's file naming rule: the progressive is at most 5
 * alphanumeric characters, unique per transmitter. The number's last 10 characters broke the first rule, and every
 * partner's first invoice of its own series (PV2026/0001, nextInvoiceNumber) gave the same one, so two files would
 * reach SdI under one name. Without a progressive the PDFs still build; the FatturaPA and its file name are refused,
 * naming partner, period and field in English and Italian.
 */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { thrownError } from '../../../tests/thrownError.js';
import {
  DocumentError,
  buildInvoiceDocument,
  buildInvoiceDocumentOrThrow,
  checkFatturaPA,
  emptyRegister,
  nextProgressive,
  renderDocuments,
  renderFatturaPA,
  renderInvoicePdf,
  sdiFileName,
  type BuildInvoiceInput,
} from '../src/index.js';
import { fiscalFor, partner, pdfText, period, principal, statement, validateXsd } from './helpers.js';

const st = statement('P1', [['activation', 'Attivazioni', '1000.00']]);
// every partner's first e-invoice of the year is PV2026/0001 in its own series (the partner is the CedentePrestatore)
const input = (id: string, over: Partial<BuildInvoiceInput> = {}): BuildInvoiceInput => ({
  principal,
  partner: partner(id),
  period,
  statement: st,
  fiscal: fiscalFor('simple', st.total),
  number: 'PV2026/0001',
  date: '2026-04-10',
  ...over,
});

const MISSING_EN =
  "invoice PV2026/0001 (partner P1, period 2026-03): transmissionId is missing: the FatturaPA's ProgressivoInvio and its SdI file name need the transmitter's next progressive; take it from the e-invoice register (nextProgressive) and pass it as transmissionId";
const MISSING_IT =
  'fattura PV2026/0001 (partner P1, periodo 2026-03): manca transmissionId: il ProgressivoInvio della FatturaPA e il nome del file SdI richiedono il progressivo successivo del trasmittente; prendilo dal registro delle fatture elettroniche (nextProgressive) e passalo come transmissionId';

describe('the SdI file progressive', () => {
  it('is never guessed: without one the document and its PDF build, the FatturaPA and the file name are refused', async () => {
    const built = buildInvoiceDocument(input('P1'));
    if (!built.ok) throw new Error(`expected a document, got ${built.issues[0]?.message}`);
    const doc = built.document;
    expect(doc.transmissionId).toBeUndefined();
    // 1000.00 + 22% VAT 220.00 = 1220.00 to pay
    expect(await pdfText(await renderInvoicePdf(doc))).toContain('1.220,00 €');
    for (const render of [() => renderFatturaPA(doc), () => sdiFileName(doc)]) {
      const e = thrownError(render);
      expect(e).toBeInstanceOf(DocumentError);
      expect((e as DocumentError).path).toEqual(['transmissionId']);
      expect(e.messages).toEqual({ en: MISSING_EN, it: MISSING_IT });
      expect(e.message).toBe(MISSING_EN);
    }
    await expect(renderDocuments(doc)).rejects.toThrow(MISSING_EN);
  });

  it('two partners’ first invoices (both PV2026/0001) get no shared name: each needs its own progressive', () => {
    for (const id of ['P1', 'P2']) expect(() => renderFatturaPA(buildInvoiceDocumentOrThrow(input(id)))).toThrow(/transmissionId is missing/);
  });

  it('the register’s progressive names the file and the ProgressivoInvio; the XML is XSD-valid and passes the check', async () => {
    // the principal has no separate transmitter: IdTrasmittente is IT + its codice fiscale 01234567897
    const progressive = nextProgressive(emptyRegister(), 'IT01234567897');
    expect(progressive).toBe('00001');
    const doc = buildInvoiceDocumentOrThrow(input('P1', { transmissionId: progressive }));
    const xml = renderFatturaPA(doc);
    expect(sdiFileName(doc)).toBe('IT01234567897_00001.xml');
    const trasmissione = new XMLParser({ parseTagValue: false }).parse(xml)['p:FatturaElettronica'].FatturaElettronicaHeader.DatiTrasmissione;
    expect(trasmissione).toMatchObject({ IdTrasmittente: { IdPaese: 'IT', IdCodice: '01234567897' }, ProgressivoInvio: '00001' });
    expect(await validateXsd(xml)).toMatchObject({ ok: true });
    expect(checkFatturaPA(xml, 'IT01234567897_00001.xml')).toMatchObject({ ok: true, problems: [] });
  });

  it('a progressive that breaks the file naming rule (more than 5 characters, or not letters and digits) is refused when the document is built', () => {
    // PV20260001: what the invoice number gave before, 10 characters; SdI names files with at most 5
    for (const bad of ['PV20260001', '000001', '0001-', '']) {
      const result = buildInvoiceDocument(input('P1', { transmissionId: bad }));
      expect(result.ok, bad).toBe(false);
      if (result.ok) continue;
      const [issue] = result.issues;
      expect(issue).toMatchObject({ code: 'invalid_input', severity: 'error', partnerId: 'P1', path: ['transmissionId'] });
      expect(issue!.messages).toEqual({
        en: "partner P1, period 2026-03: transmissionId: must be 1 to 5 letters or digits: the SdI file progressive, taken from the transmitter's register (nextProgressive)",
        it: 'partner P1, periodo 2026-03: transmissionId: deve essere da 1 a 5 lettere o cifre: è il progressivo del file SdI, da prendere dal registro del trasmittente (nextProgressive)',
      });
    }
    for (const good of ['1', '0000A', 'ZZZZZ']) expect(buildInvoiceDocument(input('P1', { transmissionId: good })).ok, good).toBe(true);
  });
});
