import { z } from 'zod';
import { AccrualRowSchema, AgreementSchema, LedgerEntrySchema, PeriodStatementSchema } from '../schema/ledger.js';
import { AuditEntrySchema, RunRecordSchema } from '../schema/run.js';

const out = (schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;

/** JSON Schemas (draft 2020-12) of the run and ledger data, for non-TypeScript callers (portal, SAP, BI). */
export function periodStatementJsonSchema(): Record<string, unknown> {
  return out(PeriodStatementSchema, 'output');
}
export function ledgerEntryJsonSchema(): Record<string, unknown> {
  return out(LedgerEntrySchema, 'output');
}
/** Input shape: what a user writes in an agreements file. */
export function agreementJsonSchema(): Record<string, unknown> {
  return out(AgreementSchema, 'input');
}
export function accrualRowJsonSchema(): Record<string, unknown> {
  return out(AccrualRowSchema, 'output');
}
/** What `provvigo accruals --format json` writes: the column order and one row per period and partner. */
export function accrualsFileJsonSchema(): Record<string, unknown> {
  return out(z.object({ columns: z.array(z.string()), rows: z.array(AccrualRowSchema) }), 'output');
}
/** An agreements file as `provvigo period calculate --agreements` reads it: an array, or `{ "agreements": [...] }`. */
export function agreementsFileJsonSchema(): Record<string, unknown> {
  return out(z.union([z.array(AgreementSchema), z.object({ agreements: z.array(AgreementSchema) })]), 'input');
}
export function runRecordJsonSchema(): Record<string, unknown> {
  return out(RunRecordSchema, 'output');
}
export function auditEntryJsonSchema(): Record<string, unknown> {
  return out(AuditEntrySchema, 'output');
}
