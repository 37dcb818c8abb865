/**
 * A fiscal result whose VAT nature is no FatturaPA Natura code — core's generic EU VAT pack marks a cross-border
 * supply "REVERSE_CHARGE" (art. 196 Directive 2006/112/EC) — cannot be put on these documents (their summaries and
 * the XML print Natura codes). It is refused as the README's result contract says: `{ ok: false, issues }` with one
 * issue naming the partner, the period, the line and the field, in English and Italian; other partners still build.
 */
import { computeFiscalOrThrow, euVatPack, type Partner } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { describe, expect, it } from 'vitest';
import { DocumentError, buildInvoiceDocument, buildInvoiceDocumentOrThrow, fiscalLinesFromSummary, summarizeStatement } from '../src/index.js';
import { partner, period, principal, statement } from './helpers.js';

const german: Partner = (() => {
  const p = partner('DE1');
  const { taxCode: _none, ...billing } = p.billing!;
  return { ...p, fiscalProfile: 'eu-vat:standard', billing: { ...billing, vatId: 'DE123456789', address: { street: 'Hauptstraße', number: '1', zip: '10115', city: 'Berlin', country: 'DE' } } };
})();
const italian: Partner = { ...partner('IT1'), fiscalProfile: 'it:agent-individual-mono' };

function input(p: Partner) {
  const st = statement(p.id, [['activation', 'Attivazioni', '1000.00']]);
  // a German supplier, an Italian principal: the EU pack's reverse charge, nature "REVERSE_CHARGE", no VAT
  const fiscal = computeFiscalOrThrow([itPack, euVatPack], { partner: p, period, currency: 'EUR', lines: fiscalLinesFromSummary(summarizeStatement(st)), principal: { country: 'IT', splitPayment: false, settings: {} } });
  return { principal, partner: p, period, statement: st, fiscal, number: 'PF202603-0001', date: '2026-04-10', kind: 'proforma' as const };
}

describe('a VAT nature that is no FatturaPA Natura code', () => {
  it('is { ok: false } naming partner, period, line and field in English and Italian; the next partner builds', () => {
    const results = [german, italian].map((p) => buildInvoiceDocument(input(p)));
    const [refused, built] = results;
    expect(refused!.ok).toBe(false);
    if (refused!.ok) throw new Error('expected a refusal');
    expect(refused!.issues).toHaveLength(1);
    const issue = refused!.issues[0]!;
    expect(issue).toMatchObject({ code: 'invalid_input', severity: 'error', partnerId: 'DE1', path: ['fiscal', 'invoiceLines', 'activation', 'natura'] });
    expect(issue.messages!.en).toMatch(/^partner DE1, period 2026-03: .*"REVERSE_CHARGE".*Natura/);
    expect(issue.messages!.it).toMatch(/^partner DE1, periodo 2026-03: .*"REVERSE_CHARGE".*Natura/);
    expect(issue.messages!.it).not.toBe(issue.messages!.en);
    expect(built!.ok && built!.document.partner.id).toBe('IT1');
  });

  it('buildInvoiceDocumentOrThrow throws a DocumentError, not a schema library error', () => {
    expect(() => buildInvoiceDocumentOrThrow(input(german))).toThrow(DocumentError);
  });
});
