import { describe, expect, it } from 'vitest';
import { hyperFormulaEngine } from '../src/hyperformula/index.js';
import { evaluate } from '../src/index.js';
import { traceRef } from '../src/engine/lazyLines.js';
import * as tiny from './fixtures/tiny.js';

const c = (id: string, kWh: string) => ({ id, partnerId: 'P1', signedDate: '2026-10-10', category: 'LUCE_CASA', territory: 'Lombardia', kWh });

describe('the verify summary', () => {
  it('counts the lines where the formula engine disagrees, without building their traces', () => {
    // HyperFormula rounds the binary double of 1.005 down (1.00), the exact decimal half up (1.01): A and C disagree.
    const contracts = [c('A', '1.005'), c('B', '2.5'), c('C', '1.005')];
    const r = evaluate(
      { period: tiny.period, plans: [tiny.roundPlan], partners: tiny.partners, factSchema: tiny.factSchema, facts: { contracts } } as never,
      { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full', hashInputs: false, hashOutputs: false },
    );
    const lines = r.statements[0]!.lines;
    // Counted as the lines were made: every trace is still in its group.
    expect(lines.every((l) => traceRef(l) !== undefined)).toBe(true);
    expect(r.verify).toMatchObject({ lines: 3, mismatches: 2 });
    expect(lines.map((l) => l.trace.formulaValue)).toEqual(['1', null, '1']);
  });
});
