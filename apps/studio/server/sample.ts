import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FactSchemaSchema, PartnerSchema, PlanSchema } from '@provvigo/core';
import type { FactSchema, LedgerOptionsInput, Partner, Period, Plan, RunInput } from '@provvigo/core';

/** The embedded sample utility the studio runs on (examples/utility, small fixtures). */
export interface SampleData {
  period: Period;
  partners: Partner[];
  factSchema: FactSchema;
  facts: RunInput['facts'];
  plans: Plan[];
  /**
   * The company's ledger options (default: a negative statement pays zero and carries the balance forward). With
   * `floorAtZero: false` a negative balance is invoiced back: its document is a TD04 credit note.
   */
  ledgerOptions?: LedgerOptionsInput;
}

export const SAMPLE_DIR = fileURLToPath(new URL('../../../examples/utility/', import.meta.url));

export function loadSample(dir: string = SAMPLE_DIR): SampleData {
  const json = (p: string) => JSON.parse(readFileSync(`${dir}/${p}`, 'utf8'));
  const factSchema = FactSchemaSchema.parse(json('factSchema.json'));
  const facts: RunInput['facts'] = {};
  for (const table of Object.keys(factSchema.tables)) facts[table] = json(`fixtures/small/facts/${table}.json`);
  return {
    period: json('fixtures/small/period.json'),
    partners: (json('fixtures/small/partners.json') as unknown[]).map((p) => PartnerSchema.parse(p)),
    factSchema,
    facts,
    plans: ['agency-agents', 'outbound', 'field-service'].map((id) => PlanSchema.parse(json(`plans/${id}.json`))),
  };
}
