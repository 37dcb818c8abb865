import { z } from 'zod';
import { FiscalInputSchema, FiscalResultSchema, FiscalTablesSchema } from '../schema/fiscal.js';

/** JSON Schema (draft 2020-12) of a jurisdiction pack's input, for non-TypeScript callers. */
export function fiscalInputJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FiscalInputSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** JSON Schema of a fiscal result (items, invoice lines, totals, year-to-date state, trace). */
export function fiscalResultJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FiscalResultSchema, { io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** JSON Schema of effective-dated fiscal tables (a pack's data file). */
export function fiscalTablesJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FiscalTablesSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
