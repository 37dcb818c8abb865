import { describe, expect, it } from 'vitest';
import {
  applyMetric,
  getMetric,
  listMetricInstances,
  METRICS,
  removeMetric,
  updateMetric,
} from '../src/metrics/index.js';
import { checkReferences } from '../src/planOps/index.js';
import { PlanSchema } from '../src/schema/plan.js';
import type { Plan } from '../src/schema/plan.js';
import { EXAMPLE_ORDER, emptyPlan, FACT_COLUMNS } from './metricsFixtures.js';

function ok(r: { ok: true; plan: Plan } | { ok: false; issues: unknown[] }): Plan {
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.plan;
}

function allExamples(): Plan {
  let plan = emptyPlan();
  for (const id of EXAMPLE_ORDER) plan = ok(applyMetric(plan, id, getMetric(id)!.example));
  return plan;
}

describe('metric library', () => {
  it('has at least 12 metrics with unique ids, bilingual labels and help, and valid examples', () => {
    expect(METRICS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(METRICS.map((m) => m.id)).size).toBe(METRICS.length);
    for (const m of METRICS) {
      for (const t of [m.label, m.help]) {
        expect(t.it.length).toBeGreaterThan(3);
        expect(t.en.length).toBeGreaterThan(3);
      }
      expect(m.params.safeParse(m.example).success, m.id).toBe(true);
      expect(m.params.safeParse({}).success, `${m.id} has defaults`).toBe(true);
    }
    expect(EXAMPLE_ORDER.slice().sort()).toEqual(METRICS.map((m) => m.id).sort());
  });

  it('every example expands into a schema-valid plan whose references all resolve', () => {
    const plan = allExamples();
    expect(PlanSchema.safeParse(plan).success).toBe(true);
    expect(checkReferences(plan, FACT_COLUMNS)).toEqual([]);
    expect(Object.keys(plan.sheets)).toEqual(['Events', 'Summary', 'Contracts', 'Interventions']);
  });

  it('expands to the formulas the engine reads', () => {
    const plan = allExamples();
    const summary = plan.sheets['Summary'];
    const contracts = plan.sheets['Contracts'];
    if (summary?.kind !== 'summary' || contracts?.kind !== 'lines') throw new Error('sheets');
    expect(contracts.source).toBe('contracts');
    const events = plan.sheets['Events'];
    expect(events?.kind === 'lines' && events.columns['Activations_n']?.formula).toBe('=IF([@type]="activated",1,0)');
    expect(summary.cells['Activations']?.formula).toBe('=SUM(Events[Activations_n])');
    expect(contracts.columns['PowerVolume_q']?.formula).toBe('=IF([@commodity]="power",[@annualKwh],0)');
    expect(summary.cells['Attainment']?.formula).toBe('=IFERROR(Activations/Target,0)');
    expect(summary.cells['TierBonus']?.formula).toBe('=TIER.AMOUNT(Tiers,Activations)');
    expect(plan.tables['Tiers']).toMatchObject({ kind: 'tier', mode: 'retroactive' });
    expect(contracts.columns['Commission']?.formula).toBe('=RATE(Rates[Rate],[@category],[@territory])');
    expect(plan.tables['Rates']).toMatchObject({ kind: 'lookup', keys: ['category', 'territory'] });
    expect(summary.cells['QualityGate']).toMatchObject({ formula: '=SlaCompliance>=SlaThreshold', role: 'gate', type: 'boolean' });
    expect(summary.cells['Multiplier']?.formula).toBe('=TIER.RATE(MultiplierBands,Attainment)');
    expect(summary.cells['MultiplierAmount']?.formula).toBe('=TierBonus*Multiplier');
    expect(summary.cells['CappedBonus']?.formula).toBe('=MIN(MAX(TierBonus,Floor),Cap)');
    expect(summary.cells['GreenSpif']?.formula).toBe('=IF(SUM(Contracts[GreenSpif_n])>=GreenSpifMin,GreenSpifAmount,0)');
    expect(summary.cells['GatedBonus']?.formula).toBe('=IF(QualityGate,CappedBonus,0)');
    expect(contracts.columns['EMobilityBonus']).toMatchObject({ formula: '=IF(AND([@category]="EMOBILITY",DAY([@signedDate])>=10,DAY([@signedDate])<=20),EMobilityBonusAmount,0)', type: 'money' });
    expect(plan.parameters?.['EMobilityBonusAmount']).toMatchObject({ type: 'money', value: '50' });
    expect(plan.payouts['TierBonus']).toEqual({ label: { it: 'Tabella a scaglioni', en: 'Tier table' }, sheet: 'Summary', cell: 'TierBonus', component: 'bonus' });
    expect(plan.payouts['Commission']).toMatchObject({ sheet: 'Contracts', column: 'Commission', component: 'commission' });
    expect(plan.payouts['MultiplierAmount']).toBeUndefined();
  });

  it('escapes quotes in text parameters', () => {
    const plan = ok(applyMetric(emptyPlan(), 'activations', { activeValue: 'say "on"' }));
    const s = plan.sheets['Events'];
    expect(s?.kind === 'lines' && s.columns['Activations_n']?.formula).toBe('=IF([@type]="say ""on""",1,0)');
  });

  it('collapses every placed metric back to its parameters', () => {
    const plan = allExamples();
    const instances = listMetricInstances(plan);
    expect(instances.map((i) => i.metricId)).toEqual(
      expect.arrayContaining(EXAMPLE_ORDER),
    );
    expect(instances).toHaveLength(EXAMPLE_ORDER.length);
    for (const inst of instances) {
      const def = getMetric(inst.metricId)!;
      expect(inst.detached, inst.instance).toBe(false);
      expect(inst.params).toEqual(def.params.parse(def.example));
    }
  });

  it('marks a metric detached once its formula is edited by hand', () => {
    let plan = ok(applyMetric(emptyPlan(), 'activations', {}));
    const s = plan.sheets['Summary'];
    if (s?.kind !== 'summary') throw new Error('summary');
    plan = { ...plan, sheets: { ...plan.sheets, Summary: { ...s, cells: { ...s.cells, Activations: { ...s.cells['Activations']!, formula: '=1' } } } } };
    expect(listMetricInstances(plan)[0]?.detached).toBe(true);
  });

  it('refuses a metric whose names clash with existing nodes', () => {
    const plan = ok(applyMetric(emptyPlan(), 'activations', {}));
    const r = applyMetric(plan, 'activations', {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.path).toEqual(['params', 'name']);
    const bad = applyMetric(plan, 'tierTable', { bands: [] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues[0]?.path).toEqual(['params', 'bands']);
    expect(applyMetric(plan, 'nope', {}).ok).toBe(false);
  });

  it('updates a metric in place, keeping positions, and re-collapses to the new parameters', () => {
    let plan = allExamples();
    const before = Object.keys((plan.sheets['Summary'] as { cells: object }).cells);
    plan = ok(updateMetric(plan, 'TierBonus', { ...(getMetric('tierTable')!.example as object), mode: 'marginal', bands: [{ from: '0', rate: '5' }] }));
    expect(Object.keys((plan.sheets['Summary'] as { cells: object }).cells)).toEqual(before);
    expect(plan.tables['Tiers']).toMatchObject({ mode: 'marginal', bands: [{ from: '0', rate: '5' }] });
    const inst = listMetricInstances(plan).find((i) => i.instance === 'TierBonus')!;
    expect(inst.params['mode']).toBe('marginal');
    expect(inst.detached).toBe(false);
    expect(checkReferences(plan, FACT_COLUMNS)).toEqual([]);
  });

  it('removes a metric only when nothing else uses it', () => {
    const plan = allExamples();
    const refused = removeMetric(plan, 'TierBonus');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.issues.map((i) => i.path.join('.'))).toContain('sheets.Summary.cells.MultiplierAmount.formula');
    const removed = ok(removeMetric(plan, 'GatedBonus'));
    expect(listMetricInstances(removed).map((i) => i.instance)).not.toContain('GatedBonus');
    expect(removed.payouts['GatedBonus']).toBeUndefined();
    expect(checkReferences(removed, FACT_COLUMNS)).toEqual([]);
  });
});

describe('metric library against the engine', () => {
  it('a plan of every example passes core parsePlan with the sample fact schema', async () => {
    const { parsePlan } = await import('../src/plan/parsePlan.js');
    const { readFileSync } = await import('node:fs');
    const factSchema = JSON.parse(readFileSync(new URL('../../../examples/utility/factSchema.json', import.meta.url), 'utf8'));
    const r = parsePlan(allExamples(), { factSchema });
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
  });
});

describe('metric parameter fields', () => {
  it('derives form fields from each metric schema', async () => {
    const { metricFields } = await import('../src/metrics/index.js');
    const tier = metricFields(getMetric('tierTable')!);
    expect(tier.find((f) => f.name === 'mode')).toMatchObject({ kind: 'enum', options: ['marginal', 'retroactive'] });
    expect(tier.find((f) => f.name === 'payout')).toMatchObject({ kind: 'boolean' });
    expect(tier.find((f) => f.name === 'bands')).toMatchObject({ kind: 'json' });
    expect(tier.find((f) => f.name === 'quantity')).toMatchObject({ kind: 'text', ref: 'cell' });
    expect(metricFields(getMetric('spif')!).find((f) => f.name === 'minCount')).toMatchObject({ kind: 'integer' });
    for (const m of METRICS) expect(metricFields(m).map((f) => f.name)).toContain('name');
  });
});
