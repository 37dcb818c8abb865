import { FiscalInputSchema, computeFiscal, computeFiscalOrThrow, type FiscalResult, type Partner, type PartnerKind } from '@provvigo/core';
import { itPack, type ItProfileId } from '@provvigo/fiscal-it';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '@provvigo/core';
import { buildInvoiceDocumentOrThrow, renderFatturaPA, renderInvoicePdf, summarizePeriodStatement, DocumentError } from '../src/index.js';
import { Decimal } from '../src/money.js';
import { partner, pdfText, period, principal, statement, validateXsd, xsdFailures } from './helpers.js';

const parser = new XMLParser({ parseTagValue: false, isArray: (n) => ['DatiRitenuta', 'DettaglioLinee', 'DatiRiepilogo', 'DatiCassaPrevidenziale'].includes(n) });
type Node = Record<string, unknown>;

const PROFILES: Array<[profile: ItProfileId, kind: PartnerKind]> = [
  ['it:agent-individual-mono', 'agent'],
  ['it:agent-individual-pluri', 'agent'],
  ['it:agent-forfettario', 'agent'],
  ['it:agent-snc', 'agency'],
  ['it:agent-srl', 'agency'],
  ['it:call-centre-srl', 'outbound'],
  ['it:installer-srl', 'installer'],
  ['it:technician-srl', 'technician'],
  ['it:professional-inps', 'technician'],
  ['it:professional-cassa', 'technician'],
];

function invoiceWithPack(profile: ItProfileId, kind: PartnerKind, lines: Array<[string, string, string]>, locale: 'it' | 'en' = 'it') {
  const p: Partner = { ...partner('F1'), kind, fiscalProfile: profile };
  const st = statement('F1', lines);
  const byComponent = new Map<string, Decimal>();
  for (const l of st.lines) byComponent.set(l.component, (byComponent.get(l.component) ?? new Decimal(0)).plus(l.amount));
  const fiscal = computeFiscalOrThrow([itPack], { partner: p, period, currency: st.currency, lines: [...byComponent].map(([component, amount]) => ({ component, amount: amount.toFixed(2) })) });
  const doc = buildInvoiceDocumentOrThrow({ principal, partner: p, period, statement: st, fiscal, number: 'FT-1', date: '2026-04-10', transmissionId: '00001', payment: { days: 30 }, locale });
  return { st, fiscal, doc };
}

/** The FatturaPA XML's totals, VAT summary and withholdings are the pack's to the cent. */
function expectXmlOfPack(xml: string, fiscal: FiscalResult) {
  const body = (parser.parse(xml)['p:FatturaElettronica'] as Node).FatturaElettronicaBody as Node;
  const dgd = (body.DatiGenerali as Node).DatiGeneraliDocumento as Node;
  expect(dgd.ImportoTotaleDocumento).toBe(fiscal.totals.documentTotal);
  expect(((body.DatiPagamento as Node).DettaglioPagamento as Node).ImportoPagamento).toBe(fiscal.totals.netToPay);
  const riepilogo = ((body.DatiBeniServizi as Node).DatiRiepilogo as Node[]).map((r) => [r.AliquotaIVA, r.Natura ?? null, r.ImponibileImporto, r.Imposta]);
  expect(riepilogo).toEqual(fiscal.totals.vatSummary.map((g) => [new Decimal(g.vatRatePercent).toFixed(2), g.natura ?? null, g.taxable, g.vat]));
  const ritenute = ((dgd.DatiRitenuta as Node[] | undefined) ?? []).map((r) => [r.TipoRitenuta, r.ImportoRitenuta, r.CausalePagamento]);
  expect(ritenute).toEqual(fiscal.items.filter((i) => i.effect === 'withheld').map((i) => [i.codes.tipoRitenuta, i.amount, i.codes.causalePagamento]));
}

describe('invoices from the real Italian jurisdiction pack (@provvigo/fiscal-it)', () => {
  it.each(PROFILES)('%s: XSD-valid XML whose totals are the pack’s to the cent', async (profile, kind) => {
    const { fiscal, doc } = invoiceWithPack(profile, kind, [
      ['activation', 'Attivazioni', '2100.40'],
      ['bonus', 'Bonus', '389.85'],
      ['clawback', 'Storno', '-35.10'],
    ]);
    expect(fiscal.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const xml = renderFatturaPA(doc);
    const verdict = await validateXsd(xml);
    expect(verdict.output).toContain('validates');
    expectXmlOfPack(xml, fiscal);
  });

  it('property: for any amounts and profile, PDF net to pay = XML ImportoPagamento = pack netToPay', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PROFILES),
        fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('it' as const, 'en' as const),
        async ([profile, kind], amounts, locale) => {
          const { fiscal, doc } = invoiceWithPack(profile, kind, amounts.map((c, i) => [i % 2 ? 'bonus' : 'activation', i % 2 ? 'Bonus' : 'Attivazioni', new Decimal(c).div(100).toFixed(2)]), locale);
          const xml = renderFatturaPA(doc);
          expect((await validateXsd(xml)).ok).toBe(true);
          const pay = ((((parser.parse(xml)['p:FatturaElettronica'] as Node).FatturaElettronicaBody as Node).DatiPagamento as Node).DettaglioPagamento as Node).ImportoPagamento;
          expect(pay).toBe(fiscal.totals.netToPay);
          const text = await pdfText(await renderInvoicePdf(doc));
          const netLine = text.split('\n').find((l) => l.trim().startsWith(locale === 'it' ? 'Netto a pagare' : 'Net to pay'));
          expect(netLine?.trim().split(/\s{2,}/).at(-1)).toBe(formatMoney(fiscal.totals.netToPay, 'EUR', locale));
        },
      ),
      // a case renders a PDF and runs xmllint and pdftotext: about 0.15 s on a 2-core machine
      { numRuns: 30, seed: 4242 },
    );
  });

  it('property, many more amounts and profiles: the XML alone is XSD-valid with the pack’s figures (one xmllint for all)', async () => {
    // No PDF and no process per case, so a case costs milliseconds; the documents are validated together at the end.
    const docs: Array<{ name: string; xml: string }> = [];
    fc.assert(
      fc.property(fc.constantFrom(...PROFILES), fc.array(fc.integer({ min: 1, max: 5_000_000 }), { minLength: 1, maxLength: 4 }), ([profile, kind], amounts) => {
        const { fiscal, doc } = invoiceWithPack(profile, kind, amounts.map((c, i) => [i % 2 ? 'bonus' : 'activation', i % 2 ? 'Bonus' : 'Attivazioni', new Decimal(c).div(100).toFixed(2)]));
        const xml = renderFatturaPA(doc);
        expectXmlOfPack(xml, fiscal);
        docs.push({ name: JSON.stringify({ profile, amounts }), xml });
      }),
      { numRuns: 300, seed: 4243 },
    );
    expect(await xsdFailures(docs)).toEqual([]);
  });
});

describe('period statement summary', () => {
  it('refuses a period statement whose parts do not sum to its payable', () => {
    const st = statement('F1', [['activation', 'Attivazioni', '100.00']]);
    const ps = {
      partnerId: 'F1', period: '2026-03', currency: 'EUR', runId: 'r1', lines: st.lines,
      earned: [{ unitId: 'u1', lineId: st.lines[0]!.id, component: 'activation', amount: '100.00', status: 'payable' as const, subject: null }],
      adjustments: [], held: [], released: [], lapsed: [],
      reserve: { withheld: [], released: [], balance: '0.00' },
      clawbacks: [{ entryId: 'e1', unitId: 'u0', lineId: null, originalPeriod: '2026-01', amount: '30.00', subject: 'C-9', event: null, explanation: 'Contratto C-9 cessato entro 6 mesi', paidAmount: '30.00', mode: 'full' as const, fraction: '1', windowStart: null }],
      advances: [],
      carryForward: { floorAtZero: true, broughtForward: '0.00', carriedForward: '0.00' },
      totals: { earned: '100.00', adjustments: '0.00', earnedPayable: '100.00', adjustmentsPayable: '0.00', held: '0.00', released: '0.00', lapsed: '0.00', reserveWithheld: '0.00', reserveReleased: '0.00', clawbacks: '30.00', broughtForward: '0.00', beforeAdvance: '70.00', advanceRecovered: '0.00', advanceBalance: '0.00', beforeFloor: '70.00', carriedForward: '0.00', heldBalance: '0.00' },
      payable: '70.00',
    };
    const summary = summarizePeriodStatement(ps);
    expect(summary.commissions).toBe('70.00');
    // The label is built from the entry's fields in Italian, never the ledger's (English) explanation.
    expect(summary.clawbacks).toEqual([{ label: 'Storno provvigione C-9 (periodo 2026-01)', amount: '-30.00', originalPeriod: '2026-01' }]);
    expect(() => summarizePeriodStatement({ ...ps, payable: '71.00' })).toThrow(DocumentError);
  });

  it('puts adjustment units of recalculated periods under adjustments, even when their line id repeats', () => {
    const st = statement('F1', [['activation', 'Attivazioni', '100.00']]);
    const adj = { id: 'adj:2026-02:k1:1', partnerId: 'F1', originalPeriod: '2026-02', lineKey: 'k1', previousLineId: st.lines[0]!.id, newLineId: st.lines[0]!.id, planId: 'p', payout: 'activation', component: 'activation', label: 'Attivazioni', source: { system: 'salesforce', table: 'contracts', id: 'C-7' }, currency: 'EUR', previousAmount: '50.00', newAmount: '62.50', delta: '12.50', change: 'changed' as const, revision: 1, previousTrace: null, newTrace: null };
    const zero = '0.00';
    const ps = {
      partnerId: 'F1', period: '2026-03', currency: 'EUR', runId: 'r1', lines: st.lines,
      earned: [
        { unitId: 'u1', lineId: st.lines[0]!.id, component: 'activation', amount: '100.00', status: 'payable' as const, subject: null },
        { unitId: adj.id, lineId: st.lines[0]!.id, component: 'activation', amount: '12.50', status: 'payable' as const, subject: 'C-7' },
      ],
      adjustments: [adj], held: [], released: [], lapsed: [],
      reserve: { withheld: [], released: [], balance: zero },
      clawbacks: [], advances: [],
      carryForward: { floorAtZero: true, broughtForward: zero, carriedForward: zero },
      totals: { earned: '100.00', adjustments: '12.50', earnedPayable: '100.00', adjustmentsPayable: '12.50', held: zero, released: zero, lapsed: zero, reserveWithheld: zero, reserveReleased: zero, clawbacks: zero, broughtForward: zero, beforeAdvance: '112.50', advanceRecovered: zero, advanceBalance: zero, beforeFloor: '112.50', carriedForward: zero, heldBalance: zero },
      payable: '112.50',
    } as unknown as Parameters<typeof summarizePeriodStatement>[0];
    const summary = summarizePeriodStatement(ps);
    expect(summary.components.map((c) => [c.component, c.amount])).toEqual([['activation', '100.00']]);
    expect(summary.adjustments).toEqual([{ label: 'Rettifica 2026-02: Attivazioni', amount: '12.50', reference: 'salesforce:C-7', originalPeriod: '2026-02' }]);
    expect(summary.commissions).toBe('112.50');
  });
});

describe('ledger movements are described for a person, in the document’s language (issue 13)', () => {
  // A released held amount of 40.00 and a pro-rata clawback: 120.00 paid, 309 of 365 days of the window missed →
  // fraction 309/365 = 0.8465753425 (ten digits as the ledger stores it), 120.00 × 0.8465753425 = 101.589… → 101.59.
  // Printed as a percentage with two decimals: 84.6575… → 84.66% ("84,66%" in Italian), never the raw factor.
  // Payable: 100.00 + 40.00 − 101.59 = 38.41.
  const st = statement('F1', [['activation', 'Attivazioni', '100.00']]);
  const zero = '0.00';
  const ps = {
    partnerId: 'F1', period: '2026-03', currency: 'EUR', runId: 'r1', lines: st.lines,
    earned: [{ unitId: 'u1', lineId: st.lines[0]!.id, component: 'activation', amount: '100.00', status: 'payable' as const, subject: null }],
    adjustments: [], held: [], lapsed: [],
    released: [{ entryId: 'e2', unitId: 'u5', lineId: null, originalPeriod: '2026-01', amount: '40.00', subject: 'C-5', event: null, explanation: 'Released: activated on 2026-03-02' }],
    reserve: { withheld: [], released: [], balance: zero },
    clawbacks: [{ entryId: 'e1', unitId: 'u0', lineId: null, originalPeriod: '2026-01', amount: '101.59', subject: 'C-9', event: null, explanation: 'Clawback: terminated', paidAmount: '120.00', mode: 'proRata' as const, fraction: '0.8465753425', windowStart: null }],
    advances: [],
    carryForward: { floorAtZero: true, broughtForward: zero, carriedForward: zero },
    totals: { earned: '100.00', adjustments: zero, earnedPayable: '100.00', adjustmentsPayable: zero, held: zero, released: '40.00', lapsed: zero, reserveWithheld: zero, reserveReleased: zero, clawbacks: '101.59', broughtForward: zero, beforeAdvance: '38.41', advanceRecovered: zero, advanceBalance: zero, beforeFloor: '38.41', carriedForward: zero, heldBalance: zero },
    payable: '38.41',
  };

  it('Italian: “Provvigione rilasciata …”, “Storno provvigione …, quota 84,66% di 120,00 €”', () => {
    const summary = summarizePeriodStatement(ps, { locale: 'it' });
    expect(summary.commissions).toBe('38.41');
    expect(summary.adjustments.map((l) => [l.label, l.amount])).toEqual([['Provvigione rilasciata C-5 (maturata nel periodo 2026-01)', '40.00']]);
    // euros in Italian: comma decimals, the sign after a (plain: core's formatter drops non-breaking) space
    expect(summary.clawbacks.map((l) => [l.label, l.amount])).toEqual([['Storno provvigione C-9 (periodo 2026-01), quota 84,66% di 120,00 €', '-101.59']]);
  });

  it('English: “Released commission …”, “Clawback of commission …, 84.66% of €120.00”; never the ledger’s explanation', () => {
    const summary = summarizePeriodStatement(ps, { locale: 'en' });
    expect(summary.adjustments.map((l) => l.label)).toEqual(['Released commission C-5 (earned in period 2026-01)']);
    expect(summary.clawbacks.map((l) => l.label)).toEqual(['Clawback of commission C-9 (period 2026-01), 84.66% of €120.00']);
    for (const locale of ['it', 'en'] as const) {
      const labels = JSON.stringify(summarizePeriodStatement(ps, { locale }));
      expect(labels).not.toMatch(/Released:|Clawback:|0\.8465753425/);
    }
  });
});

describe('a fiscal result the pack marks unusable is never invoiced (issue 13, guards)', () => {
  it('March 2027: no Enasarco row in the tables → the pack marks it not invoiceable, and the document is refused naming partner, period and table', () => {
    // it.enasarco.individual has rows for 2025 and 2026 only (README, Data tables): an agent's statement of 2027 has a
    // normal-looking net to pay but an error issue; building its invoice must fail, not print that net.
    const march2027 = { id: '2027-03', start: '2027-03-01', end: '2027-03-31' };
    const agent: Partner = { ...partner('F1'), fiscalProfile: 'it:agent-individual-mono' };
    const input = { partner: agent, period: march2027, currency: 'EUR', lines: [{ component: 'commission', amount: '1000.00' }] };
    // computeFiscal refuses it outright: { ok: false } with the error naming the table, and no totals at all
    const outcome = computeFiscal([itPack], input);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.issues.map((i) => i.message).join('; ')).toMatch(/it\.enasarco\.individual/);
    // a period run keeps the pack's own result (invoiceable: false): documents refuse to build from it
    const fiscal = itPack.compute(FiscalInputSchema.parse(input));
    expect(fiscal.invoiceable).toBe(false);
    const build = () => buildInvoiceDocumentOrThrow({ principal, partner: agent, period: march2027, statement: statement('F1', [['commission', 'Provvigioni', '1000.00']]), fiscal, number: 'FT-1', date: '2027-04-10', transmissionId: '00001' });
    expect(build).toThrow(DocumentError);
    expect(build).toThrow(/partner F1, period 2027-03: fiscal result has errors: .*it\.enasarco\.individual/);
  });
});

describe('occasional work', () => {
  it('is a pro-forma receipt: PDF with the 20% ritenuta, no FatturaPA', async () => {
    const { fiscal, doc } = invoiceWithPack('it:occasional', 'agent', [['activation', 'Segnalazioni', '1500.00']]);
    expect(fiscal.document.kind).toBe('receipt');
    expect(doc.receipt).toBe(true);
    expect(() => renderFatturaPA(doc)).toThrow(/receipt for occasional work: there is no FatturaPA/);
    const text = await pdfText(await renderInvoicePdf(doc));
    expect(text).toContain('Ricevuta pro-forma per prestazione occasionale');
    expect(text).not.toContain('Fattura emessa per conto');
    const netLine = text.split('\n').find((l) => l.trim().startsWith('Netto a pagare'));
    expect(netLine?.trim().split(/\s{2,}/).at(-1)).toBe(formatMoney(fiscal.totals.netToPay, 'EUR', 'it'));
  });
});
