/**
 * An Italian postcode (CAP) that is not 5 digits is refused, never replaced: the XSD's CAPType is 5 digits, and
 * writing "00000" (the SdI convention for foreign addresses only) would file an Italian party at no postcode.
 * `buildInvoiceDocument` returns `{ ok: false, issues }` for that partner, naming partner, period and field in
 * English and Italian; the other partners still build. A foreign address keeps the SdI's 00000.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Partner } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { DocumentError, buildInvoiceDocument, buildInvoiceDocumentOrThrow, renderFatturaPA, type InvoiceDocument } from '../src/index.js';
import { fiscalFor, partner, period, principal, statement, validateXsd } from './helpers.js';

function withZip(id: string, zip: string, country = 'IT'): Partner {
  const p = partner(id);
  return { ...p, billing: { ...p.billing!, address: { ...p.billing!.address!, zip, country } } };
}

function input(p: Partner, principalZip = '20124') {
  const st = statement(p.id, [['activation', 'Attivazioni', '1000.00']]);
  return {
    principal: { ...principal, address: { ...principal.address, zip: principalZip } },
    partner: p,
    period,
    statement: st,
    fiscal: fiscalFor('simple', st.total),
    number: `PV-2026/${p.id}`,
    date: '2026-04-10',
    transmissionId: '00001',
  };
}

/** The error `fn` throws (the test fails when it throws none). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('an Italian postcode that is not 5 digits', () => {
  it("partner's CAP: { ok: false } naming partner, period and partner.billing.address.zip in both languages; the next partner builds", () => {
    const [refused, built] = [withZip('P1', '2012'), withZip('P2', '20121')].map((p) => buildInvoiceDocument(input(p)));
    expect(refused!.ok).toBe(false);
    if (refused!.ok) throw new Error('expected a refusal');
    expect(refused!.issues).toHaveLength(1);
    const issue = refused!.issues[0]!;
    expect(issue).toMatchObject({ code: 'invalid_input', severity: 'error', partnerId: 'P1', path: ['partner', 'billing', 'address', 'zip'] });
    expect(issue.messages!.en).toMatch(/^partner P1, period 2026-03: partner\.billing\.address\.zip "2012" is not an Italian postcode/);
    expect(issue.messages!.it).toMatch(/^partner P1, periodo 2026-03: partner\.billing\.address\.zip "2012" non è un CAP italiano/);
    expect(built!.ok && built!.document.partner.billing.address?.zip).toBe('20121');
  });

  it("principal's CAP: refused naming the principal and principal.address.zip", () => {
    const result = buildInvoiceDocument(input(withZip('P1', '20121'), '201245'));
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error('expected a refusal');
    const issue = result.issues[0]!;
    expect(issue.path).toEqual(['principal', 'address', 'zip']);
    expect(issue.messages!.en).toMatch(/^partner P1, period 2026-03: principal\.address\.zip "201245" \(Energia Futura S\.p\.A\.\) is not an Italian postcode/);
    expect(issue.messages!.it).toMatch(/^partner P1, periodo 2026-03: principal\.address\.zip "201245" \(Energia Futura S\.p\.A\.\) non è un CAP italiano/);
  });

  it('a document that reaches the XML with a bad Italian CAP is refused there too, never written as 00000', () => {
    const good = buildInvoiceDocumentOrThrow(input(withZip('P1', '20121')));
    const bad: InvoiceDocument = { ...good, partner: { ...good.partner, billing: { ...good.partner.billing, address: { ...good.partner.billing.address!, zip: '2O121' } } } };
    const error = thrown(() => renderFatturaPA(bad));
    expect(error).toBeInstanceOf(DocumentError);
    const e = error as DocumentError;
    expect(e.path).toEqual(['partner', 'billing', 'address', 'zip']);
    expect(e.messages!.en).toMatch(/partner P1, period 2026-03\b.*partner\.billing\.address\.zip "2O121" is not an Italian postcode/);
    expect(e.messages!.it).toMatch(/partner P1, periodo 2026-03\b.*partner\.billing\.address\.zip "2O121" non è un CAP italiano/);
  });

  it('a foreign postcode keeps the SdI convention 00000, and the XML is valid against the XSD', async () => {
    const dutch = withZip('NL1', '1012 AB', 'NL');
    const doc = buildInvoiceDocumentOrThrow(input({ ...dutch, billing: { ...dutch.billing!, vatId: 'NL123456789B01' } }));
    const xml = renderFatturaPA(doc);
    const root = new XMLParser({ parseTagValue: false }).parse(xml)['p:FatturaElettronica'];
    expect(root.FatturaElettronicaHeader.CedentePrestatore.Sede).toMatchObject({ CAP: '00000', Nazione: 'NL' });
    expect(root.FatturaElettronicaHeader.CessionarioCommittente.Sede.CAP).toBe('20124');
    expect((await validateXsd(xml)).ok).toBe(true);
  });
});
