/**
 * The partner's CodiceFiscale (FatturaPA 1.2.1.2) is the Italian codice fiscale: XSD CodiceFiscaleType
 * [A-Z0-9]{11,16}, optional. A foreign party is identified by IdFiscaleIVA (its country and its own tax id) and leaves
 * CodiceFiscale empty, the field being for Italian residents only (Assosoftware, 7 May 2019). A foreign partner's
 * `taxCode` went into it unchecked: "12/345/67890" (a German Steuernummer) made an XML the XSD rejects, and an
 * 11-digit foreign id would pass for an Italian one. It is left out; an Italian partner's is written, as before.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Partner } from '@provvigo/core';
import { describe, expect, it } from 'vitest';
import { buildInvoiceDocument, buildInvoiceDocumentOrThrow, renderFatturaPA } from '../src/index.js';
import { fiscalFor, partner, period, principal, statement, validateXsd } from './helpers.js';

const st = statement('P1', [['activation', 'Attivazioni', '1000.00']]);
const build = (p: Partner) =>
  buildInvoiceDocument({ principal, partner: p, period, statement: st, fiscal: fiscalFor('simple', st.total), number: 'PV2026/0001', date: '2026-04-10', transmissionId: '00001' });
const xmlOf = (p: Partner) => renderFatturaPA(buildInvoiceDocumentOrThrow({ principal, partner: p, period, statement: st, fiscal: fiscalFor('simple', st.total), number: 'PV2026/0001', date: '2026-04-10', transmissionId: '00001' }));
const cedente = (xml: string) => new XMLParser({ parseTagValue: false }).parse(xml)['p:FatturaElettronica'].FatturaElettronicaHeader.CedentePrestatore.DatiAnagrafici;

function foreign(id: string, country: string, vatId: string, taxCode: string, address: { street: string; zip: string; city: string }): Partner {
  const p = partner(id);
  return { ...p, billing: { ...p.billing!, legalName: `Agentur ${id}`, vatId, taxCode, address: { ...address, country }, iban: 'DE89370400440532013000' } };
}

describe('a foreign partner’s tax code and the FatturaPA CodiceFiscale', () => {
  it('a German Steuernummer is not written as CodiceFiscale: IdFiscaleIVA identifies the partner, and the XML validates', async () => {
    const german = foreign('DE1', 'DE', 'DE123456789', '12/345/67890', { street: 'Friedrichstraße 10', zip: '10117', city: 'Berlin' });
    const xml = xmlOf(german);
    expect(cedente(xml).IdFiscaleIVA).toEqual({ IdPaese: 'DE', IdCodice: '123456789' });
    expect(cedente(xml)).not.toHaveProperty('CodiceFiscale');
    expect(xml).not.toContain('12/345/67890');
    expect(await validateXsd(xml)).toMatchObject({ ok: true });
  });

  it('a foreign id that happens to fit the pattern (11 digits, a Belgian national number) is left out too', async () => {
    const belgian = foreign('BE1', 'BE', 'BE0123456749', '85073003328', { street: 'Rue de la Loi 16', zip: '1000', city: 'Bruxelles' });
    const xml = xmlOf(belgian);
    expect(cedente(xml)).not.toHaveProperty('CodiceFiscale');
    expect(await validateXsd(xml)).toMatchObject({ ok: true });
  });

  it('an Italian partner’s codice fiscale is still written, upper case, and a lower-case country code is Italian too', () => {
    expect(cedente(xmlOf(partner('P1'))).CodiceFiscale).toBe('FRRNCC80A01F205X');
    const lower = partner('P2');
    const it_ = { ...lower, billing: { ...lower.billing!, taxCode: 'frrncc80a01f205x', address: { ...lower.billing!.address!, country: 'it' } } };
    expect(cedente(xmlOf(it_)).CodiceFiscale).toBe('FRRNCC80A01F205X');
  });

  it('so an Italian partner written with country "it" has its codice fiscale checked when the document is built', () => {
    const p = partner('P3');
    // FRRNCC80A01F205X is the valid one (helpers): the check letter Y fails
    const wrong = { ...p, billing: { ...p.billing!, taxCode: 'FRRNCC80A01F205Y', address: { ...p.billing!.address!, country: 'it' } } };
    const result = build(wrong);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ partnerId: 'P3', path: ['partner', 'billing', 'taxCode'] });
    expect(result.issues[0]!.messages).toEqual({
      en: 'partner P3, period 2026-03: partner.billing.taxCode: "FRRNCC80A01F205Y" is not a valid codice fiscale (format or check character)',
      it: 'partner P3, periodo 2026-03: partner.billing.taxCode: "FRRNCC80A01F205Y" non è un codice fiscale valido (formato o carattere di controllo)',
    });
  });
});
