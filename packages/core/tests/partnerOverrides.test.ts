import { describe, expect, it } from 'vitest';
import { evaluate, type PlanInput } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A plan's per-partner overrides are looked up by partner id and parameter name, both the caller's: a partner called
 * `constructor` or `__proto__` has no override unless the plan writes one, whatever its parameters are called (a
 * plain `overrides[partnerId]?.[name]` read `Object.length`, 1, or `Object.prototype.toString` instead).
 */
describe('partner overrides', () => {
  const plan: PlanInput = {
    id: 'flat',
    version: 1,
    name: 'Flat',
    effectiveFrom: '2026-01-01',
    currency: 'EUR',
    parameters: { length: { type: 'number' as const, value: '7' }, toString: { type: 'money' as const, value: '3' } },
    overrides: { P1: { length: '9' } },
    sheets: { Summary: { kind: 'summary', cells: { Amount: { formula: '=length+toString', type: 'money' } } } },
    payouts: { amount: { label: 'Amount', sheet: 'Summary', cell: 'Amount' } },
  };
  const partner = (id: string) => ({ id, name: id, kind: 'agency' as const, territory: 'Lombardia' });

  it('gives partners named after Object members the plan values, and a real override to its partner', () => {
    const result = evaluate({
      period: tiny.period,
      plans: [plan],
      partners: [partner('constructor'), partner('__proto__'), partner('hasOwnProperty'), partner('P1'), partner('P2')],
      factSchema: tiny.factSchema,
      facts: { contracts: [] },
    } as never);
    const totals = Object.fromEntries(result.statements.map((s) => [s.partnerId, s.total]));
    expect(totals).toEqual({ constructor: '10.00', ['__proto__']: '10.00', hasOwnProperty: '10.00', P1: '12.00', P2: '10.00' });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
