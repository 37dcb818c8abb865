import type { PeriodInputs } from '@provvigo/core';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FactSchemaSchema, PartnerSchema, parsePlan, type FactRecord, type Period } from '@provvigo/core';


/** The sample utility (examples/utility): its plans, fact schema and the small fixture of October 2026. */
export const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/utility');
export const OCTOBER: Period = { id: '2026-10', start: '2026-10-01', end: '2026-10-31' };

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

export function sampleInputs(): PeriodInputs {
  const factSchema = FactSchemaSchema.parse(readJson(join(EXAMPLE, 'factSchema.json')));
  const plans = readdirSync(join(EXAMPLE, 'plans'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const r = parsePlan(readJson(join(EXAMPLE, 'plans', f)), { factSchema });
      if (!r.ok) throw new Error(`sample plan ${f} does not parse: ${r.issues.map((i) => i.message).join('; ')}`);
      return r.plan;
    });
  const partners = (readJson(join(EXAMPLE, 'fixtures/small/partners.json')) as unknown[]).map((p) => PartnerSchema.parse(p));
  const facts: Record<string, FactRecord[]> = {};
  for (const t of Object.keys(factSchema.tables)) facts[t] = readJson(join(EXAMPLE, 'fixtures/small/facts', `${t}.json`)) as FactRecord[];
  return { plans, partners, factSchema, facts };
}
