import { describe, expect, it } from 'vitest';
import { evaluate, explain, explanationLabels, explanationSteps, humanizeName, missingLabels, parseFactSchema, PlanSchema, type PlanInput } from '../src/index.js';

/**
 * Explanations in the reader's words (issue 11 §5): the plan's labels instead of sheet, cell, table and fact names,
 * function names in the reader's language, the branch of each IF taken, numbers and percentages in the locale. Every
 * expected sentence below is written by hand from the plan and the two contracts (not copied from the output):
 * 1000 kWh × 0,012 = 12 and 2000 kWh × 0,012 = 24; 2 contracts reach the target of 2; (12 + 24) × 8,5 % = 3,06.
 */
const factSchema = (() => {
  const r = parseFactSchema({
    tables: {
      contracts: {
        label: { it: 'Contratti', en: 'Contracts' },
        system: 'crm',
        key: 'id',
        partner: 'partnerId',
        date: 'signedDate',
        columns: {
          id: { type: 'text' },
          partnerId: { type: 'text' },
          signedDate: { type: 'date' },
          category: { type: 'text', label: { it: 'Categoria', en: 'Category' } },
          kWh: { type: 'number', label: { it: 'Consumo annuo', en: 'Annual use' } },
        },
      },
    },
  });
  if (!r.ok) throw new Error('bad fixture');
  return r.factSchema;
})();

const input: PlanInput = {
  id: 'words',
  version: 2,
  name: { it: 'Piano agenti', en: 'Agents plan' },
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  parameters: {
    BonusShare: { type: 'percent', value: '0.085', label: { it: 'Quota bonus', en: 'Bonus share' } },
    // no Italian label: the Italian reader sees the English one, and the builder warns
    Target: { type: 'integer', value: '2', label: { en: 'Contracts target' } },
  },
  tables: {
    Rates: { kind: 'lookup', label: { it: 'Tariffe per categoria', en: 'Rates by category' }, keys: ['category'], columns: { category: { type: 'text' }, Rate: { type: 'number' } }, rows: [{ category: 'LUCE', Rate: '0.012' }] },
  },
  sheets: {
    Lines: {
      kind: 'lines',
      label: { it: 'Contratti firmati', en: 'Signed contracts' },
      source: 'contracts',
      columns: {
        Rate: { formula: '=RATE(Rates[Rate], [@category])', label: { it: 'Tariffa', en: 'Rate' } },
        Commission: { formula: '=[@kWh]*[@Rate]', type: 'money', label: { it: 'Provvigione', en: 'Commission' } },
      },
    },
    Summary: {
      kind: 'summary',
      cells: {
        // no label at all: both languages see the name made readable
        ValidCount: { formula: '=COUNT(Lines[Commission])', role: 'kpi' },
        Reached: { formula: '=ValidCount>=Target', role: 'gate', label: { it: 'Obiettivo raggiunto', en: 'Target reached' } },
        Bonus: { formula: '=IF(Reached, ROUND(SUM(Lines[Commission])*BonusShare, 2), 0)', type: 'money', role: 'bonus', label: { it: 'Bonus volumi', en: 'Volume bonus' } },
      },
    },
  },
  payouts: {
    commission: { label: { it: 'Provvigioni', en: 'Commissions' }, sheet: 'Lines', column: 'Commission' },
    bonus: { label: { it: 'Bonus', en: 'Bonus' }, sheet: 'Summary', cell: 'Bonus' },
  },
};
const plan = PlanSchema.parse(input);
const contracts = [
  { id: 'C1', partnerId: 'P1', signedDate: '2026-10-03', category: 'LUCE', kWh: 1000 },
  { id: 'C2', partnerId: 'P1', signedDate: '2026-10-04', category: 'LUCE', kWh: 2000 },
];
const result = evaluate({ period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' }, plans: [plan], partners: [{ id: 'P1', name: 'Agente Uno', kind: 'agent', territory: 'Lombardia' }], factSchema, facts: { contracts } } as never);
const lines = result.statements[0]!.lines;
const commission = lines.find((l) => l.id === 'words:commission:C1')!;
const bonus = lines.find((l) => l.payout === 'bonus')!;
const labels = explanationLabels(plan, factSchema);

describe('explanations in the reader\'s words', () => {
  it('a line payout in Italian: labels, the table\'s label, the source record by its table\'s label, the plan\'s name', () => {
    expect(explain(commission, 'it', labels).split('\n')).toEqual([
      'Tariffa = Tariffe per categoria (LUCE) 0,012 = 0,012',
      '  riga di Tariffe per categoria per LUCE',
      'Provvigione = Consumo annuo 1.000 × Tariffa 0,012 = 12,00 €',
      'Arrotondamento: 12 → 12,00 (metà per eccesso, 2 decimali)',
      'Record di origine: Contratti C1 (crm)',
      `Piano Piano agenti versione 2 (${commission.trace.plan.hash.slice(0, 12)})`,
    ]);
  });

  it('the same line in English', () => {
    expect(explain(commission, 'en', labels).split('\n')).toEqual([
      'Rate = Rates by category (LUCE) 0.012 = 0.012',
      '  row of Rates by category for LUCE',
      'Commission = Annual use 1,000 × Rate 0.012 = €12.00',
      'Rounding: 12 → 12.00 (half up, 2 decimals)',
      'Source record: Contracts C1 (crm)',
      `Plan Agents plan version 2 (${commission.trace.plan.hash.slice(0, 12)})`,
    ]);
  });

  it('a summary payout in Italian: SE, ARROTONDA, SOMMA, the branch taken, 8,5 %, a missing label\'s fallbacks', () => {
    expect(explain(bonus, 'it', labels).split('\n').slice(0, 5)).toEqual([
      'Valid count = CONTA.NUMERI(Contratti firmati: Provvigione) = 2',
      'Obiettivo raggiunto = Valid count 2 ≥ Contracts target 2 = VERO',
      '  Condizione Obiettivo raggiunto: superata',
      'Bonus volumi = SE(Obiettivo raggiunto VERO; ARROTONDA(SOMMA(Contratti firmati: Provvigione) × Quota bonus 8,5 %; 2); 0) = 3,06 €',
      '  SE: condizione vera, si applica il ramo «se vero»',
    ]);
  });

  it('the same summary payout in English', () => {
    expect(explain(bonus, 'en', labels).split('\n').slice(0, 5)).toEqual([
      'Valid count = COUNT(Signed contracts: Commission) = 2',
      'Target reached = Valid count 2 ≥ Contracts target 2 = TRUE',
      '  Gate Target reached: passed',
      'Volume bonus = IF(Target reached TRUE, ROUND(SUM(Signed contracts: Commission) × Bonus share 8.5%, 2), 0) = €3.06',
      '  IF: the condition is true, the "if true" branch applies',
    ]);
  });

  it('without labels: the trace\'s labels (the partner\'s language, here Italian) and technical names; the steps keep the formula for auditors', () => {
    // why the labels of the run's plan version are needed: an English reader of an Italian partner's line
    expect(explain(commission, 'en').split('\n')[2]).toBe('Provvigione = kWh 1,000 × Tariffa 0.012 = €12.00');
    const steps = explanationSteps(bonus.trace, 'it', bonus.currency, labels);
    expect(steps.map((s) => [s.label, s.formula])).toEqual([
      ['Valid count', '=COUNT(Lines[Commission])'],
      ['Obiettivo raggiunto', '=ValidCount>=Target'],
      ['Bonus volumi', '=IF(Reached, ROUND(SUM(Lines[Commission])*BonusShare, 2), 0)'],
    ]);
  });

  it('a repeating share is shown rounded and marked: 2/3 → ≈ 66,67 %', () => {
    const third = { ...bonus.trace, cells: [{ sheet: 'Summary', name: 'Share', formula: '=BonusShare', inputs: [{ name: 'BonusShare', kind: 'parameter' as const, value: '0.6666666666666666666666666666666666666667' }], value: '0.6666666666666666666666666666666666666667' }], amount: '' };
    expect(explanationSteps(third, 'it', 'EUR', labels)[0]!.sentence).toBe('Quota bonus ≈ 66,67 %');
    expect(explanationSteps(third, 'en', 'EUR', labels)[0]!.sentence).toBe('Bonus share ≈ 66.67%');
  });
});

describe('missing labels', () => {
  it('are warnings naming the field, in Italian and English, with what explanations show instead', () => {
    const warnings = missingLabels(plan, factSchema);
    expect(warnings.map((w) => [w.code, w.severity, w.path.join('.'), w.messages?.it, w.messages?.en])).toEqual([
      ['missing_label', 'warning', 'parameters.Target.label', '"Target" non ha un\'etichetta in italiano: le spiegazioni mostrano "Contracts target"', '"Target" has no label in Italian: explanations show "Contracts target"'],
      ['missing_label', 'warning', 'sheets.Summary.label', '"Summary" non ha un\'etichetta in italiano e inglese: le spiegazioni mostrano "Summary"', '"Summary" has no label in Italian and English: explanations show "Summary"'],
      ['missing_label', 'warning', 'sheets.Summary.cells.ValidCount.label', '"ValidCount" non ha un\'etichetta in italiano e inglese: le spiegazioni mostrano "Valid count"', '"ValidCount" has no label in Italian and English: explanations show "Valid count"'],
    ]);
  });

  it('a fully labelled plan has none', () => {
    const labelled = PlanSchema.parse({ ...input, parameters: { ...input.parameters, Target: { ...input.parameters!.Target!, label: { it: 'Obiettivo', en: 'Target' } } }, sheets: { ...input.sheets, Summary: { ...input.sheets.Summary!, label: 'KPI', cells: { ...(input.sheets.Summary as { cells: Record<string, object> }).cells, ValidCount: { formula: '=COUNT(Lines[Commission])', label: { it: 'Validi', en: 'Valid' } } } } } });
    expect(missingLabels(labelled, factSchema)).toEqual([]);
  });

  it('names are made readable as a last resort', () => {
    expect(['ContractBonusAmount', 'annual_kwh', 'SLAHours', 'Rate'].map(humanizeName)).toEqual(['Contract bonus amount', 'Annual kwh', 'SLA hours', 'Rate']);
  });
});
