import { computeFiscal } from '@provvigo/core';
import type { Partner, PeriodStatement } from '@provvigo/core';
import { buildInvoiceDocument, fiscalLinesFromSummary, renderInvoicePdf, summarizePeriodStatement } from '@provvigo/documents';
import { itPack } from '@provvigo/fiscal-it';
import { writeCalculationXlsx } from '@provvigo/workbook';
import { HttpError } from '../http/errors.js';
import { assertMayReadPartner, planFor, SAMPLE_PRINCIPAL, statementOf, type StudioContext } from '../studioContext.js';
import type { StudioApp } from './types.js';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';

/** The documents a partner downloads: invoice figures, the pro-forma PDF and the calculation workbook. */
export function registerDocuments(app: StudioApp, ctx: StudioContext): void {
  const { sample } = ctx;
  /** The pro-forma invoice of a booked statement: Italian pack's fiscal items over the documents' summary. */
  const invoiceOf = (partner: Partner, periodStatement: PeriodStatement) => {
    const summary = summarizePeriodStatement(periodStatement, { locale: partner.language });
    const fiscal = computeFiscal([itPack], { partner, period: sample.period, lines: fiscalLinesFromSummary(summary) });
    return { summary, fiscal };
  };
  const booked = async (period: string, partnerId: string, user: ReturnType<typeof assertMayReadPartner>) => {
    const { periodStatement } = await statementOf(ctx, period, partnerId, user);
    const partner = sample.partners.find((p) => p.id === partnerId);
    if (!periodStatement || !partner) throw new HttpError(404, 'not_found', 'the statement is not booked yet');
    return { partner, periodStatement };
  };

  app.get('/api/periods/:period/statements/:partner/invoice', async (c) => {
    const user = assertMayReadPartner(c.get('user'), c.req.param('partner'));
    const { partner, periodStatement } = await booked(c.req.param('period'), c.req.param('partner'), user);
    return c.json({ fiscal: invoiceOf(partner, periodStatement).fiscal });
  });
  app.get('/api/periods/:period/statements/:partner/invoice.pdf', async (c) => {
    const user = assertMayReadPartner(c.get('user'), c.req.param('partner'));
    const { partner, periodStatement } = await booked(c.req.param('period'), c.req.param('partner'), user);
    const { summary, fiscal } = invoiceOf(partner, periodStatement);
    const doc = buildInvoiceDocument({
      principal: SAMPLE_PRINCIPAL,
      partner,
      period: sample.period,
      statement: summary,
      fiscal,
      number: `PRO-${sample.period.id.replace(/[^0-9A-Za-z]/g, '')}-${partner.id}`.slice(0, 20),
      date: ctx.now().slice(0, 10),
      locale: partner.language,
    });
    const bytes = await renderInvoicePdf(doc);
    return c.body(new Uint8Array(bytes), 200, { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${partner.id}-${sample.period.id}.pdf"` });
  });
  app.get('/api/periods/:period/statements/:partner/workbook.xlsx', async (c) => {
    const user = assertMayReadPartner(c.get('user'), c.req.param('partner'));
    await statementOf(ctx, c.req.param('period'), c.req.param('partner'), user);
    const plan = planFor(ctx, c.req.param('partner'));
    if (!plan) throw new HttpError(404, 'not_found', 'no plan applies to this partner');
    const bytes = await writeCalculationXlsx({ plan, partnerId: c.req.param('partner'), input: { period: sample.period, partners: sample.partners, factSchema: sample.factSchema, facts: sample.facts }, formulaEngine: hyperFormulaEngine({ licenseKey: ctx.licenseKey }) });
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="${c.req.param('partner')}-${c.req.param('period')}.xlsx"`,
    });
  });
}
