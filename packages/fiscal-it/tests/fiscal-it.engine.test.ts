/**
 * End to end with the real engine: evaluate a small plan, feed each statement's components to the Italian pack,
 * chain the year-to-date state over three months, and check the fiscal totals against the statements.
 */
import { describe, expect, it } from 'vitest';
import {
  computeFiscal,
  evaluate,
  fiscalLinesFromByComponent,
  parseFactSchema,
  type FactSchemaInput,
  type PartnerInput,
  type PlanInput,
  type YtdState,
} from '@provvigo/core';
import { itPack } from '../src/index.js';
import { month, toCents } from './helpers.js';

const factSchemaInput: FactSchemaInput = {
  tables: {
    contracts: {
      system: 'salesforce',
      key: 'id',
      partner: 'partnerId',
      date: 'signedDate',
      columns: { id: { type: 'text' }, partnerId: { type: 'text' }, signedDate: { type: 'date' }, kWh: { type: 'number' } },
    },
  },
};

const plan: PlanInput = {
  id: 'agents',
  version: 1,
  name: 'Agents',
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  parameters: { Rate: { type: 'number', value: '0.05' }, Bonus: { type: 'money', value: '100' } },
  sheets: {
    Lines: { kind: 'lines', source: 'contracts', columns: { Commission: { formula: '=[@kWh]*Rate', type: 'money' } } },
    Summary: { kind: 'summary', cells: { Activations: { formula: '=COUNT(Lines[Commission])' }, Award: { formula: '=IF(Activations>=2, Bonus, 0)', type: 'money' } } },
  },
  payouts: {
    commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' },
    bonus: { label: 'Bonus', sheet: 'Summary', cell: 'Award' },
  },
};

const partners: PartnerInput[] = [
  { id: 'A1', name: 'Mario Rossi', kind: 'agent', territory: 'RM', fiscalProfile: 'it:agent-individual-mono' },
  { id: 'A2', name: 'Forfettario Bianchi', kind: 'agent', territory: 'MI', fiscalProfile: 'it:agent-forfettario' },
  { id: 'I1', name: 'Impianti Srl', kind: 'installer', territory: 'TO', fiscalProfile: 'it:installer-srl' },
];

describe('fiscal items on evaluated statements', () => {
  it('three months, three profiles: identities hold against each statement and Enasarco accumulates', () => {
    const parsed = parseFactSchema(factSchemaInput);
    if (!parsed.ok) throw new Error('fact schema');
    const ytd = new Map<string, YtdState | null>();
    for (const m of [1, 2, 3]) {
      const period = month(2026, m);
      const day = `${period.id}-15`;
      const contracts = partners.flatMap((p, i) =>
        [1, 2].map((n) => ({ id: `${p.id}-${m}-${n}`, partnerId: p.id, signedDate: day, kWh: 1000 * (i + 1) + n * 37 })),
      );
      const run = evaluate({ period, plans: [plan as never], partners: partners as never, factSchema: parsed.factSchema, facts: { contracts } });
      expect(run.statements).toHaveLength(3);
      for (const st of run.statements) {
        const partner = partners.find((p) => p.id === st.partnerId)!;
        const outcome = computeFiscal([itPack], { partner, period, currency: st.currency, lines: fiscalLinesFromByComponent(st.byComponent), ytd: ytd.get(partner.id) ?? null });
        if (!outcome.ok) throw new Error(`partner ${partner.id}: ${outcome.issues.map((i) => i.message).join('; ')}`);
        const fiscal = outcome.fiscal;
        expect(fiscal.issues.filter((i) => i.severity === 'error')).toEqual([]);
        // The invoice's fees are the statement's total, exactly.
        expect(fiscal.totals.fees).toBe(st.total);
        const t = fiscal.totals;
        expect(toCents(t.netToPay)).toBe(toCents(st.total) + toCents(t.contributions) + toCents(t.vatTotal) + toCents(t.stampDutyCharged) - toCents(t.withholdingsTotal) - toCents(t.splitPaymentVat));
        ytd.set(partner.id, fiscal.ytdAfter);
      }
    }
    // The mono agent's Enasarco over the quarter is round(year base × 8.5%), and Q1 was settled in March.
    const a1 = ytd.get('A1')!;
    expect(a1.periods).toEqual(['2026-01', '2026-02', '2026-03']);
    const base = toCents(a1.values['enasarco.base']!);
    expect(toCents(a1.values['enasarco.agent']!)).toBe(Math.floor((base * 85 + 500) / 1000));
    expect(a1.values['enasarco.minimumSettledQuarter']).toBe('1');
    // The installer has no Enasarco and no ritenuta, only reverse-charge IVA shown to the principal.
    expect(Object.keys(ytd.get('I1')!.values).filter((k) => k.startsWith('enasarco'))).toEqual([]);
  });
});
