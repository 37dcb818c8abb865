import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  computeFiscal,
  computeFiscalOrThrow,
  euVatPack,
  explainFiscalItem,
  FiscalResultSchema,
  resolveRow,
  FiscalTableError,
  type FiscalInputInput,
  type FiscalProfileId,
  type FiscalTables,
} from '../src/index.js';

const period = { id: '2026-03', start: '2026-03-01', end: '2026-03-31' };

function input(country: string, amounts: string[], extra: Partial<FiscalInputInput> = {}): FiscalInputInput {
  return {
    currency: 'EUR',
    partner: {
      id: 'P1',
      name: 'Partner',
      kind: 'agency',
      territory: 'X',
      fiscalProfile: 'eu-vat:standard',
      billing: { address: { country } },
    },
    period,
    lines: amounts.map((a, i) => ({ component: i === 0 ? 'commission' : 'bonus', amount: a })),
    ...extra,
  };
}

describe('effective-dated tables', () => {
  const tables: FiscalTables = {
    t: {
      id: 't',
      rows: [
        { validFrom: '2025-01-01', validTo: '2025-12-31', values: { r: '1' } },
        { validFrom: '2026-01-01', validTo: null, values: { r: '2' } },
      ],
    },
  };
  it('picks the row in force on the date, inclusive bounds', () => {
    expect(resolveRow(tables, 't', '2025-12-31').row.values['r']).toBe('1');
    expect(resolveRow(tables, 't', '2026-01-01').row.values['r']).toBe('2');
  });
  it('names the table and date when no row or several rows match', () => {
    expect(() => resolveRow(tables, 't', '2024-06-30')).toThrow(/"t" has no row in force on 2024-06-30/);
    const overlapping: FiscalTables = { t: { id: 't', rows: [tables['t']!.rows[0]!, { ...tables['t']!.rows[0]! }] } };
    expect(() => resolveRow(overlapping, 't', '2025-05-01')).toThrow(FiscalTableError);
    expect(() => resolveRow(tables, 'missing', '2025-05-01')).toThrow(/"missing" is missing/);
  });
});

describe('generic EU VAT pack', () => {
  it('charges the supplier country standard rate on a domestic supply', () => {
    const r = computeFiscalOrThrow([euVatPack], input('DE', ['1000.00', '234.56'], { principal: { country: 'DE' } }), undefined);
    expect(r.issues).toEqual([]);
    // 1234.56 × 19% = 234.5664 → 234.57
    expect(r.totals).toMatchObject({ taxable: '1234.56', vatTotal: '234.57', documentTotal: '1469.13', netToPay: '1469.13' });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]!.trace.rounding).toEqual([{ what: 'VAT', from: '234.5664', to: '234.57', mode: 'halfUp', scale: 2 }]);
    expect(explainFiscalItem(r.items[0]!, 'en')).toBe('VAT 19% on €1,234.56 = €234.57 (art. 96 Directive 2006/112/EC)');
    expect(explainFiscalItem(r.items[0]!, 'it')).toBe('IVA 19% su 1.234,56 € = 234,57 € (art. 96 Directive 2006/112/EC)');
    expect(FiscalResultSchema.safeParse(r).success).toBe(true);
  });

  it('applies reverse charge to a cross-border B2B supply', () => {
    const r = computeFiscalOrThrow([euVatPack], input('FR', ['500.00']), undefined);
    expect(r.totals.vatTotal).toBe('0.00');
    expect(r.totals.vatSummary).toEqual([
      { vatRatePercent: '0.00', natura: 'REVERSE_CHARGE', taxable: '500.00', vat: '0.00', legalReference: 'Reverse charge, art. 196 Directive 2006/112/EC' },
    ]);
    expect(r.totals.netToPay).toBe('500.00');
  });

  it('a next-year rate is a data change', () => {
    const tables: FiscalTables = {
      'eu.vat.standardRates': {
        id: 'eu.vat.standardRates',
        rows: [
          { validFrom: '2025-01-01', validTo: '2026-02-28', values: { IT: '22' } },
          { validFrom: '2026-03-01', validTo: null, values: { IT: '23' } },
        ],
      },
    };
    const r = computeFiscalOrThrow([euVatPack], input('IT', ['100.00']), tables);
    expect(r.totals.vatTotal).toBe('23.00');
    expect(r.trace.tables).toEqual([{ id: 'eu.vat.standardRates', validFrom: '2026-03-01', validTo: null }]);
  });

  it('reports a missing profile or pack as an error issue', () => {
    const noPack = computeFiscal([euVatPack], { ...input('IT', ['1.00']), partner: { ...input('IT', []).partner, fiscalProfile: 'xx:y' as FiscalProfileId } }); // an id no pack declares, as data read from a file can hold
    expect(noPack.ok).toBe(false);
    expect(!noPack.ok && noPack.issues[0]).toMatchObject({ severity: 'error', code: 'unknown_reference', partnerId: 'P1' });
  });

  it('net to pay = taxable + VAT, and the result is deterministic', () => {
    const cents = fc.integer({ min: -1_000_000, max: 10_000_000 }).map((c) => (c / 100).toFixed(2));
    fc.assert(
      fc.property(fc.array(cents, { minLength: 1, maxLength: 6 }), fc.constantFrom('IT', 'DE', 'FR'), (amounts, country) => {
        const a = computeFiscalOrThrow([euVatPack], input(country, amounts, { principal: { country: 'DE' } }));
        const b = computeFiscalOrThrow([euVatPack], input(country, amounts, { principal: { country: 'DE' } }));
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        const t = a.totals;
        const net = Math.round(Number(t.taxable) * 100) + Math.round(Number(t.vatTotal) * 100) - Math.round(Number(t.withholdingsTotal) * 100);
        expect(Math.round(Number(t.netToPay) * 100)).toBe(net);
      }),
      { seed: 1572085241, numRuns: 200 },
    );
  });
});
