import { z } from 'zod';
import { FactSchemaSchema } from './schema/facts.js';
import { PartnerSchema } from './schema/partner.js';
import { PlanSchema } from './schema/plan.js';
import { RunResultSchema } from './schema/result.js';

/** JSON Schema (draft 2020-12) of a plan file, for editors and non-TypeScript callers. */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PlanSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** JSON Schema of the fact-table configuration. */
export function factSchemaJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FactSchemaSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** JSON Schema of a partner record. */
export function partnerJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PartnerSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** JSON Schema of a run result (statements, lines, traces). */
export function runResultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RunResultSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
}
