import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMetric, parsePlan, PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { buildCalculationWorkbook } from '../src/index.js';
import type { CalculationWorkbook } from '../src/index.js';
import { baseName, cents, recalculate, workDir } from './recalc.js';
import { loadSample } from './sample.js';

// Random plans composed from core's metric library (random tiers, rates, caps, multipliers, bonuses and rounding
// mode), each partner's workbook recalculated by LibreOffice: every figure equals the engine's.
const sample = loadSample();
const contracts = sample.input.facts['contracts'] ?? [];
const categories = [...new Set(contracts.map((r) => r['category']).filter((v): v is string => typeof v === 'string'))].sort();
const territories = [...new Set(contracts.map((r) => r['territory']).filter((v): v is string => typeof v === 'string'))].sort();
const money = (n: number) => (n / 100).toFixed(2);

const planArb = fc.record({
  mode: fc.constantFrom('marginal' as const, 'retroactive' as const),
  froms: fc.uniqueArray(fc.integer({ min: 1, max: 25 }), { minLength: 2, maxLength: 2 }),
  tierRates: fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 3, maxLength: 3 }),
  rates: fc.array(fc.integer({ min: 0, max: 15000 }), { minLength: categories.length * territories.length, maxLength: categories.length * territories.length }),
  target: fc.integer({ min: 1, max: 40 }),
  multipliers: fc.array(fc.integer({ min: 50, max: 200 }), { minLength: 3, maxLength: 3 }),
  cap: fc.integer({ min: 0, max: 500000 }),
  floor: fc.integer({ min: 0, max: 20000 }),
  spifMin: fc.integer({ min: 1, max: 4 }),
  spifAmount: fc.integer({ min: 0, max: 100000 }),
  sla: fc.integer({ min: 0, max: 100 }),
  rounding: fc.constantFrom('halfUp' as const, 'halfEven' as const, 'down' as const, 'up' as const),
});

function buildPlan(p: {
  mode: 'marginal' | 'retroactive';
  froms: number[];
  tierRates: number[];
  rates: number[];
  target: number;
  multipliers: number[];
  cap: number;
  floor: number;
  spifMin: number;
  spifAmount: number;
  sla: number;
  rounding: 'halfUp' | 'halfEven' | 'down' | 'up';
}): Plan {
  let plan: Plan = PlanSchema.parse({
    id: 'random-plan',
    version: 1,
    name: 'Random plan',
    effectiveFrom: '2026-01-01',
    currency: 'EUR',
    rounding: { mode: p.rounding, scale: 2 },
    sheets: {},
    payouts: {},
  });
  const froms = [...p.froms].sort((a, b) => a - b);
  const steps: [string, Record<string, unknown>][] = [
    ['activations', {}],
    ['volume', { name: 'PowerVolume', commodityColumn: 'commodity', commodity: 'power' }],
    ['efficiencyShare', {}],
    ['targetAttainment', { targetValue: String(p.target) }],
    ['tierTable', { mode: p.mode, bands: [0, ...froms].map((f, i) => ({ from: String(f), rate: money(p.tierRates[i]!) })) }],
    [
      'rateByCategoryTerritory',
      { rows: categories.flatMap((c, i) => territories.map((t, j) => ({ category: c, territory: t, rate: money(p.rates[i * territories.length + j]!) }))) },
    ],
    ['slaCompliance', {}],
    ['kpiGate', { name: 'QualityGate', kpi: 'SlaCompliance', threshold: 'SlaThreshold', thresholdValue: (p.sla / 100).toFixed(2) }],
    ['kpiMultiplier', { applyTo: 'TierBonus', bands: [0, 1, 1.5].map((f, i) => ({ from: String(f), multiplier: (p.multipliers[i]! / 100).toFixed(2) })) }],
    ['firstTimeFix', {}],
    ['averageInterventionTime', {}],
    ['capFloor', { capValue: money(p.cap), floorValue: money(p.floor), payout: false }],
    ['spif', { minCount: p.spifMin, amount: money(p.spifAmount) }],
    ['gatedBonus', { gate: 'QualityGate', value: 'CappedBonus' }],
  ];
  for (const [id, params] of steps) {
    const r = applyMetric(plan, id, params);
    if (!r.ok) throw new Error(`${id}: ${JSON.stringify(r.issues)}`);
    plan = r.plan;
  }
  return plan;
}

describe('download my calculation, on random plans from the metric library', () => {
  it('recalculated by LibreOffice, every line and total equals the engine', async () => {
    // A case is a random plan and one partner (an agency, an agent or an installer: each reads other facts), so one
    // workbook: LibreOffice takes about 0.2 s a workbook once started (about 4 s, once for all), and 30 cases give 30
    // plans where 10 plans × 3 partners would give 10.
    const partners = ['agency', 'agent', 'installer'].map((k) => sample.input.partners.find((p) => p.kind === k)!);
    const cases = fc.sample(fc.record({ config: planArb, partner: fc.constantFrom(...partners) }), { numRuns: 30, seed: 20261127 });
    expect(new Set(cases.map((c) => c.partner.kind)).size).toBe(3);
    const built: { file: string; wb: CalculationWorkbook }[] = [];
    cases.forEach(({ config, partner }, n) => {
      const plan = buildPlan(config);
      const parsed = parsePlan(plan, { factSchema: sample.input.factSchema });
      expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
      const wb = buildCalculationWorkbook({ plan, partnerId: partner.id, input: sample.input });
      built.push({ file: join(workDir, `random${n}__${partner.id}.xlsx`), wb });
    });
    for (const b of built) writeFileSync(b.file, new Uint8Array(await b.wb.workbook.xlsx.writeBuffer()));
    const sheets = recalculate(built.map((b) => b.file));
    let nonZero = 0;
    for (const { file, wb } of built) {
      const rows = sheets.get(baseName(file))!;
      for (const check of wb.checks) {
        const line = wb.statement.lines.find((l) => l.id === check.lineId)!;
        expect(line.status, `${file} ${check.lineId}`).not.toBe('error');
        expect(cents(rows[check.row - 1]![3]!), `${file} ${check.lineId}`).toBe(check.amount);
        if (check.amount !== '0.00') nonZero += 1;
      }
    }
    expect(nonZero).toBeGreaterThan(20);
  }, 300_000);
});
