// Italian Excel writes a boolean cell as VERO or FALSO in a CSV export, and the Italian issue for a bad boolean asked
// for "vero o falso (true/false)" — yet "vero" itself was refused. The record check and the engine now read the same
// words (core's booleanOf): true, 1, yes, y, sì, si, vero; false, 0, no, n, falso; in any case, trimmed.
import { describe, expect, it } from 'vitest';
import { evaluate, validateFacts, type RunInput } from '../src/index.js';
import { hyperFormulaEngine } from '../src/hyperformula/index.js';
import * as tiny from './fixtures/tiny.js';

const contract = (id: string, ee: unknown) => ({ id, partnerId: 'P1', signedDate: '2026-10-03', category: 'LUCE_CASA', territory: 'Lombardia', kWh: 100, ee });

describe('boolean words', () => {
  it.each([
    ['VERO', true],
    [' Vero ', true],
    ['sì', true],
    ['FALSO', false],
    ['falso', false],
    ['No', false],
  ])('"%s" reads as %s: no issue, and the efficiency bonus is paid only when true', (word, meant) => {
    const facts = { contracts: [contract('C1', word)] };
    expect(validateFacts({ factSchema: tiny.factSchema as never, partners: tiny.partners as never, facts }).issues).toEqual([]);
    const run = evaluate({ period: tiny.period, plans: [tiny.plan], partners: tiny.partners as RunInput['partners'], factSchema: tiny.factSchema as never, facts } as RunInput);
    const bonus = run.statements.find((s) => s.partnerId === 'P1')!.lines.find((l) => l.payout === 'eeBonus');
    expect(run.counts.contracts).toMatchObject({ in: 1, used: 1, rejected: 0 });
    // P1's efficiency bonus is 25
    expect(bonus?.amount).toBe(meant ? '25.00' : '0.00');
  });

  it('HyperFormula, cross-checking every cell, reads "VERO" as the engine does', () => {
    const facts = { contracts: [contract('C1', 'VERO'), contract('C2', 'FALSO')] };
    const run = evaluate({ period: tiny.period, plans: [tiny.plan], partners: tiny.partners as RunInput['partners'], factSchema: tiny.factSchema as never, facts } as RunInput, {
      formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }),
      verify: 'full',
    });
    expect(run.issues.filter((i) => i.severity === 'error' || i.code === 'precision_mismatch')).toEqual([]);
    expect(run.statements.find((s) => s.partnerId === 'P1')!.lines.filter((l) => l.payout === 'eeBonus').map((l) => l.amount)).toEqual(['25.00', '0.00']);
  });

  it('a word that is neither is refused, in both languages', () => {
    const r = validateFacts({ factSchema: tiny.factSchema as never, partners: tiny.partners as never, facts: { contracts: [contract('C1', 'forse')] } });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.messages!.it).toContain('"forse" non è vero o falso (true/false)');
  });
});
