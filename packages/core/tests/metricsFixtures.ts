import { PlanSchema } from '../src/schema/plan.js';
import type { Plan } from '../src/schema/plan.js';

/** Fact columns of the sample utility used by the metric examples. */
export const FACT_COLUMNS: Record<string, string[]> = {
  contracts: ['id', 'partnerId', 'signedDate', 'product', 'category', 'commodity', 'territory', 'annualKwh', 'annualSmc', 'offer', 'energyEfficiency', 'customerType', 'channel', 'confirmationCall', 'qualityOk'],
  serviceEvents: ['id', 'subject', 'partnerId', 'type', 'date'],
  interventions: ['id', 'partnerId', 'kind', 'territory', 'status', 'opened', 'closed', 'slaHours', 'hoursToClose', 'firstTimeFix', 'rating'],
};

export function emptyPlan(): Plan {
  return PlanSchema.parse({
    id: 'test-plan',
    version: 1,
    name: { it: 'Piano di prova', en: 'Test plan' },
    effectiveFrom: '2026-01-01',
    currency: 'EUR',
    sheets: {},
    payouts: {},
  });
}

/** Library examples in an order where each one's inputs already exist. */
export const EXAMPLE_ORDER = [
  'activations',
  'volume',
  'efficiencyShare',
  'targetAttainment',
  'tierTable',
  'rateByCategoryTerritory',
  'slaCompliance',
  'kpiGate',
  'kpiMultiplier',
  'firstTimeFix',
  'averageInterventionTime',
  'capFloor',
  'spif',
  'contractBonus',
  'gatedBonus',
];
