import { describe, expect, it } from 'vitest';
import {
  computeFiscal,
  computeFiscalOrThrow,
  PlanError,
  euVatPack,
  explainFiscalResult,
  fiscalLinesFromByComponent,
  fiscalLinesFromPeriodStatement,
  type PeriodStatement,
} from '../src/index.js';

const zeroTotals = {
  earned: '0.00', adjustments: '0.00', earnedPayable: '0.00', adjustmentsPayable: '0.00', held: '0.00', released: '0.00',
  lapsed: '0.00', reserveWithheld: '0.00', reserveReleased: '0.00', clawbacks: '0.00', broughtForward: '0.00',
  beforeAdvance: '0.00', advanceRecovered: '0.00', advanceBalance: '0.00', beforeFloor: '0.00', carriedForward: '0.00',
  heldBalance: '0.00',
};

describe('fiscal lines from statements', () => {
  it('a period statement becomes lines that add up to its payable', () => {
    const ps: PeriodStatement = {
      partnerId: 'P1', period: '2026-03', currency: 'EUR', runId: 'r1', lines: [],
      earned: [
        { unitId: 'u1', lineId: 'l1', component: 'commission', amount: '700.00', status: 'payable', subject: null },
        { unitId: 'u2', lineId: 'l2', component: 'bonus', amount: '100.00', status: 'payable', subject: null },
        { unitId: 'u3', lineId: 'l3', component: 'commission', amount: '300.00', status: 'payable', subject: null },
        { unitId: 'u4', lineId: 'l4', component: 'commission', amount: '999.00', status: 'held', subject: null },
        // An adjustment unit: counted once, through totals.adjustmentsPayable.
        { kind: 'adjustment', unitId: 'a1', lineId: 'l0', component: 'commission', amount: '-20.00', status: 'payable', subject: null },
      ],
      adjustments: [], held: [], released: [], lapsed: [],
      reserve: { withheld: [], released: [], balance: '0.00' },
      clawbacks: [], advances: [],
      carryForward: { floorAtZero: true, broughtForward: '0.00', carriedForward: '0.00' },
      totals: { ...zeroTotals, earnedPayable: '1100.00', adjustmentsPayable: '-20.00', clawbacks: '50.00', reserveWithheld: '110.00', advanceRecovered: '200.00' },
      payable: '720.00',
    };
    const lines = fiscalLinesFromPeriodStatement(ps);
    expect(lines).toEqual([
      { component: 'bonus', amount: '100.00' },
      { component: 'commission', amount: '1000.00' },
      { component: 'adjustment', amount: '-20.00' },
      { component: 'reserve_withheld', amount: '-110.00' },
      { component: 'clawback', amount: '-50.00' },
      { component: 'advance_recovery', amount: '-200.00' },
    ]);
    expect(lines.reduce((a, l) => a + Math.round(Number(l.amount) * 100), 0)).toBe(72000);
  });

  it('byComponent totals become sorted non-zero lines, each amount exactly as the statement wrote it', () => {
    // The statement writes amounts at its plan's scale; the fiscal lines must neither round nor pad them.
    expect(fiscalLinesFromByComponent({ z: '1.5', a: '0', b: '-2.00', k: '2.503', y: '7' })).toEqual([
      { component: 'b', amount: '-2.00' },
      { component: 'k', amount: '2.503' },
      { component: 'y', amount: '7' },
      { component: 'z', amount: '1.5' },
    ]);
  });
});

describe('computeFiscal at the boundary', () => {
  it('no currency is assumed: an input without one is { ok: false } with an error naming the field, and no totals', () => {
    const r = computeFiscal([euVatPack], {
      partner: { id: 'P8', name: 'x', kind: 'agent', territory: 't', fiscalProfile: 'eu-vat:standard' },
      period: { id: '2026-01', start: '2026-01-01', end: '2026-01-31' },
      lines: [{ component: 'commission', amount: '12.50' }],
    } as unknown as Parameters<typeof computeFiscal>[1]);
    expect(r).toEqual({ ok: false, issues: [expect.objectContaining({ severity: 'error', code: 'invalid_input', partnerId: 'P8', field: 'currency' })] });
    expect(() => computeFiscalOrThrow([euVatPack], { currency: 'EUR' } as unknown as Parameters<typeof computeFiscal>[1])).toThrow(PlanError);
  });

  it('taxes round to the currency’s minor unit: yen VAT in whole yen, dinar VAT in fils', () => {
    const vat = (currency: string, amount: string) =>
      computeFiscalOrThrow([euVatPack], {
        currency,
        partner: { id: 'P7', fiscalProfile: 'eu-vat:standard' },
        principal: { country: 'DE' },
        period: { id: '2026-01', start: '2026-01-01', end: '2026-01-31' },
        lines: [{ component: 'commission', amount }],
      }).items.find((i) => i.code === 'VAT')?.amount;
    // Germany's standard rate is 19%: 1001 × 19% = 190.19 → 190 yen (ISO 4217: JPY has no minor unit)
    expect(vat('JPY', '1001')).toBe('190');
    // 10.005 × 19% = 1.90095 → 1.901 dinar (KWD has three decimals)
    expect(vat('KWD', '10.005')).toBe('1.901');
  });

  it('invalid input is an error issue naming partner and field, never a throw', () => {
    const r = computeFiscal([euVatPack], {
      currency: 'EUR',
      partner: { id: 'P9', name: 'x', kind: 'agent', territory: 't', fiscalProfile: 'eu-vat:standard' },
      period: { id: '2026-01', start: '2026-01-01', end: '2026-01-31' },
      lines: [{ component: 'commission', amount: '12,50' }],
    });
    if (r.ok) throw new Error('expected { ok: false } for the amount "12,50"');
    expect(r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid_input', partnerId: 'P9', field: 'amount' })]);
    expect(r.issues[0]!.message).toMatch(/lines\.0\.amount/);
    expect(r).not.toHaveProperty('fiscal');
  });

  it('a missing fiscal profile is an error issue', () => {
    const r = computeFiscal([euVatPack], {
      currency: 'EUR',
      partner: { id: 'P9', name: 'x', kind: 'agent', territory: 't' },
      period: { id: '2026-01', start: '2026-01-01', end: '2026-01-31' },
      lines: [],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues[0]).toMatchObject({ code: 'missing_input', field: 'fiscalProfile' });
  });

  it('explains a whole result with the net-to-pay identity', () => {
    const r = computeFiscalOrThrow([euVatPack], {
      currency: 'EUR',
      partner: { id: 'P1', name: 'x', kind: 'agent', territory: 't', fiscalProfile: 'eu-vat:standard' },
      period: { id: '2026-01', start: '2026-01-01', end: '2026-01-31' },
      lines: [{ component: 'commission', amount: '100.00' }],
    });
    expect(explainFiscalResult(r, 'it')).toEqual([
      'IVA 22% su 100,00 € = 22,00 € (art. 96 Directive 2006/112/EC): aggiunto al totale documento.',
      'Netto a pagare = totale documento 122,00 € − ritenute 0,00 € = 122,00 €.',
    ]);
  });
});

describe('JSON Schemas for non-TypeScript callers', () => {
  it('describe input, result and tables', async () => {
    const { fiscalInputJsonSchema, fiscalResultJsonSchema, fiscalTablesJsonSchema } = await import('../src/index.js');
    const result = fiscalResultJsonSchema() as { type: string; required: string[] };
    expect(result.type).toBe('object');
    expect(result.required).toEqual(expect.arrayContaining(['items', 'invoiceLines', 'totals', 'ytdAfter', 'issues', 'trace']));
    expect((fiscalInputJsonSchema() as { required: string[] }).required).toEqual(expect.arrayContaining(['partner', 'period', 'lines']));
    expect((fiscalTablesJsonSchema() as { type: string }).type).toBe('object');
  });
});
