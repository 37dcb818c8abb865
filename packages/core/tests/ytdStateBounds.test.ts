import { describe, expect, it } from 'vitest';
import {
  FiscalResultSchema,
  IsoDateSchema,
  YtdStateSchema,
  computeFiscal,
  computePeriodFiscal,
  euVatPack,
  fiscalInputJsonSchema,
  fiscalResultJsonSchema,
  type FiscalInputInput,
  type PeriodStatement,
} from '../src/index.js';

// A year-to-date state (an imported opening balance, a fiscal input's `ytd`, a settlement) took any integer year —
// 0, -1, a typo such as 20260, one beyond 32 bits that then failed in the store's integer column — and a value named
// "", none a pack could have written. Its year now has the bounds of the years of core's calendar dates, and a value
// name must not be empty; the values themselves are untouched (a negative year to date can be legitimate).

const TOTALS = ['earned', 'adjustments', 'earnedPayable', 'adjustmentsPayable', 'held', 'released', 'lapsed', 'reserveWithheld', 'reserveReleased', 'clawbacks', 'broughtForward', 'beforeAdvance', 'advanceRecovered', 'advanceBalance', 'beforeFloor', 'carriedForward', 'heldBalance'];
const state = (extra: Record<string, unknown> = {}) => ({ partnerId: 'P1', year: 2026, values: { 'enasarco.base': '1200.00' }, ...extra });

/** [path, message] of each issue of parsing `input`, or 'ok'. */
function issues(input: unknown): Array<[PropertyKey[], string]> | 'ok' {
  const r = YtdStateSchema.safeParse(input);
  return r.success ? 'ok' : r.error.issues.map((i) => [i.path, i.message]);
}

describe('a year-to-date state', () => {
  it.each([-1, 0, 99, 10_000, 20_260, 2 ** 31])('refuses the year %d, naming the field', (year) => {
    expect(issues(state({ year }))).toEqual([[['year'], 'must be a calendar year from 100 to 9999']]);
  });

  it('takes the years of the dates core accepts, and only those', () => {
    for (const year of [99, 100, 1999, 2026, 9999]) {
      const date = `${String(year).padStart(4, '0')}-01-01`;
      expect(issues(state({ year })) === 'ok', `year ${year}`).toBe(IsoDateSchema.safeParse(date).success);
    }
    expect(issues(state({ year: 2026 }))).toBe('ok');
  });

  it('refuses a value with an empty name, naming it', () => {
    expect(issues(state({ values: { '': '10.00', 'enasarco.base': '1.00' } }))).toEqual([[['values', ''], 'a value name must not be empty']]);
  });

  it('keeps negative and zero values and a state without values', () => {
    expect(YtdStateSchema.parse(state({ values: { 'enasarco.base': '-250.00', 'firr.base': '0' } })).values).toEqual({ 'enasarco.base': '-250.00', 'firr.base': '0' });
    expect(YtdStateSchema.parse({ partnerId: 'P1', year: 2026 })).toEqual({ partnerId: 'P1', year: 2026, values: {}, periods: [] });
  });
});

describe('a fiscal input and result', () => {
  const input = (ytd: unknown): FiscalInputInput =>
    ({
      currency: 'EUR',
      partner: { id: 'P1', fiscalProfile: 'eu-vat:standard' },
      period: { id: '2026-01', start: '2026-01-01', end: '2026-01-31' },
      lines: [{ component: 'commission', amount: '100.00' }],
      ytd,
    }) as FiscalInputInput;

  it('a year to date of another era never reaches a pack: an error issue naming the field', () => {
    const r = computeFiscal([euVatPack], input(state({ year: 20_260 })));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid_input', partnerId: 'P1', field: 'year' })]);
    expect(computeFiscal([euVatPack], input(state())).ok).toBe(true);
  });

  it('the result of an input that fails its schema still reads back (its state is of year 0: no year)', () => {
    // what a period run stores for a partner whose fiscal input fails (here its year to date), and the store reads back
    const period = { id: '2026-01', start: '2026-01-01', end: '2026-01-31' };
    const totals = Object.fromEntries(TOTALS.map((k) => [k, '0.00']));
    const statement = { partnerId: 'P1', period: period.id, currency: 'EUR', runId: 'r1', lines: [], earned: [], adjustments: [], totals, payable: '0.00' } as unknown as PeriodStatement;
    const [result] = computePeriodFiscal(
      { packs: [euVatPack] },
      { period, statements: [statement], partners: [{ id: 'P1', name: 'P1', kind: 'agent', territory: 't', fiscalProfile: 'eu-vat:standard' }] as never, ytd: new Map([['P1', state({ year: -1 }) as never]]) },
    );
    expect(result!.issues).toEqual([expect.objectContaining({ code: 'invalid_input', field: 'year' })]);
    expect(result!.ytdAfter.year).toBe(0);
    expect(FiscalResultSchema.safeParse(result).success).toBe(true);
  });

  it('the published JSON Schemas carry the bounds', () => {
    type Json = { properties: Record<string, Json>; anyOf?: Json[]; propertyNames?: Json; minimum?: number; maximum?: number; minLength?: number; const?: unknown };
    const ytd = (fiscalInputJsonSchema() as unknown as Json).properties.ytd!.anyOf!.find((o) => o.properties)!;
    expect(ytd.properties.year).toMatchObject({ type: 'integer', minimum: 100, maximum: 9999 });
    expect(ytd.properties.values!.propertyNames).toMatchObject({ minLength: 1 });
    const after = (fiscalResultJsonSchema() as unknown as Json).properties.ytdAfter!;
    expect(after.properties.year!.anyOf).toEqual([expect.objectContaining({ minimum: 100, maximum: 9999 }), expect.objectContaining({ const: 0 })]);
  });
});
