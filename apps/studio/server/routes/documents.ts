import type { FiscalResult, Locale, Partner, PeriodStatement } from '@provvigo/core';
import { buildInvoiceDocumentOrThrow, renderFatturaPA, renderInvoicePdf, renderStatementPdf, summarizePeriodStatement } from '@provvigo/documents';
import type { InvoiceDocument } from '@provvigo/documents';
import { approvedWorkbook } from '../approvedSnapshot.js';
import { HttpError } from '../http/errors.js';
import { idParam } from '../http/params.js';
import { requestLocale } from '../http/requestLocale.js';
import { assertMayReadPartner, SAMPLE_PRINCIPAL, statementOf, type StudioContext } from '../studioContext.js';
import type { StudioUser } from '../users.js';
import type { StudioApp } from './types.js';
import { downloadDisposition } from '../http/downloadDisposition.js';

/**
 * The SdI file progressive of the studio's FatturaPA, which is a preview of the pro-forma (numbered PRO-…), never
 * transmitted: the e-invoice sent to SdI is issued at payment by `provvigo invoices issue`, with the next progressive
 * of the transmitter's register. The studio keeps no register, so it cannot take a real one, and a guessed one could
 * look like, or repeat, a transmitted file's. "00000" is a valid progressive (1–5 letters or digits; the FatturaPA's
 * ProgressivoInvio is String10Type, so the XML still validates against the XSD) that the register never hands out:
 * `nextProgressive` counts from "00001". The same value for every partner is fine: no preview reaches SdI.
 */
const PREVIEW_PROGRESSIVE = '00000';

/**
 * The documents a partner downloads: invoice figures, the pro-forma and statement PDFs, the FatturaPA and the
 * calculation workbook — all from what the run stored (its statement, fiscal items, partner, pinned plan version and
 * records), never from the live plans or the sample's facts.
 */
export function registerDocuments(app: StudioApp, ctx: StudioContext): void {
  /** The pro-forma invoice of a booked statement: the documents' summary with the fiscal items the run computed. */
  const invoiceOf = (partner: Partner, periodStatement: PeriodStatement | undefined, fiscal: FiscalResult | null) => {
    if (!periodStatement) throw new HttpError(404, 'not_found', 'the statement is not booked yet');
    if (!fiscal) throw new HttpError(409, 'no_fiscal', `the run holds no fiscal items for ${partner.id}`);
    return { summary: summarizePeriodStatement(periodStatement, { locale: partner.language }), fiscal };
  };
  /** The partner's invoice document (for the PDFs and the FatturaPA). */
  const documentOf = async (period: string, partnerId: string, user: StudioUser): Promise<InvoiceDocument> => {
    const { run, periodStatement, view } = await statementOf(ctx, period, partnerId, user);
    const { summary, fiscal } = invoiceOf(view.partner, periodStatement, view.fiscal);
    return buildInvoiceDocumentOrThrow({
      principal: SAMPLE_PRINCIPAL,
      partner: view.partner,
      period: run.record.period,
      statement: summary,
      fiscal,
      number: `PRO-${run.record.period.id.replace(/[^0-9A-Za-z]/g, '')}-${partnerId}`.slice(0, 20),
      // dated at approval, so the documents of an approved run are the same whenever they are downloaded
      date: (run.record.approvedAt ?? ctx.now()).slice(0, 10),
      locale: view.partner.language,
      transmissionId: PREVIEW_PROGRESSIVE,
    });
  };

  /**
   * A credit note (TD04) must name the invoice it corrects (DatiFattureCollegate). The studio keeps no e-invoice
   * register, so it cannot find one: refused in the reader's language, naming partner and document — never a 500
   * from the renderer, never an unlinked credit note. The CLI's issue step links it from its register.
   */
  const assertLinked = (doc: InvoiceDocument, locale: Locale) => {
    if (doc.documentType !== 'TD04' || doc.related.length > 0) return;
    const who = `${doc.partner.id} (${doc.partner.name})`;
    const message =
      locale === 'it'
        ? `Nota di credito ${doc.number} del partner ${who}, periodo ${doc.period.id}: non è collegata a nessuna fattura originale (DatiFattureCollegate), quindi non può essere prodotta. Lo studio non tiene il registro delle fatture elettroniche: la nota di credito si emette al pagamento con «provvigo invoices issue», che la collega alle fatture del partner per i periodi rettificati.`
        : `Credit note ${doc.number} of partner ${who}, period ${doc.period.id}: it is linked to no original invoice (DatiFattureCollegate), so it cannot be produced. The studio keeps no e-invoice register: the credit note is issued at payment with "provvigo invoices issue", which links it to the partner's invoices of the corrected periods.`;
    throw new HttpError(409, 'credit_note_unlinked', message, { partnerId: doc.partner.id, document: doc.number, period: doc.period.id });
  };

  app.get('/api/periods/:period/statements/:partner/invoice', async (c) => {
    const partnerId = idParam(c, 'partner');
    const user = assertMayReadPartner(c.get('user'), partnerId);
    const { periodStatement, view } = await statementOf(ctx, idParam(c, 'period'), partnerId, user);
    return c.json({ fiscal: invoiceOf(view.partner, periodStatement, view.fiscal).fiscal });
  });
  // [file, content type, renderer, whether it is the invoice itself (a credit note must then be linked)]
  const rendered: [string, string, (d: InvoiceDocument) => Promise<Uint8Array | string>, boolean][] = [
    ['invoice.pdf', 'application/pdf', renderInvoicePdf, true],
    ['statement.pdf', 'application/pdf', renderStatementPdf, false],
    // a receipt for occasional work has no FatturaPA
    ['invoice.xml', 'application/xml; charset=utf-8', async (d) => (d.receipt ? '' : renderFatturaPA(d)), true],
  ];
  for (const [file, type, render, isInvoice] of rendered) {
    app.get(`/api/periods/:period/statements/:partner/${file}`, async (c) => {
      const partnerId = idParam(c, 'partner');
      const user = assertMayReadPartner(c.get('user'), partnerId);
      const doc = await documentOf(idParam(c, 'period'), partnerId, user);
      if (isInvoice) assertLinked(doc, requestLocale(c.req.query('lang'), c.req.header('accept-language'), doc.locale));
      const out = await render(doc);
      if (!out.length) throw new HttpError(404, 'not_found', 'a receipt has no FatturaPA');
      const bytes = typeof out === 'string' ? new TextEncoder().encode(out) : new Uint8Array(out);
      return c.body(bytes, 200, { 'content-type': type, 'content-disposition': downloadDisposition('inline', [doc.partner.id, doc.period.id, file]) });
    });
  }
  app.get('/api/periods/:period/statements/:partner/workbook.xlsx', async (c) => {
    const partnerId = idParam(c, 'partner');
    const periodId = idParam(c, 'period');
    const user = assertMayReadPartner(c.get('user'), partnerId);
    const { statement, view } = await statementOf(ctx, periodId, partnerId, user);
    if (!view.calculation) throw new HttpError(404, 'not_found', 'no plan of the run applies to this partner');
    // from the run's pinned plan version and stored records, checked to reproduce the stored statement
    const bytes = await approvedWorkbook(view, statement, ctx.licenseKey);
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': downloadDisposition('attachment', [partnerId, `${periodId}.xlsx`]),
    });
  });
}
