import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildInvoiceDocumentOrThrow, renderFatturaPA, type InvoiceDocument } from '../src/index.js';
import { PROFILES, fiscalFor, partner, period, principal, statement, validateXsd, type Profile } from './helpers.js';

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ['DatiRitenuta', 'DettaglioLinee', 'DatiRiepilogo', 'DatiCassaPrevidenziale', 'Causale'].includes(name) });

type Node = Record<string, unknown>;
const at = (node: unknown, ...path: string[]): Node => path.reduce<Node>((n, k) => n[k] as Node, node as Node);

function invoiceFor(profile: Profile, lines: Array<[string, string, string]>, overrides: Partial<Parameters<typeof buildInvoiceDocumentOrThrow>[0]> = {}): InvoiceDocument {
  const st = statement('P1', lines);
  return buildInvoiceDocumentOrThrow({
    principal,
    partner: partner('P1'),
    period,
    statement: st,
    fiscal: fiscalFor(profile, st.total),
    number: 'PV-2026/0001',
    date: '2026-04-10',
    transmissionId: '00001',
    payment: { days: 30 },
    ...overrides,
  });
}

const LINES: Array<[string, string, string]> = [
  ['activation', 'Attivazioni luce e gas', '1840.00'],
  ['activation', 'Attivazioni luce e gas', '310.50'],
  ['bonus', 'Bonus obiettivo trimestrale', '500.00'],
  ['adjustment', 'Rettifica periodo 2026-02', '-40.25'],
  ['clawback', 'Storno contratto cessato C-0099', '-120.00'],
];

describe('FatturaPA XML', () => {
  it.each(PROFILES)('the %s invoice is valid against the official FPR12 1.2.2 XSD', async (profile) => {
    const xml = renderFatturaPA(invoiceFor(profile, LINES));
    const result = await validateXsd(xml);
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });

  it('the XSD check can fail: a broken invoice is rejected by xmllint', async () => {
    const xml = renderFatturaPA(invoiceFor('simple', LINES)).replace('<TipoDocumento>TD01</TipoDocumento>', '<TipoDocumento>TD99</TipoDocumento>');
    const result = await validateXsd(xml);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/TipoDocumento/);
  });

  it('self-billing: SoggettoEmittente CC, partner as CedentePrestatore, principal as CessionarioCommittente', () => {
    const doc = invoiceFor('agentOrdinary', LINES);
    const root = parser.parse(renderFatturaPA(doc))['p:FatturaElettronica'];
    const header = at(root, 'FatturaElettronicaHeader');
    expect(header.SoggettoEmittente).toBe('CC');
    expect(at(header, 'CedentePrestatore', 'DatiAnagrafici', 'IdFiscaleIVA', 'IdCodice')).toBe('09876543217');
    expect(at(header, 'CessionarioCommittente', 'DatiAnagrafici', 'Anagrafica', 'Denominazione')).toBe('Energia Futura S.p.A.');
    expect(at(header, 'DatiTrasmissione', 'CodiceDestinatario')).toBe('ABC1234');
    // Not self-billed: no SoggettoEmittente.
    const own = parser.parse(renderFatturaPA(invoiceFor('agentOrdinary', LINES, { selfBilling: false })))['p:FatturaElettronica'];
    expect(at(own, 'FatturaElettronicaHeader').SoggettoEmittente).toBeUndefined();
  });

  it('agent in ordinary regime: RT01 23% causale Q and Enasarco RT04 8.50% causale ZO; totals to the cent', () => {
    const doc = invoiceFor('agentOrdinary', LINES);
    const body = at(parser.parse(renderFatturaPA(doc))['p:FatturaElettronica'], 'FatturaElettronicaBody');
    const dgd = at(body, 'DatiGenerali', 'DatiGeneraliDocumento');
    // commissions 2490.25; VAT 547.86; ritenuta 23% × 1245.13 = 286.38; Enasarco 8.5% = 211.67
    expect(dgd.DatiRitenuta).toEqual([
      { TipoRitenuta: 'RT01', ImportoRitenuta: '286.38', AliquotaRitenuta: '23.00', CausalePagamento: 'Q' },
      { TipoRitenuta: 'RT04', ImportoRitenuta: '211.67', AliquotaRitenuta: '8.50', CausalePagamento: 'ZO' },
    ]);
    expect(dgd.DatiCassaPrevidenziale).toBeUndefined();
    expect(dgd.ImportoTotaleDocumento).toBe('3038.11');
    expect(at(body, 'DatiBeniServizi').DatiRiepilogo).toEqual([{ AliquotaIVA: '22.00', ImponibileImporto: '2490.25', Imposta: '547.86', EsigibilitaIVA: 'I' }]);
    const pay = at(body, 'DatiPagamento', 'DettaglioPagamento');
    expect(pay.ModalitaPagamento).toBe('MP05');
    expect(pay.ImportoPagamento).toBe('2540.06');
    expect(pay.IBAN).toBe('IT60X0542811101000000123456');
    expect(doc.totals).toEqual({ taxable: '2490.25', vat: '547.86', stampDuty: '0.00', documentTotal: '3038.11', withholdings: '498.05', splitPaymentVat: '0.00', netToPay: '2540.06' });
  });

  it('forfettario: RF19, Natura N2.2, DatiBollo virtual €2 recharged on an N1 line, Enasarco only', () => {
    const doc = invoiceFor('forfettario', LINES);
    const root = parser.parse(renderFatturaPA(doc))['p:FatturaElettronica'];
    expect(at(root, 'FatturaElettronicaHeader', 'CedentePrestatore', 'DatiAnagrafici').RegimeFiscale).toBe('RF19');
    const body = at(root, 'FatturaElettronicaBody');
    const dgd = at(body, 'DatiGenerali', 'DatiGeneraliDocumento');
    expect(dgd.DatiBollo).toEqual({ BolloVirtuale: 'SI', ImportoBollo: '2.00' });
    expect((dgd.DatiRitenuta as Node[]).map((r) => r.TipoRitenuta)).toEqual(['RT04']);
    const riepilogo = at(body, 'DatiBeniServizi').DatiRiepilogo as Node[];
    expect(riepilogo.map((r) => [r.Natura, r.ImponibileImporto, r.Imposta])).toEqual([
      ['N2.2', '2490.25', '0.00'],
      ['N1', '2.00', '0.00'],
    ]);
    expect(dgd.ImportoTotaleDocumento).toBe('2492.25');
    expect(at(body, 'DatiPagamento', 'DettaglioPagamento').ImportoPagamento).toBe('2280.58');
  });

  it('installer: reverse charge N6.7 with no VAT and no EsigibilitaIVA', () => {
    const body = at(parser.parse(renderFatturaPA(invoiceFor('reverseCharge', LINES)))['p:FatturaElettronica'], 'FatturaElettronicaBody');
    const lines = at(body, 'DatiBeniServizi').DettaglioLinee as Node[];
    expect(lines.every((l) => l.Natura === 'N6.7' && l.AliquotaIVA === '0.00')).toBe(true);
    const [r] = at(body, 'DatiBeniServizi').DatiRiepilogo as Node[];
    expect(r).toMatchObject({ AliquotaIVA: '0.00', Natura: 'N6.7', Imposta: '0.00' });
    expect(r!.EsigibilitaIVA).toBeUndefined();
  });

  it('professional: INPS rivalsa TC22 enters the VAT base and bears the 20% ritenuta (causale A)', () => {
    const doc = invoiceFor('professional', [['fee', 'Consulenza tecnica', '1000.00']]);
    const body = at(parser.parse(renderFatturaPA(doc))['p:FatturaElettronica'], 'FatturaElettronicaBody');
    const dgd = at(body, 'DatiGenerali', 'DatiGeneraliDocumento');
    expect(dgd.DatiCassaPrevidenziale).toEqual([{ TipoCassa: 'TC22', AlCassa: '4.00', ImportoContributoCassa: '40.00', ImponibileCassa: '1000.00', AliquotaIVA: '22.00', Ritenuta: 'SI' }]);
    expect(at(body, 'DatiBeniServizi').DatiRiepilogo).toEqual([{ AliquotaIVA: '22.00', ImponibileImporto: '1040.00', Imposta: '228.80', EsigibilitaIVA: 'I' }]);
    expect(dgd.ImportoTotaleDocumento).toBe('1268.80');
    expect(at(body, 'DatiPagamento', 'DettaglioPagamento').ImportoPagamento).toBe('1060.80');
  });

  it('a clawback larger than the commissions makes a TD04 credit note with positive amounts, still XSD-valid', async () => {
    const unlinked = invoiceFor('simple', [['activation', 'Attivazioni', '100.00'], ['clawback', 'Storno', '-350.00']]);
    expect(unlinked.documentType).toBe('TD04');
    // a credit note must name the invoice it corrects (DatiFattureCollegate): without it there is no XML
    expect(() => renderFatturaPA(unlinked)).toThrow(/does not name the invoice it corrects/);
    const doc = { ...unlinked, related: [{ number: 'PV2026/0001', date: '2026-03-10' }] };
    const xml = renderFatturaPA(doc);
    expect((await validateXsd(xml)).ok).toBe(true);
    const dgd = at(parser.parse(xml)['p:FatturaElettronica'], 'FatturaElettronicaBody', 'DatiGenerali', 'DatiGeneraliDocumento');
    expect(dgd.ImportoTotaleDocumento).toBe('305.00');
  });

  it('names the partner and field when the fiscal figures do not add up', () => {
    const st = statement('P1', LINES);
    expect(() =>
      buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal: { vat: { rate: '22' }, vatAmount: '1.00' }, number: 'X1', date: '2026-04-10' }),
    ).toThrow(/partner P1, period 2026-03: VAT 1.00 is not 22% of the taxable 2490.25/);
    expect(() =>
      buildInvoiceDocumentOrThrow({ principal, partner: partner('P1'), period, statement: st, fiscal: fiscalFor('simple', st.total), expectedTotals: { netToPay: '1.00' }, number: 'X1', date: '2026-04-10' }),
    ).toThrow(/totals.netToPay is 3038.11 from the statement but 1.00 from the fiscal pack/);
  });
});
