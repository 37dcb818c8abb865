/**
 * The e-invoice model (issue 13): pro-forma vs e-invoice, tax-id check digits, per-partner numbering and SdI file
 * progressives, TD04 credit notes linked through DatiFattureCollegate, and the semantic check (which must fail on a
 * broken file). Expected figures are worked by hand in the comments.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { computeFiscalOrThrow, type Issue } from '@provvigo/core';
import { itPack, type ItProfileId } from '@provvigo/fiscal-it';
import {
  DocumentError,
  buildInvoiceDocument,
  buildInvoiceDocumentOrThrow,
  checkFatturaPA,
  checkFatturaPASet,
  checkFatturaPASetOrThrow,
  emptyRegister,
  isValidCodiceFiscale,
  isValidPartitaIva,
  nextInvoiceNumber,
  nextProgressive,
  originalInvoices,
  renderFatturaPA,
  renderInvoicePdf,
  sdiFileName,
  type EInvoiceRegister,
} from '../src/index.js';
import { fiscalFor, partner, pdfText, period, principal, statement, validateXsd } from './helpers.js';

describe('check digits of VAT numbers and codici fiscali', () => {
  it('partita IVA: 0123456789 → odd digits 0+2+4+6+8 = 20, even digits doubled 2+6+1+5+9 = 23, 43 → check 7', () => {
    expect(isValidPartitaIva('01234567897')).toBe(true);
    expect(isValidPartitaIva('01234567890')).toBe(false); // the demo principal's old number
    expect(isValidPartitaIva('0123456789')).toBe(false);
  });
  it('codice fiscale: the Agenzia delle Entrate example RSSMRA85T10A562S, one changed letter fails', () => {
    expect(isValidCodiceFiscale('RSSMRA85T10A562S')).toBe(true);
    expect(isValidCodiceFiscale('RSSMRA85T10A562T')).toBe(false);
    expect(isValidCodiceFiscale('01234567897')).toBe(true); // a company's codice fiscale is its 11-digit number
  });
  it('a document with a wrong VAT number is refused, naming the field', () => {
    const st = statement('P1', [['activation', 'Attivazioni', '100.00']]);
    const build = () => buildInvoiceDocumentOrThrow({ principal: { ...principal, vatId: 'IT01234567890' }, partner: partner('P1'), period, statement: st, fiscal: fiscalFor('simple', st.total), number: 'X1', date: '2026-04-10' });
    expect(build).toThrow(DocumentError);
    expect(build).toThrow(/principal\.vatId: "IT01234567890" fails the partita IVA check digit/);
  });
  it('the result contract: a data problem is { ok: false, issues } naming partner and field; a good document is { ok: true }', () => {
    const st = statement('P1', [['activation', 'Attivazioni', '100.00']]);
    const input = { principal, partner: partner('P1'), period, statement: st, fiscal: fiscalFor('simple', st.total), number: 'X1', date: '2026-04-10' };
    const bad = buildInvoiceDocument({ ...input, principal: { ...principal, vatId: 'IT01234567890' } });
    expect(bad.ok).toBe(false);
    if (bad.ok) throw new Error('expected a refusal'); // narrows: `issues` of the refusal below
    expect(bad.issues).toHaveLength(1);
    expect(bad.issues[0]).toMatchObject({ code: 'invalid_input', severity: 'error', partnerId: 'P1', path: ['principal', 'vatId'] });
    expect(bad.issues[0]!.message).toMatch(/partner P1, period .*principal\.vatId: "IT01234567890" fails the partita IVA check digit/);
    const good = buildInvoiceDocument(input);
    expect(good.ok && good.document.number).toBe('X1');
  });
  it('both parties are checked: the partner’s partita IVA and codice fiscale, the principal’s codice fiscale', () => {
    // Partner IT09876543217: odd digits 0+8+6+4+2 = 20, even digits doubled 18→9, 14→5, 10→1, 6, 2 = 23; 43 → check 7,
    // so …210 fails. A codice fiscale has one valid check letter: FRRNCC80A01F205X is the helper's, …Y fails.
    // The principal's codice fiscale is its partita IVA (check 7), so 01234567890 fails.
    const st = statement('P1', [['activation', 'Attivazioni', '100.00']]);
    const build = (p: typeof principal, who: ReturnType<typeof partner>) => () =>
      buildInvoiceDocumentOrThrow({ principal: p, partner: who, period, statement: st, fiscal: fiscalFor('simple', st.total), number: 'X1', date: '2026-04-10' });
    const ok = partner('P1');
    expect(build(principal, ok)).not.toThrow();
    expect(build(principal, { ...ok, billing: { ...ok.billing!, vatId: 'IT09876543210' } })).toThrow(/partner\.billing\.vatId: "IT09876543210" fails the partita IVA check digit/);
    expect(build(principal, { ...ok, billing: { ...ok.billing!, taxCode: 'FRRNCC80A01F205Y' } })).toThrow(/partner\.billing\.taxCode: .*FRRNCC80A01F205Y/);
    expect(build({ ...principal, taxCode: '01234567890' }, ok)).toThrow(/principal\.taxCode: .*01234567890/);
  });
});

describe('pro-forma and e-invoice', () => {
  const st = statement('P1', [['activation', 'Attivazioni luce e gas', '1000.00']]);
  const base = { principal, partner: partner('P1'), period, statement: st, fiscal: fiscalFor('simple', st.total), date: '2026-04-10' };

  it('a pro-forma has no FatturaPA and its PDF says it is not a fiscal document', async () => {
    const doc = buildInvoiceDocumentOrThrow({ ...base, kind: 'proforma', number: 'PF202603-0001' });
    expect(() => renderFatturaPA(doc)).toThrow(/not a fiscal document/);
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toMatch(/Fattura pro-forma/);
    expect(text).toMatch(/Pro-forma n\. PF202603-0001/);
    expect(text).toMatch(/non valido ai fini fiscali/);
  });

  it('an e-invoice PDF is a courtesy copy; its file name follows SdI: IT + transmitter IdCodice + _ + progressive', async () => {
    const doc = buildInvoiceDocumentOrThrow({ ...base, number: 'PV2026/0001', transmissionId: '0000A' });
    expect(sdiFileName(doc)).toBe('IT01234567897_0000A.xml');
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toMatch(/Copia di cortesia/);
    expect(text).not.toMatch(/pro-forma/i);
  });
});

describe('register: numbers per partner, progressives per transmitter, credit-note links', () => {
  const reg: EInvoiceRegister = {
    version: 1,
    invoices: [
      { partnerId: 'A', period: '2026-10', number: 'PV2026/0001', date: '2026-11-10', documentType: 'TD01', transmitter: 'IT01234567897', progressive: '00009', file: 'IT01234567897_00009.xml', related: [], documentTotal: '1.00', netToPay: '1.00' },
      { partnerId: 'B', period: '2026-10', number: 'PV2026/0001', date: '2026-11-10', documentType: 'TD01', transmitter: 'IT01234567897', progressive: '0000A', file: 'IT01234567897_0000A.xml', related: [], documentTotal: '1.00', netToPay: '1.00' },
      { partnerId: 'A', period: '2026-11', number: 'PV2026/0002', date: '2026-12-10', documentType: 'TD01', transmitter: 'IT01234567897', progressive: '0000B', file: 'IT01234567897_0000B.xml', related: [], documentTotal: '1.00', netToPay: '1.00' },
    ],
  };
  it('each partner has its own sequence; a new year starts at 0001', () => {
    expect(nextInvoiceNumber(reg, 'A', '2026')).toBe('PV2026/0003');
    expect(nextInvoiceNumber(reg, 'B', '2026')).toBe('PV2026/0002');
    expect(nextInvoiceNumber(reg, 'C', '2026')).toBe('PV2026/0001');
    expect(nextInvoiceNumber(reg, 'A', '2027')).toBe('PV2027/0001');
  });
  it('progressives are unique per transmitter, in base 36 (0000B → 0000C)', () => {
    expect(nextProgressive(reg, 'IT01234567897')).toBe('0000C');
    expect(nextProgressive(emptyRegister(), 'IT01234567897')).toBe('00001');
  });
  it('a credit note links the invoice of each corrected period; a balance movement links the latest earlier invoice', () => {
    expect(originalInvoices(reg, 'A', { periods: ['2026-10'], balance: false, period: '2026-12' })).toEqual({ related: [{ number: 'PV2026/0001', date: '2026-11-10' }], missing: [] });
    expect(originalInvoices(reg, 'A', { periods: ['2026-10', '2026-11', '2026-10'], balance: false, period: '2026-12' }).related.map((r) => r.number)).toEqual(['PV2026/0001', 'PV2026/0002']);
    // a brought-forward balance in December reduces the latest earlier invoice: November's
    expect(originalInvoices(reg, 'A', { periods: [], balance: true, period: '2026-12' })).toEqual({ related: [{ number: 'PV2026/0002', date: '2026-12-10' }], missing: [] });
    // ...but never an invoice of the period being issued, nor a later one
    expect(originalInvoices(reg, 'A', { periods: [], balance: true, period: '2026-10' })).toEqual({ related: [], missing: ['balance'] });
  });
  it('an original that cannot be found is reported, never replaced by a guess', () => {
    expect(originalInvoices(reg, 'A', { periods: ['2025-01'], balance: false, period: '2026-12' })).toEqual({ related: [], missing: ['2025-01'] });
    expect(originalInvoices(reg, 'A', { periods: ['2025-01', '2026-10'], balance: false, period: '2026-12' })).toEqual({ related: [{ number: 'PV2026/0001', date: '2026-11-10' }], missing: ['2025-01'] });
    expect(originalInvoices(reg, 'C', { periods: ['2026-10'], balance: false, period: '2026-12' })).toEqual({ related: [], missing: ['2026-10'] });
  });
});

describe('TD04 credit note and the semantic check', () => {
  const agent = { ...partner('P1'), fiscalProfile: 'it:agent-individual-mono' as const };
  const march = { id: '2026-03', start: '2026-03-01', end: '2026-03-31' };

  function issued(lines: Array<[string, string, string]>, extra: Partial<Parameters<typeof buildInvoiceDocumentOrThrow>[0]>) {
    const st = statement('P1', lines);
    const fiscal = computeFiscalOrThrow([itPack], { partner: agent, period: march, currency: 'EUR', lines: [{ component: 'clawback', amount: st.total }] });
    return buildInvoiceDocumentOrThrow({ principal, partner: agent, period: march, statement: st, fiscal, number: 'PV2026/0002', date: '2026-04-10', transmissionId: '00002', ...extra });
  }

  it('a clawback of 300.00 is a TD04 with positive amounts linked to the invoice; XSD-valid and semantically clean', async () => {
    // 300.00: IVA 66.00; ritenuta 300 × 50% × 23% = 34.50; Enasarco: no positive base this year, so the year's
    // capped base stays 0 and the agent share is 0.00 (no RT04 block); total 366.00; 366.00 − 34.50 = 331.50.
    const doc = issued([['clawback', 'Storno provvigione C-0099 (periodo 2026-02)', '-300.00']], { related: [{ number: 'PV2026/0001', date: '2026-03-10' }] });
    const xml = renderFatturaPA(doc);
    expect(doc.documentType).toBe('TD04');
    expect(xml).toMatch(/<DatiFattureCollegate>\s*<IdDocumento>PV2026\/0001<\/IdDocumento>\s*<Data>2026-03-10<\/Data>/);
    expect(xml).toMatch(/<ImportoTotaleDocumento>366\.00</);
    expect(xml).toMatch(/<ImportoPagamento>331\.50</);
    expect(xml).not.toMatch(/RT04/);
    expect((await validateXsd(xml)).ok).toBe(true);
    const invoice = renderFatturaPA(buildInvoiceDocumentOrThrow({ principal, partner: agent, period: march, statement: statement('P1', [['activation', 'Attivazioni', '1000.00']]), fiscal: computeFiscalOrThrow([itPack], { partner: agent, period: march, currency: 'EUR', lines: [{ component: 'commission', amount: '1000.00' }] }), number: 'PV2026/0001', date: '2026-03-10', transmissionId: '00001' }));
    const checked = checkFatturaPASet([{ file: 'IT01234567897_00001.xml', xml: invoice }, { file: 'IT01234567897_00002.xml', xml }]);
    expect(checked).toEqual({ ok: true, problems: [], issues: [] });
  });

  it('a TD04 without the invoice it corrects is refused when rendering, naming partner and document', () => {
    const doc = issued([['clawback', 'Storno', '-300.00']], { related: [] });
    expect(() => renderFatturaPA(doc)).toThrow(DocumentError);
    expect(() => renderFatturaPA(doc)).toThrow(/credit note PV2026\/0002 \(partner P1, period 2026-03\) does not name the invoice it corrects/);
  });

  it('the semantic check fails on a wrong payment, a wrong file name, a duplicate number and an unlinked credit note', () => {
    const doc = issued([['clawback', 'Storno', '-300.00']], { related: [{ number: 'PV2026/0001', date: '2026-03-10' }] });
    const xml = renderFatturaPA(doc);
    expect(checkFatturaPA(xml.replace('<ImportoPagamento>331.50<', '<ImportoPagamento>330.50<'), 'IT01234567897_00002.xml').problems.join()).toMatch(/ImportoPagamento 330.50 is not total − withholdings = 331.50/);
    expect(checkFatturaPA(xml, 'P1_2026-03_PV2026.xml').problems.join()).toMatch(/does not follow IT<IdCodice>_<progressive>.xml/);
    expect(checkFatturaPA(xml.replace(/<DatiFattureCollegate>[\s\S]*?<\/DatiFattureCollegate>/, ''), 'IT01234567897_00002.xml').problems.join()).toMatch(/TD04 credit note without DatiFattureCollegate/);
    const set = checkFatturaPASet([{ file: 'IT01234567897_00002.xml', xml }, { file: 'IT01234567897_00003.xml', xml: xml.replace('<ProgressivoInvio>00002<', '<ProgressivoInvio>00003<') }]);
    expect(set.problems.join('\n')).toMatch(/number PV2026\/0002 of issuer IT\d+ is also used/);
    expect(set.problems.join('\n')).toMatch(/links PV2026\/0001 of 2026-03-10, not an invoice of issuer/);
    // the one result contract: ok false, each problem an invalid_file error issue naming its file
    expect(set.ok).toBe(false);
    if (!set.ok) expectTypeOf(set.issues).toEqualTypeOf<Issue[]>();
    expect(set.issues.find((i) => /is also used/.test(i.message))).toMatchObject({ code: 'invalid_file', severity: 'error', file: 'IT01234567897_00003.xml' });
    expect(() => checkFatturaPASetOrThrow([{ file: 'IT01234567897_00002.xml', xml }])).toThrow(/IT01234567897_00002\.xml/);
  });
});

describe('the semantic check is not vacuous: each rule it applies catches a broken file', () => {
  const march = { id: '2026-03', start: '2026-03-01', end: '2026-03-31' };
  const file = 'IT01234567897_00001.xml';
  const xmlOf = (profile: ItProfileId, component: string, amount: string) => {
    const who = { ...partner('P1'), fiscalProfile: profile };
    const fiscal = computeFiscalOrThrow([itPack], { partner: who, period: march, currency: 'EUR', lines: [{ component, amount }] });
    const doc = buildInvoiceDocumentOrThrow({ principal, partner: who, period: march, statement: statement('P1', [[component, 'Attivazioni di marzo', amount]]), fiscal, number: 'PV2026/0001', date: '2026-04-10', transmissionId: '00001' });
    return renderFatturaPA(doc);
  };
  const problems = (xml: string) => checkFatturaPA(xml, file).problems.join('\n');
  /** Replaces exactly one occurrence (a mutation that matches nothing would make the test pass for nothing). */
  const mutate = (xml: string, from: RegExp, to: string) => {
    expect(xml.match(new RegExp(from.source, 'g')), String(from)).toHaveLength(1);
    return xml.replace(from, to);
  };

  // Monomandatario agent, 1,000.00 in March 2026 (italy-tax.md §1.1, §2.1, §3.1): IVA 22% = 220.00; ritenuta 23% on
  // 50% = 115.00 (art. 25-bis DPR 600/73); Enasarco agent share 8.5% = 85.00 (RT04, causale ZO); total 1,220.00;
  // to pay 1,220.00 − 115.00 − 85.00 = 1,020.00.
  const agent = xmlOf('it:agent-individual-mono', 'commission', '1000.00');
  // Forfettario installer, 1,000.00 (italy-tax.md §3.3): no IVA (N2.2), no ritenuta, stamp duty €2.00 since the
  // amount without IVA is above 77.47 (DPR 642/72, tariffa art. 13), recharged: total 1,002.00.
  const forfettario = xmlOf('it:installer-forfettario', 'fee', '1000.00');

  it('both files are clean and hold what the rules below break', () => {
    expect(problems(agent)).toBe('');
    expect(problems(forfettario)).toBe('');
    expect(agent).toMatch(/<ImportoTotaleDocumento>1220\.00</);
    expect(agent).toMatch(/<ImportoPagamento>1020\.00</);
    expect(forfettario).toMatch(/<Natura>N2\.2<\/Natura>/);
    expect(forfettario).toMatch(/<BolloVirtuale>SI</);
  });

  it('sums and IVA: a summary that is not the sum of its lines, a wrong Imposta, a wrong document total', () => {
    expect(problems(mutate(agent, /<ImponibileImporto>1000\.00</, '<ImponibileImporto>999.00<'))).toMatch(/ImponibileImporto 999\.00 is not the sum of its lines 1000\.00/);
    expect(problems(mutate(agent, /<Imposta>220\.00</, '<Imposta>220.01<'))).toMatch(/Imposta 220\.01 is not 220\.00/);
    expect(problems(mutate(agent, /<ImportoTotaleDocumento>1220\.00</, '<ImportoTotaleDocumento>1220.01<'))).toMatch(/ImportoTotaleDocumento 1220\.01 is not Σ ImponibileImporto \+ Σ Imposta = 1220\.00/);
  });

  it('ritenute: a wrong income-tax withholding, an Enasarco block without causale ZO', () => {
    expect(problems(mutate(agent, /<ImportoRitenuta>115\.00</, '<ImportoRitenuta>116.00<'))).toMatch(/RT0[12]: ImportoRitenuta 116\.00 is not 23\.00% of 100\/50\/20% of the lines/);
    expect(problems(mutate(agent, /<CausalePagamento>ZO</, '<CausalePagamento>Q<'))).toMatch(/RT04 \(Enasarco\) must have CausalePagamento ZO/);
  });

  it('bollo and Natura: no DatiBollo above 77.47 without IVA, a line without its Natura, an unknown Natura', () => {
    expect(problems(mutate(forfettario, /<DatiBollo>[\s\S]*?<\/DatiBollo>/, ''))).toMatch(/no DatiBollo although the amount without IVA \(1000\.00\) is above 77\.47/);
    const line = /(<NumeroLinea>1<\/NumeroLinea>[\s\S]*?<AliquotaIVA>0\.00<\/AliquotaIVA>\s*)<Natura>N2\.2<\/Natura>/;
    expect(problems(mutate(forfettario, line, '$1'))).toMatch(/Natura must be present exactly when AliquotaIVA is 0/);
    expect(problems(forfettario.replaceAll('<Natura>N2.2</Natura>', '<Natura>N2.9</Natura>'))).toMatch(/Natura N2\.9 is not a valid code/);
  });

  it('issuer and words: SoggettoEmittente other than CC, an English or raw-factor line description', () => {
    expect(problems(mutate(agent, /<SoggettoEmittente>CC</, '<SoggettoEmittente>TZ<'))).toMatch(/SoggettoEmittente is not CC/);
    expect(problems(mutate(agent, /<Descrizione>Attivazioni di marzo</, '<Descrizione>Released: activated C-1<'))).toMatch(/is not for a person/);
    expect(problems(mutate(agent, /<Descrizione>Attivazioni di marzo</, '<Descrizione>Storno quota 0.3333333333<'))).toMatch(/is not for a person/);
  });
});
