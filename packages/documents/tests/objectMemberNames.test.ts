import { describe, expect, it } from 'vitest';
import { summarizePeriodStatement, summarizeStatement } from '../src/index.js';
import { statement } from './helpers.js';

/**
 * `payoutLabels` is keyed by the plan's payout names, and `toString`, `valueOf` or `constructor` are valid ones. A
 * payout the labels do not name keeps the label its lines carry: a plain `labels[payout]` found Object.prototype's
 * method instead, so `summarizeStatement` failed its own schema (a function is no label) and `summarizePeriodStatement`
 * handed the invoice a function as the group's label.
 */
const LABELS = { Commission: 'Provvigioni attivazioni' };

/** A statement whose lines pay the given payouts (all of component "commission"), one line each. */
function statementOf(payouts: readonly string[]) {
  const s = statement(
    'P1',
    payouts.map((_, i) => ['commission', `Riga ${i + 1}`, '10.00']),
  );
  return { ...s, lines: s.lines.map((l, i) => ({ ...l, payout: payouts[i]! })) };
}

describe('payout labels of the documents, whatever the payouts are called', () => {
  it('labels a payout named like an Object member with its lines’ label when payoutLabels does not name it', () => {
    const summary = summarizeStatement(statementOf(['Commission', 'toString', 'valueOf', 'constructor']), { payoutLabels: LABELS });
    expect(summary.components.map((c) => [c.label, c.amount])).toEqual([
      ['Provvigioni attivazioni', '10.00'],
      ['Riga 2', '10.00'],
      ['Riga 3', '10.00'],
      ['Riga 4', '10.00'],
    ]);
  });

  it('uses the label payoutLabels gives a payout named toString', () => {
    const summary = summarizeStatement(statementOf(['toString']), { payoutLabels: { toString: 'Bonus speciale' } });
    expect(summary.components.map((c) => c.label)).toEqual(['Bonus speciale']);
  });

  it('gives the period statement’s groups text labels, never a function', () => {
    const st = statementOf(['Commission', 'toString', 'hasOwnProperty']);
    const zero = '0.00';
    const ps = {
      partnerId: 'P1',
      period: '2026-03',
      currency: 'EUR',
      runId: 'r1',
      lines: st.lines,
      earned: st.lines.map((l, i) => ({ unitId: `u${i}`, lineId: l.id, component: 'commission', amount: '10.00', status: 'payable' as const, subject: null })),
      adjustments: [],
      held: [],
      released: [],
      lapsed: [],
      reserve: { withheld: [], released: [], balance: zero },
      clawbacks: [],
      advances: [],
      carryForward: { floorAtZero: true, broughtForward: zero, carriedForward: zero },
      totals: { earned: '30.00', adjustments: zero, earnedPayable: '30.00', adjustmentsPayable: zero, held: zero, released: zero, lapsed: zero, reserveWithheld: zero, reserveReleased: zero, clawbacks: zero, broughtForward: zero, beforeAdvance: '30.00', advanceRecovered: zero, advanceBalance: zero, beforeFloor: '30.00', carriedForward: zero, heldBalance: zero },
      payable: '30.00',
    };
    const summary = summarizePeriodStatement(ps, { payoutLabels: LABELS });
    expect(summary.components.map((c) => c.label)).toEqual(['Provvigioni attivazioni', 'Riga 2', 'Riga 3']);
  });
});
