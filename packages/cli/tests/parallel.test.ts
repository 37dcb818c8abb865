import { describe, expect, it } from 'vitest';
import { evaluate, parseFactSchema, statementJson } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { evaluateParallel } from '@provvigo/pool';
import * as tiny from '../../core/tests/fixtures/tiny.js';

describe('evaluateParallel', () => {
  it('gives byte-identical results to a single-threaded run', async () => {
    const fs = parseFactSchema(tiny.factSchema);
    if (!fs.ok) throw new Error('bad fixture');
    const partners = Array.from({ length: 9 }, (_, i) => ({ id: `P${i + 1}`, name: `Partner ${i + 1}`, kind: 'agency' as const, territory: i % 2 ? 'Lazio' : 'Lombardia' }));
    const contracts = Array.from({ length: 120 }, (_, i) => ({
      id: `C${i}`,
      partnerId: i % 17 === 0 ? 'UNKNOWN' : `P${(i % 9) + 1}`,
      signedDate: `2026-10-${String((i % 28) + 1).padStart(2, '0')}`,
      category: i % 5 === 0 ? 'GAS_CASA' : 'LUCE_CASA',
      territory: i % 3 === 0 ? 'Lazio' : 'Lombardia',
      kWh: (i * 37.5).toFixed(1),
      ee: i % 4 === 0,
    }));
    const input = { period: tiny.period, plans: [tiny.plan as never], partners: partners as never, factSchema: fs.factSchema, facts: { contracts } };
    const single = evaluate(input, { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full' });
    const parallel = await evaluateParallel(input, { verify: 'full' }, { workers: 3, collect: true, licenseKey: 'gpl-v3' });
    expect(parallel.summary.outputHash).toBe(single.outputHash);
    expect(parallel.summary.inputHash).toBe(single.inputHash);
    expect(parallel.summary.counts).toEqual(single.counts);
    expect(parallel.summary.totals).toEqual(single.totals);
    expect(parallel.summary.issues).toEqual(single.issues);
    expect(parallel.summary.verify).toEqual(single.verify);
    expect(parallel.statements).toEqual(single.statements.map((s) => statementJson(s)));
  });
});
