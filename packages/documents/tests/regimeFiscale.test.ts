/**
 * The RegimeFiscale of the pack's result is written as it is or refused, never replaced: every code of the FPR12
 * 1.2.2 XSD's RegimeFiscaleType (RF01, RF02, RF04–RF19; RF03 was withdrawn) is accepted, anything else is
 * `{ ok: false, issues }` naming partner, period and field and listing the accepted codes. An absent code is RF01
 * (regime ordinario), the default the README documents.
 */
import { computeFiscalOrThrow, type FiscalResult, type Partner } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildInvoiceDocument, buildInvoiceDocumentOrThrow, fiscalLinesFromSummary, renderFatturaPA, summarizeStatement } from '../src/index.js';
import { fiscalFor, partner, period, principal, statement, validateXsd } from './helpers.js';

const agent = (id: string): Partner => ({ ...partner(id), fiscalProfile: 'it:agent-individual-mono' });

/** The it pack's result for `p`, its RegimeFiscale code replaced by `code` (removed when undefined). */
function input(p: Partner, code: string | undefined) {
  const st = statement(p.id, [['activation', 'Attivazioni', '1000.00']]);
  const result = computeFiscalOrThrow([itPack], { partner: p, period, currency: 'EUR', lines: fiscalLinesFromSummary(summarizeStatement(st)), principal: { country: 'IT', splitPayment: false, settings: {} } });
  const { regimeFiscale: _pack, ...codes } = result.document.codes;
  const fiscal: FiscalResult = { ...result, document: { ...result.document, codes: code === undefined ? codes : { ...codes, regimeFiscale: code } } };
  return { principal, partner: p, period, statement: st, fiscal, number: `PV-2026/${p.id}`, date: '2026-04-10', transmissionId: '00001' };
}

const regimeIn = (xml: string) => new XMLParser({ parseTagValue: false }).parse(xml)['p:FatturaElettronica'].FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici.RegimeFiscale;

describe('RegimeFiscale from the pack', () => {
  it('an unknown code is { ok: false } naming partner, period and field, listing the accepted codes; the next partner builds', () => {
    const [refused, built] = [buildInvoiceDocument(input(agent('P1'), 'RF99')), buildInvoiceDocument(input(agent('P2'), 'RF01'))];
    expect(refused.ok).toBe(false);
    if (refused.ok) throw new Error('expected a refusal');
    expect(refused.issues).toHaveLength(1);
    const issue = refused.issues[0]!;
    expect(issue).toMatchObject({ code: 'invalid_input', severity: 'error', partnerId: 'P1', path: ['fiscal', 'document', 'codes', 'regimeFiscale'] });
    expect(issue.messages!.en).toMatch(/^partner P1, period 2026-03: .*regimeFiscale "RF99" is not a FatturaPA RegimeFiscale code \(RF01, RF02, RF04, .*RF18, RF19\)/);
    expect(issue.messages!.it).toMatch(/^partner P1, periodo 2026-03: .*regimeFiscale "RF99" non è un codice RegimeFiscale della FatturaPA \(RF01, RF02, RF04, .*RF18, RF19\)/);
    expect(built.ok && built.document.fiscal.regime).toBe('RF01');
  });

  it('RF03, withdrawn from the XSD, is refused too', () => {
    const result = buildInvoiceDocument(input(agent('P1'), 'RF03'));
    expect(result.ok).toBe(false);
    expect(result.ok || result.issues[0]!.path).toEqual(['fiscal', 'document', 'codes', 'regimeFiscale']);
  });

  it.each(['RF18', 'RF05', 'RF19'])('%s is written as it is, and the XML is valid against the XSD', async (code) => {
    const doc = buildInvoiceDocumentOrThrow(input(agent('P1'), code));
    expect(doc.fiscal.regime).toBe(code);
    const xml = renderFatturaPA(doc);
    expect(regimeIn(xml)).toBe(code);
    const check = await validateXsd(xml);
    expect(check.output).toContain('validates');
  });

  it('an absent code is RF01, the documented default', () => {
    const doc = buildInvoiceDocumentOrThrow(input(agent('P1'), undefined));
    expect(regimeIn(renderFatturaPA(doc))).toBe('RF01');
  });

  it('the document shape: an unknown regime is refused listing every accepted code', () => {
    const st = statement('P1', [['activation', 'Attivazioni', '1000.00']]);
    const fiscal = { ...fiscalFor('simple', st.total), regime: 'RF99' as 'RF01' };
    const result = buildInvoiceDocument({ principal, partner: partner('P1'), period, statement: st, fiscal, number: 'PV-2026/1', date: '2026-04-10' });
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error('expected a refusal');
    expect(result.issues[0]!.path).toEqual(['regime']);
    expect(result.issues[0]!.messages!.en).toMatch(/^partner P1, period 2026-03: fiscal: .*"RF18"\|"RF19"/);
  });
});
