/**
 * Test vectors, every figure asserted to the cent. Each names where it comes from: a public worked example cited in
 * italy-tax.md, or DERIVED (our arithmetic on the sourced rule, shown in the comment).
 */
import { describe, expect, it } from 'vitest';
import { FiscalResultSchema, explainFiscalItem, type FiscalResult, type FiscalTables, type YtdState } from '@provvigo/core';
import { amounts, item, month, run } from './helpers.js';
import { IT_TABLES } from '../src/index.js';

describe('agent invoice (individual, monomandatario, ordinary regime)', () => {
  it('1,000.00 of commissions: IVA 22%, ritenuta 23% on 50%, Enasarco 8.5% + 8.5%', () => {
    // DERIVED: 1000 × 22% = 220.00; 1000 × 50% × 23% = 115.00; 1000 × 8.5% = 85.00 (agent) + 85.00 (principal).
    const r = run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' } });
    expect(r.issues).toEqual([]);
    expect(amounts(r)).toEqual({
      'IVA:22.00|': '220.00',
      RITENUTA: '115.00',
      ENASARCO_AGENT: '85.00',
      ENASARCO_PRINCIPAL: '85.00',
    });
    expect(r.totals).toMatchObject({
      fees: '1000.00',
      contributions: '0.00',
      taxable: '1000.00',
      vatTotal: '220.00',
      stampDuty: '0.00',
      documentTotal: '1220.00',
      withholdingsTotal: '200.00',
      splitPaymentVat: '0.00',
      netToPay: '1020.00',
      principalCostsTotal: '85.00',
    });
    expect(r.totals.vatSummary).toEqual([{ vatRatePercent: '22.00', taxable: '1000.00', vat: '220.00', esigibilita: 'I' }]);
    expect(item(r, 'RITENUTA').codes).toEqual({ tipoRitenuta: 'RT01', aliquotaRitenuta: '23.00', causalePagamento: 'Q', f24Tributo: '1038' });
    expect(item(r, 'ENASARCO_AGENT').codes).toEqual({ tipoRitenuta: 'RT04', aliquotaRitenuta: '8.50', causalePagamento: 'ZO' });
    expect(item(r, 'ENASARCO_AGENT').dueDate).toBe('2026-05-20');
    expect(r.document).toEqual({ kind: 'invoice', codes: { regimeFiscale: 'RF01', tipoDocumento: 'TD01' }, notes: [] });
    expect(explainFiscalItem(item(r, 'RITENUTA'), 'it')).toBe("Ritenuta d'acconto 23% su 50% di 1.000,00 € = 115,00 € (art. 25-bis DPR 600/73)");
    expect(explainFiscalItem(item(r, 'RITENUTA'), 'en')).toBe('Withholding tax 23% on 50% of €1,000.00 = €115.00 (art. 25-bis DPR 600/73)');
    expect(FiscalResultSchema.safeParse(r).success).toBe(true);
  });

  it('components with a clawback, roundings half-up and recorded', () => {
    // DERIVED: fees 2345.67 + 150.00 − 120.55 = 2375.12; IVA 522.5264 → 522.53; ritenuta 2375.12 × 50% × 23% =
    // 273.1388 → 273.14; Enasarco total 2375.12 × 17% = 403.7704 → 403.77 (rounded once), agent 2375.12 × 8.5% =
    // 201.8852 → 201.89 (half-up), principal 403.77 − 201.89 = 201.88.
    const r = run({ profile: 'it:agent-individual-pluri', lines: [['commission', '2345.67'], ['bonus', '150.00'], ['clawback', '-120.55']] });
    expect(amounts(r)).toEqual({ 'IVA:22.00|': '522.53', RITENUTA: '273.14', ENASARCO_AGENT: '201.89', ENASARCO_PRINCIPAL: '201.88' });
    expect(r.totals).toMatchObject({ taxable: '2375.12', vatTotal: '522.53', documentTotal: '2897.65', withholdingsTotal: '475.03', netToPay: '2422.62' });
    expect(item(r, 'IVA:22.00|').trace.rounding).toEqual([{ what: 'IVA', from: '522.5264', to: '522.53', mode: 'halfUp', scale: 2 }]);
    expect(item(r, 'RITENUTA').trace.rounding).toEqual([{ what: 'ritenuta 25-bis', from: '273.1388', to: '273.14', mode: 'halfUp', scale: 2 }]);
    expect(item(r, 'RITENUTA').codes['causalePagamento']).toBe('R');
    expect(r.invoiceLines.map((l) => [l.component, l.amount, l.vatRatePercent, l.withholding])).toEqual([
      ['commission', '2345.67', '22', true],
      ['bonus', '150.00', '22', true],
      ['clawback', '-120.55', '22', true],
    ]);
  });

  it('split payment: the principal pays the IVA to the treasury; 25-bis agents are not excluded', () => {
    const r = run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' }, principal: { splitPayment: true } });
    expect(r.totals).toMatchObject({ vatTotal: '220.00', documentTotal: '1220.00', withholdingsTotal: '200.00', splitPaymentVat: '220.00', netToPay: '800.00' });
    expect(r.totals.vatSummary[0]!.esigibilita).toBe('S');
  });

  it('agricultural principal: no 25-bis ritenuta (warning), Enasarco still due', () => {
    const r = run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' }, principal: { settings: { agriculturalEnterprise: true } } });
    expect(r.items.find((i) => i.code === 'RITENUTA')).toBeUndefined();
    expect(r.totals.netToPay).toBe('1135.00');
    expect(r.issues.map((i) => i.severity)).toEqual(['warning']);
  });

  it('a net-negative statement is a credit note (TD04) with reversed items', () => {
    const r = run({ profile: 'it:agent-individual-mono', lines: { clawback: '-200.00' }, ytd: { partnerId: 'P-1', year: 2026, values: { 'enasarco.base': '5000.00', 'enasarco.agent': '425.00', 'enasarco.agent.exact': '425', 'enasarco.principal': '425.00', 'enasarco.principal.exact': '425' }, periods: ['2026-01'] } });
    expect(amounts(r)).toEqual({ 'IVA:22.00|': '-44.00', RITENUTA: '-23.00', ENASARCO_AGENT: '-17.00', ENASARCO_PRINCIPAL: '-17.00' });
    expect(r.totals.netToPay).toBe('-204.00');
    expect(r.document.kind).toBe('creditNote');
    expect(r.document.codes['tipoDocumento']).toBe('TD04');
  });
});

describe('ritenuta variants', () => {
  it('call centre srl with employees: 23% on 20%, RT02, causale U, no Enasarco', () => {
    // DERIVED: 10000 × 20% × 23% = 460.00.
    const r = run({ profile: 'it:call-centre-srl', lines: { commission: '10000.00' } });
    expect(amounts(r)).toEqual({ 'IVA:22.00|': '2200.00', RITENUTA: '460.00' });
    expect(item(r, 'RITENUTA')).toMatchObject({ baseSharePercent: '20', ratePercent: '23', codes: { tipoRitenuta: 'RT02', causalePagamento: 'U' } });
    expect(r.totals).toMatchObject({ documentTotal: '12200.00', netToPay: '11740.00' });
    expect(explainFiscalItem(item(r, 'RITENUTA'), 'it')).toBe("Ritenuta d'acconto 23% su 20% di 10.000,00 € = 460,00 € (art. 25-bis DPR 600/73)");
    expect(r.document.notes).toHaveLength(1);
  });

  it('agent srl: RT02 and Enasarco of companies (1% agent, 3% principal), no minimum', () => {
    // DERIVED: 10000 × 50% × 23% = 1150.00; Enasarco band 1: 1% = 100.00, 3% = 300.00.
    const r = run({ profile: 'it:agent-srl', period: month(2026, 3), lines: { commission: '10000.00' } });
    expect(amounts(r)).toEqual({ 'IVA:22.00|': '2200.00', RITENUTA: '1150.00', ENASARCO_AGENT: '100.00', ENASARCO_PRINCIPAL: '300.00', 'ENASARCO_SETTLEMENT:2026-Q1': '400.00' });
    expect(item(r, 'RITENUTA').codes['tipoRitenuta']).toBe('RT02');
    expect(r.totals.netToPay).toBe('10950.00');
  });

  it('agent srl crossing the 13,000,000 band: marginal, invoice rate of the band reached', () => {
    // DERIVED: 1000 × 1% + 1000 × 0.5% = 15.00 (agent); 1000 × 3% + 1000 × 1.5% = 45.00 (principal).
    const r = run({ profile: 'it:agent-srl', lines: { commission: '2000.00' }, ytd: { partnerId: 'P-1', year: 2026, values: { 'enasarco.base': '12999000.00', 'enasarco.agent': '129990.00', 'enasarco.agent.exact': '129990', 'enasarco.principal': '389970.00', 'enasarco.principal.exact': '389970' }, periods: ['2026-01'] } });
    expect(item(r, 'ENASARCO_AGENT')).toMatchObject({ amount: '15.00', ratePercent: '0.5', codes: { aliquotaRitenuta: '0.50' } });
    expect(item(r, 'ENASARCO_PRINCIPAL').amount).toBe('45.00');
  });

  it('snc: RT01 by default (⚠ configurable), RT02 when set', () => {
    expect(item(run({ profile: 'it:agent-snc', lines: { commission: '100.00' } }), 'RITENUTA').codes['tipoRitenuta']).toBe('RT01');
    expect(item(run({ profile: 'it:agent-snc', settings: { tipoRitenuta: 'RT02' }, lines: { commission: '100.00' } }), 'RITENUTA').codes['tipoRitenuta']).toBe('RT02');
  });
});

describe('forfettario agent', () => {
  it('no IVA (N2.2, RF19), no ritenuta, Enasarco due, €2 stamp above €77.47 recharged', () => {
    const r = run({ profile: 'it:agent-forfettario', lines: { commission: '1000.00' } });
    expect(amounts(r)).toEqual({ BOLLO: '2.00', ENASARCO_AGENT: '85.00', ENASARCO_PRINCIPAL: '85.00' });
    expect(r.totals).toMatchObject({ taxable: '1000.00', vatTotal: '0.00', stampDuty: '2.00', stampDutyCharged: '2.00', documentTotal: '1002.00', withholdingsTotal: '85.00', netToPay: '917.00' });
    expect(r.totals.vatSummary).toEqual([
      { vatRatePercent: '0.00', natura: 'N2.2', taxable: '1000.00', vat: '0.00', legalReference: 'Regime forfettario art. 1 c.54-89 L. 190/2014' },
      { vatRatePercent: '0.00', natura: 'N1', taxable: '2.00', vat: '0.00', legalReference: 'Escluso art. 15 DPR 633/72' },
    ]);
    expect(r.document.codes).toEqual({ regimeFiscale: 'RF19', tipoDocumento: 'TD01', bolloVirtuale: 'SI', importoBollo: '2.00' });
    expect(explainFiscalItem(item(r, 'BOLLO'), 'it')).toBe('Imposta di bollo 2,00 € su importo non soggetto a IVA di 1.000,00 € (art. 13 Tariffa DPR 642/72; DM 17.6.2014)');
  });

  it('stamp threshold: 77.47 has none, 77.48 has one; borne by the partner when not recharged', () => {
    expect(run({ profile: 'it:agent-forfettario', lines: { commission: '77.47' } }).totals.stampDuty).toBe('0.00');
    const r = run({ profile: 'it:agent-forfettario', settings: { stampDutyRecharged: false }, lines: { commission: '77.48' } });
    expect(item(r, 'BOLLO')).toMatchObject({ amount: '2.00', payer: 'partner', effect: 'informational' });
    expect(r.totals).toMatchObject({ stampDuty: '2.00', stampDutyCharged: '0.00', documentTotal: '77.48' });
  });
});

describe('stamp duty on a credit note (art. 13 n. 1 Tariffa DPR 642/72: "note … recanti addebitamenti o accreditamenti")', () => {
  it('a −100.00 clawback (N2.2) declares the €2 stamp and does not recharge it; net to pay unchanged by the stamp', () => {
    // DERIVED: |−100.00| = 100.00 > 77.47, so €2 is due (the threshold is on the absolute amount; a credit note is
    // a "nota … recante accreditamenti"). A credit note never recharges it (stampDutyRecharged is true by default):
    // no N1 line, the item is the partner's and informational. Enasarco: no positive base this year → 0.00 each.
    // documentTotal = taxable −100.00 + IVA 0.00 + charged stamp 0.00 = −100.00; netToPay = −100.00 − 0.00 = −100.00.
    const r = run({ profile: 'it:agent-forfettario', lines: { clawback: '-100.00' } });
    expect(r.issues).toEqual([]);
    expect(amounts(r)).toEqual({ BOLLO: '2.00', ENASARCO_AGENT: '0.00', ENASARCO_PRINCIPAL: '0.00' });
    expect(item(r, 'BOLLO')).toMatchObject({ base: '-100.00', amount: '2.00', payer: 'partner', effect: 'informational', codes: { bolloVirtuale: 'SI', importoBollo: '2.00' } });
    expect(r.totals).toMatchObject({ taxable: '-100.00', vatTotal: '0.00', stampDuty: '2.00', stampDutyCharged: '0.00', documentTotal: '-100.00', withholdingsTotal: '0.00', netToPay: '-100.00' });
    expect(r.invoiceLines.map((l) => [l.component, l.amount, l.natura])).toEqual([['clawback', '-100.00', 'N2.2']]);
    expect(r.totals.vatSummary).toEqual([{ vatRatePercent: '0.00', natura: 'N2.2', taxable: '-100.00', vat: '0.00', legalReference: 'Regime forfettario art. 1 c.54-89 L. 190/2014' }]);
    expect(r.document).toMatchObject({ kind: 'creditNote', codes: { regimeFiscale: 'RF19', tipoDocumento: 'TD04', bolloVirtuale: 'SI', importoBollo: '2.00' } });
    const trace = item(r, 'BOLLO').trace;
    expect(trace.inputs).toEqual(expect.arrayContaining([{ name: 'stampDutyRecharged', kind: 'setting', value: true }, { name: 'notRechargedOnCreditNote', kind: 'derived', value: expect.stringMatching(/open question for the accountant/) }]));
    expect(trace.steps).toEqual([{ what: 'threshold', expr: '|-100.00| = 100.00 > 77.47', value: 'true' }]);
    expect(FiscalResultSchema.safeParse(r).success).toBe(true);

    // The invoice of the same amount is unchanged (a guard, the same on the old code): recharged by default on an N1
    // line, paid by the principal; DERIVED 100.00 + 2.00 = 102.00 to pay, Enasarco 8.5% × 100.00 = 8.50 withheld.
    const invoice = run({ profile: 'it:agent-forfettario', lines: { commission: '100.00' } });
    expect(item(invoice, 'BOLLO')).toMatchObject({ base: '100.00', amount: '2.00', payer: 'principal', effect: 'addsToDocument' });
    expect(invoice.totals).toMatchObject({ taxable: '100.00', stampDuty: '2.00', stampDutyCharged: '2.00', documentTotal: '102.00', withholdingsTotal: '8.50', netToPay: '93.50' });
    expect(invoice.invoiceLines.map((l) => [l.kind, l.amount, l.natura])).toEqual([['fee', '100.00', 'N2.2'], ['stamp', '2.00', 'N1']]);
    expect(item(invoice, 'BOLLO').trace.inputs.map((i) => i.name)).not.toContain('notRechargedOnCreditNote');
    expect(item(invoice, 'BOLLO').trace.steps).toEqual([{ what: 'threshold', expr: '100.00 > 77.47', value: 'true' }]);
  });

  it('the threshold is strict on the absolute amount: −77.47 has none, −77.48 has one, not recharged', () => {
    const at = run({ profile: 'it:technician-forfettario', lines: { clawback: '-77.47' } });
    expect(at.items.some((i) => i.code === 'BOLLO')).toBe(false);
    expect(at.totals).toMatchObject({ stampDuty: '0.00', documentTotal: '-77.47', netToPay: '-77.47' });
    expect(at.document.codes).toEqual({ regimeFiscale: 'RF19', tipoDocumento: 'TD04' });
    const above = run({ profile: 'it:technician-forfettario', lines: { clawback: '-77.48' } });
    expect(item(above, 'BOLLO')).toMatchObject({ amount: '2.00', payer: 'partner', effect: 'informational' });
    // DERIVED: −77.48 + 0 IVA + 0 charged stamp = −77.48, nothing withheld.
    expect(above.totals).toMatchObject({ stampDuty: '2.00', stampDutyCharged: '0.00', documentTotal: '-77.48', netToPay: '-77.48' });
    expect(above.invoiceLines.some((l) => l.kind === 'stamp')).toBe(false);
    // whatever stampDutyRecharged says: false gives the same credit note
    const notRecharged = run({ profile: 'it:technician-forfettario', settings: { stampDutyRecharged: false }, lines: { clawback: '-77.48' } });
    expect([notRecharged.items, notRecharged.totals]).toEqual([above.items.map((i) => (i.code === 'BOLLO' ? { ...i, trace: { ...i.trace, inputs: i.trace.inputs.map((x) => (x.name === 'stampDutyRecharged' ? { ...x, value: false } : x)) } } : i)), above.totals]);
  });

});

describe('installers and technicians', () => {
  it('reverse charge N6.7: no IVA on the invoice, the principal self-assesses 22%', () => {
    const r = run({ profile: 'it:installer-srl', lines: { commission: '5000.00' } });
    expect(item(r, 'IVA:0.00|N6.7')).toMatchObject({ amount: '1100.00', effect: 'informational', payer: 'principal', codes: { natura: 'N6.7', tipoDocumentoIntegrazione: 'TD16' } });
    expect(r.totals).toMatchObject({ taxable: '5000.00', vatTotal: '0.00', documentTotal: '5000.00', withholdingsTotal: '0.00', netToPay: '5000.00' });
    expect(r.totals.vatSummary).toEqual([{ vatRatePercent: '0.00', natura: 'N6.7', taxable: '5000.00', vat: '0.00', legalReference: 'Inversione contabile art. 17 c.6 lett. a-ter DPR 633/72' }]);
    expect(r.items.some((i) => i.code === 'BOLLO')).toBe(false);
  });

  it('technician with ordinary IVA when not installing on buildings', () => {
    const r = run({ profile: 'it:technician-srl', settings: { vat: 'standard' }, lines: { commission: '300.00' } });
    expect(r.totals).toMatchObject({ vatTotal: '66.00', netToPay: '366.00' });
  });
});

describe('professional invoices', () => {
  it('INPS rivalsa 4%: IVA on fee + rivalsa, ritenuta 20% on fee + rivalsa', () => {
    // DERIVED: 1000 + 40 = 1040; IVA 228.80; ritenuta 208.00; net 1040 + 228.80 − 208 = 1060.80.
    const r = run({ profile: 'it:professional-inps', lines: { fee: '1000.00' } });
    expect(amounts(r)).toEqual({ INPS_RIVALSA: '40.00', 'IVA:22.00|': '228.80', RITENUTA: '208.00' });
    expect(r.totals).toMatchObject({ fees: '1000.00', contributions: '40.00', taxable: '1040.00', vatTotal: '228.80', documentTotal: '1268.80', withholdingsTotal: '208.00', netToPay: '1060.80' });
    expect(item(r, 'INPS_RIVALSA').codes).toEqual({ tipoCassa: 'TC22', aliquotaCassa: '4.00', ritenuta: 'SI', imponibileCassa: '1000.00' });
    expect(item(r, 'RITENUTA').codes).toMatchObject({ tipoRitenuta: 'RT01', causalePagamento: 'A', aliquotaRitenuta: '20.00' });
  });

  it('cassa 4%: IVA on fee + cassa, ritenuta 20% on the fee only', () => {
    // DERIVED: 1000 + 40 = 1040; IVA 228.80; ritenuta 200.00; net 1068.80.
    const r = run({ profile: 'it:professional-cassa', lines: { fee: '1000.00' } });
    expect(amounts(r)).toEqual({ CASSA: '40.00', 'IVA:22.00|': '228.80', RITENUTA: '200.00' });
    expect(r.totals).toMatchObject({ taxable: '1040.00', documentTotal: '1268.80', withholdingsTotal: '200.00', netToPay: '1068.80' });
    expect(item(r, 'CASSA').codes['tipoCassa']).toBe('TC04');
  });

  it('public fixture (invopop/gobl.fatturapa invoice-fund-contribution-mixed-retention): 1600 + 4% TC22 + 2% TC04', () => {
    // Fixture figures: DatiRiepilogo ImponibileImporto 1696.00, Imposta 373.12; DatiRitenuta ImportoRitenuta 332.80.
    const r = run({ profile: 'it:professional-inps', settings: { cassa: 'other', cassaPercent: '2', tipoCassa: 'TC04' }, lines: { fee: '1600.00' } });
    expect(amounts(r)).toEqual({ INPS_RIVALSA: '64.00', CASSA: '32.00', 'IVA:22.00|': '373.12', RITENUTA: '332.80' });
    expect(r.totals.vatSummary).toEqual([{ vatRatePercent: '22.00', taxable: '1696.00', vat: '373.12', esigibilita: 'I' }]);
    expect(r.totals).toMatchObject({ documentTotal: '2069.12', netToPay: '1736.32' });
  });

  it('occasional worker: 20% of €1,500 → €300 withheld, €1,200 net; a receipt with a stamp', () => {
    // Source example (investiresicuro): 1500 gross, 300 ritenuta, 1200 net.
    const r = run({ profile: 'it:occasional', settings: { stampDutyRecharged: false }, lines: { fee: '1500.00' } });
    expect(amounts(r)).toEqual({ BOLLO: '2.00', RITENUTA: '300.00' });
    expect(r.totals).toMatchObject({ taxable: '1500.00', vatTotal: '0.00', documentTotal: '1500.00', withholdingsTotal: '300.00', netToPay: '1200.00' });
    expect(item(r, 'RITENUTA').codes).toMatchObject({ tipoRitenuta: 'RT01', causalePagamento: 'M' });
    expect(r.document.kind).toBe('receipt');
  });

  it('occasional: yearly income above €5,000 is reported (INPS gestione separata ⚠)', () => {
    const r = run({ profile: 'it:occasional', lines: { fee: '1000.00' }, ytd: { partnerId: 'P-1', year: 2026, values: { fees: '4500.00' }, periods: ['2026-01'] } });
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'warning', code: 'limit_exceeded' })]);
  });
});

describe('Enasarco caps (massimali) and minimums (minimali)', () => {
  const ytd = (values: Record<string, string>) => ({ partnerId: 'P-1', year: 2026, values, periods: ['2026-01'] });

  it('2026 plurimandatario cap €30,478: a statement crossing it pays on the part up to the cap only', () => {
    // DERIVED: ytd 30000 + 1000 → contributable 478.00 × 8.5% = 40.63 each share.
    const first = run({ profile: 'it:agent-individual-pluri', lines: { commission: '1000.00' }, ytd: ytd({ 'enasarco.base': '30000.00', 'enasarco.agent': '2550.00', 'enasarco.agent.exact': '2550', 'enasarco.principal': '2550.00', 'enasarco.principal.exact': '2550' }) });
    expect(item(first, 'ENASARCO_AGENT')).toMatchObject({ base: '478.00', amount: '40.63', rule: 'it.enasarco.individual.capped' });
    expect(item(first, 'ENASARCO_PRINCIPAL').amount).toBe('40.63');
    expect(first.ytdAfter.values).toMatchObject({ 'enasarco.base': '31000.00', 'enasarco.agent': '2590.63' });
    // The next statement is above the cap: no contribution.
    const next = run({ profile: 'it:agent-individual-pluri', period: month(2026, 3), lines: { commission: '1000.00' }, ytd: first.ytdAfter });
    expect(item(next, 'ENASARCO_AGENT')).toMatchObject({ base: '0.00', amount: '0.00' });
    expect(explainFiscalItem(item(first, 'ENASARCO_AGENT'), 'it')).toBe('Contributo Enasarco quota agente 8,5% su 478,00 € = 40,63 € (art. 1742 c.c.; L. 12/1973; Regolamento Enasarco)');
  });

  it('2025 monomandatario cap €45,085: year total is round(45085 × 8.5%) = 3832.23 however it is split', () => {
    const y = (values: Record<string, string>) => ({ partnerId: 'P-1', year: 2025, values, periods: ['2025-05'] });
    const one = run({ profile: 'it:agent-individual-mono', period: month(2025, 6), lines: { commission: '50000.00' } });
    expect(item(one, 'ENASARCO_AGENT').amount).toBe('3832.23');
    // Two halves of 22542.50: 1916.1125 → 1916.11, then 3832.225 → 3832.23 − 1916.11 = 1916.12.
    const a = run({ profile: 'it:agent-individual-mono', period: month(2025, 5), lines: { commission: '22542.50' } });
    expect(item(a, 'ENASARCO_AGENT').amount).toBe('1916.11');
    const b = run({ profile: 'it:agent-individual-mono', period: month(2025, 6), lines: { commission: '22542.50' }, ytd: y(a.ytdAfter.values) });
    expect(item(b, 'ENASARCO_AGENT').amount).toBe('1916.12');
    expect(b.ytdAfter.values['enasarco.agent']).toBe('3832.23');
  });

  it('quarterly minimum top-up charged to the principal (2026 pluri: 515 / 4 = 128.75)', () => {
    // DERIVED: Q1 contributions 42.50 + 42.50 = 85.00 < 128.75 → top-up 43.75.
    const r = run({ profile: 'it:agent-individual-pluri', period: month(2026, 3), lines: { commission: '500.00' } });
    expect(item(r, 'ENASARCO_MINIMUM_TOPUP:2026-Q1')).toMatchObject({ base: '128.75', amount: '43.75', payer: 'principal', effect: 'principalCost', dueDate: '2026-05-20' });
    expect(r.totals.principalCostsTotal).toBe('86.25');
    // What the principal pays Enasarco for Q1: 42.50 + 42.50 + 43.75 = 128.75, by 20 May (informational).
    expect(item(r, 'ENASARCO_SETTLEMENT:2026-Q1')).toMatchObject({ amount: '128.75', effect: 'informational', dueDate: '2026-05-20', codes: { contributions: '85.00', minimumTopup: '43.75' } });
    // 500 + 110 IVA − 57.50 ritenuta − 42.50 Enasarco = 510.00: the top-up never touches the invoice.
    expect(r.totals.netToPay).toBe('510.00');
  });

  it('the quarter settlement sums every statement of the quarter (Jan + Feb + Mar, mono)', () => {
    let ytd: YtdState | null = null;
    let last: FiscalResult | undefined;
    for (const m of [1, 2, 3]) {
      last = run({ profile: 'it:agent-individual-mono', period: month(2026, m), lines: { commission: '1000.00' }, ytd });
      ytd = last.ytdAfter;
    }
    // DERIVED: 3 × (85.00 + 85.00) = 510.00 ≥ 256.50, no top-up.
    expect(item(last!, 'ENASARCO_SETTLEMENT:2026-Q1')).toMatchObject({ base: '3000.00', amount: '510.00', codes: { contributions: '510.00', minimumTopup: '0.00' } });
    expect(last!.items.some((i) => i.code === 'ENASARCO_MINIMUM_TOPUP')).toBe(false);
    expect(ytd!.values['enasarco.q1']).toBe('510.00');
  });

  it('no minimum while the year is unproductive; caught up once it is', () => {
    const q1 = run({ profile: 'it:agent-individual-pluri', period: month(2026, 3), lines: [] });
    expect(q1.items).toEqual([
      expect.objectContaining({ id: 'ENASARCO_AGENT', amount: '0.00' }),
      expect.objectContaining({ id: 'ENASARCO_PRINCIPAL', amount: '0.00' }),
      expect.objectContaining({ id: 'ENASARCO_SETTLEMENT:2026-Q1', amount: '0.00' }),
    ]);
    // Q2: 1000 → 170.00 of contributions, required 2 × 128.75 = 257.50 → top-up 87.50.
    const q2 = run({ profile: 'it:agent-individual-pluri', period: month(2026, 6), lines: { commission: '1000.00' }, ytd: q1.ytdAfter });
    expect(item(q2, 'ENASARCO_MINIMUM_TOPUP:2026-Q2').amount).toBe('87.50');
  });

  it('mandate started in May (mono): one quarter of minimum at Q2 (256.50)', () => {
    // Mono minimum 1,026 / 4 = 256.50 a quarter; from May only Q2 is due. Contributions 1,000 × 17% = 170.00, top-up
    // 256.50 − 170.00 = 86.50.
    const r = run({ profile: 'it:agent-individual-mono', settings: { mandateStart: '2026-05-10' }, period: month(2026, 6), lines: { commission: '1000.00' } });
    expect(item(r, 'ENASARCO_MINIMUM_TOPUP:2026-Q2')).toMatchObject({ base: '256.50', amount: '86.50' });
  });

  it('srl agents have no minimum', () => {
    const r = run({ profile: 'it:agent-srl', period: month(2026, 3), lines: { commission: '100.00' } });
    expect(r.items.some((i) => i.code === 'ENASARCO_MINIMUM_TOPUP')).toBe(false);
  });
});

describe('FIRR', () => {
  it('Enasarco worked example 1: plurimandatario, full year, 7,650.80 → 248.00 + 29.02 = 277.02', () => {
    // Source: https://www.enasarco.it/guida/come-si-calcola-limporto-del-contributo-firr-2/ (esempio 1).
    const r = run({ profile: 'it:agent-individual-pluri', period: month(2025, 12), lines: { commission: '650.80' }, ytd: { partnerId: 'P-1', year: 2025, values: { 'firr.base': '7000.00' }, periods: ['2025-11'] } });
    const firr = item(r, 'FIRR:2025');
    expect(firr).toMatchObject({ base: '7650.80', amount: '277.02', payer: 'principal', effect: 'principalCost', dueDate: '2026-03-31' });
    expect(firr.bands).toEqual([
      { from: '0.00', to: '6200.00', ratePercent: '4', base: '6200.00', amount: '248.00' },
      { from: '6200.00', to: '9300.00', ratePercent: '2', base: '1450.80', amount: '29.02' },
    ]);
    expect(explainFiscalItem(firr, 'it')).toBe(
      'FIRR (accantonamento a carico del preponente) su 7.650,80 €: 4% su 6.200,00 € = 248,00 € + 2% su 1.450,80 € = 29,02 € = 277,02 € (Accordi Economici Collettivi agenti; Regolamento FIRR Enasarco)',
    );
    expect(r.ytdAfter.values['firr.settled']).toBe('1');
  });

  it('monomandatario, full year, 20,000.00 → 496.00 + 124.00 + 14.00 = 634.00 (DERIVED)', () => {
    // Mono bands: 12,400 × 4% = 496.00; (18,600 − 12,400) × 2% = 124.00; (20,000 − 18,600) × 1% = 14.00.
    const r = run({ profile: 'it:agent-individual-mono', period: month(2026, 12), lines: { commission: '20000.00' } });
    expect(item(r, 'FIRR:2026').amount).toBe('634.00');
    expect(item(r, 'FIRR:2026').bands!.map((b) => b.amount)).toEqual(['496.00', '124.00', '14.00']);
  });

  it('mandate from 31 August (5 months, pluri): bands × 5/12, 5,859.43 → 103.33 + 25.83 + 19.84 = 149.00 (DERIVED)', () => {
    // Bands 6200 × 5/12 = 2583.33, 9300 × 5/12 = 3875.00. 2583.33 × 4% = 103.3332; 1291.67 × 2% = 25.8334;
    // 1984.43 × 1% = 19.8443.
    const r = run({ profile: 'it:agent-individual-pluri', settings: { mandateStart: '2025-08-31' }, period: month(2025, 12), lines: { commission: '5859.43' } });
    const firr = item(r, 'FIRR:2025');
    expect(firr.amount).toBe('149.00');
    expect(firr.rule).toBe('it.firr.pluri.proRata');
    expect(firr.bands!.map((b) => [b.base, b.amount])).toEqual([['2583.33', '103.33'], ['1291.67', '25.83'], ['1984.43', '19.84']]);
  });

  it('mandate ended during the year: FIRR is paid to the agent (warning, causale H)', () => {
    // 1,000.00 within the first pluri band (6,200 × 6/12 = 3,100.00 for January–June): 1,000 × 4% = 40.00, due the
    // day the mandate ends and paid to the agent directly (README, Settings: `mandateEnd`).
    const r = run({ profile: 'it:agent-individual-pluri', settings: { mandateEnd: '2026-06-15' }, period: month(2026, 6), settle: { year: true }, lines: { commission: '1000.00' } });
    expect(item(r, 'FIRR:2026')).toMatchObject({ amount: '40.00', codes: { paidTo: 'agent', causalePagamento: 'H' }, dueDate: '2026-06-15' });
    expect(r.issues.some((i) => i.severity === 'warning' && /paid directly to the agent/.test(i.message))).toBe(true);
  });
});

describe('effective-dated tables', () => {
  it('next year is a data change: a 2027 row makes 2027 statements compute', () => {
    const missing = run({ profile: 'it:agent-individual-mono', period: month(2027, 2), lines: { commission: '1000.00' } });
    expect(missing.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'missing_input', field: 'it.enasarco.individual' })]);
    const base = IT_TABLES['it.enasarco.individual']!;
    const tables: FiscalTables = {
      'it.enasarco.individual': {
        ...base,
        rows: [...base.rows, { validFrom: '2027-01-01', validTo: '2027-12-31', values: { agentPercent: '9', principalPercent: '9', monoCap: '46000', monoMinimum: '1040', pluriCap: '30900', pluriMinimum: '520' } }],
      },
    };
    const ok = run({ profile: 'it:agent-individual-mono', period: month(2027, 2), lines: { commission: '1000.00' }, tables });
    expect(ok.issues).toEqual([]);
    expect(item(ok, 'ENASARCO_AGENT').amount).toBe('90.00');
    expect(ok.trace.tables).toContainEqual({ id: 'it.enasarco.individual', validFrom: '2027-01-01', validTo: '2027-12-31' });
  });
});

describe('guards', () => {
  it('a period already in the year-to-date state is an error and changes nothing', () => {
    const a = run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' } });
    const again = run({ profile: 'it:agent-individual-mono', lines: { commission: '1000.00' }, ytd: a.ytdAfter });
    expect(again.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'duplicate_record' })]);
    expect(again.ytdAfter).toEqual(a.ytdAfter);
  });

  it('unknown profile and invalid settings are error issues naming the partner', () => {
    expect(run({ profile: 'it:nope', lines: {} }).issues[0]).toMatchObject({ code: 'unknown_reference', partnerId: 'P-1' });
    const bad = run({ profile: 'it:agent-snc', settings: { mandate: 'tri' }, lines: {} });
    expect(bad.issues[0]).toMatchObject({ code: 'invalid_input', partnerId: 'P-1' });
    expect(bad.issues[0]!.message).toMatch(/mandate/);
  });
});
