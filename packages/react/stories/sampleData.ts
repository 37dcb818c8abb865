import { FactSchemaSchema, PartnerSchema, PlanSchema } from '@provvigo/core';
import type { Partner, Period, Plan, RunInput } from '@provvigo/core';
// The embedded sample utility (examples/utility, small fixtures): the stories show the components on its data.
import factSchemaJson from '../../../examples/utility/factSchema.json';
import partnersJson from '../../../examples/utility/fixtures/small/partners.json';
import periodJson from '../../../examples/utility/fixtures/small/period.json';
import contracts from '../../../examples/utility/fixtures/small/facts/contracts.json';
import serviceEvents from '../../../examples/utility/fixtures/small/facts/serviceEvents.json';
import interventions from '../../../examples/utility/fixtures/small/facts/interventions.json';
import agencyAgents from '../../../examples/utility/plans/agency-agents.json';
import outbound from '../../../examples/utility/plans/outbound.json';
import fieldService from '../../../examples/utility/plans/field-service.json';

export const factSchema = FactSchemaSchema.parse(factSchemaJson);
export const partners: Partner[] = (partnersJson as unknown[]).map((p) => PartnerSchema.parse(p));
export const period = periodJson as Period;
export const facts: RunInput['facts'] = { contracts, serviceEvents, interventions } as RunInput['facts'];
export const sampleInput: Omit<RunInput, 'plans'> = { period, partners, factSchema, facts };
export const plans: Record<string, Plan> = {
  'agency-agents': PlanSchema.parse(agencyAgents),
  outbound: PlanSchema.parse(outbound),
  'field-service': PlanSchema.parse(fieldService),
};

/** An empty plan: drop a metric to start. */
export const emptyPlan: Plan = PlanSchema.parse({
  id: 'new-plan',
  version: 1,
  name: { it: 'Nuovo piano', en: 'New plan' },
  effectiveFrom: '2026-01-01',
  currency: 'EUR',
  selector: { kinds: ['agency', 'agent'] },
  sheets: {},
  payouts: {},
});

export function firstPartnerOf(kind: Partner['kind']): Partner {
  return partners.find((p) => p.kind === kind)!;
}

/** The partner of these kinds with the most records in the period: previews then show more than zeros. */
export function busiestPartner(kinds: Partner['kind'][]): Partner {
  const count = (p: Partner) => Object.values(facts).reduce((n, records) => n + records.filter((r) => r['partnerId'] === p.id).length, 0);
  return [...partners].filter((p) => kinds.includes(p.kind)).sort((a, b) => count(b) - count(a) || (a.id < b.id ? -1 : 1))[0]!;
}
