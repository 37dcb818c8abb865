import { readFileSync } from 'node:fs';
import type { FactSchema, Partner, Period, Plan, RunInput } from '@provvigo/core';
import { FactSchemaSchema, PartnerSchema, PlanSchema } from '@provvigo/core';

const root = new URL('../../../examples/utility/', import.meta.url);
const json = (p: string) => JSON.parse(readFileSync(new URL(p, root), 'utf8'));

/** The embedded sample utility (examples/utility, small fixtures), as the stories use it. */
export function loadSample(): { input: Omit<RunInput, 'plans' | 'partners' | 'factSchema'> & { partners: Partner[]; factSchema: FactSchema }; plans: Record<string, Plan> } {
  const factSchema = FactSchemaSchema.parse(json('factSchema.json'));
  const partners: Partner[] = (json('fixtures/small/partners.json') as unknown[]).map((p) => PartnerSchema.parse(p));
  const period: Period = json('fixtures/small/period.json');
  const facts: RunInput['facts'] = {};
  for (const table of Object.keys(factSchema.tables)) facts[table] = json(`fixtures/small/facts/${table}.json`);
  const plans: Record<string, Plan> = {};
  for (const id of ['agency-agents', 'outbound', 'field-service']) plans[id] = PlanSchema.parse(json(`plans/${id}.json`));
  return { input: { period, partners, factSchema, facts }, plans };
}
