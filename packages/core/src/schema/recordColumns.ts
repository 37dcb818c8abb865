import { z } from 'zod';
import type { RecordColumn, RecordColumns } from '../engine/lineColumns.js';

/**
 * A statement's lines as columns (`engine/lineColumns.ts`), as `readStatement` checks them before reading: every run's
 * fields and their columns, each column one value per line of its run (`n`), the runs adding up to the lines. As for
 * the trace groups, the values inside a column are not checked one by one (they are hashed, and mostly the engine's
 * own); a `{ prefix, rest }` column's rest is checked to be text as it is read, and a `{ derived }` column's name
 * and the fields it is worked out from as it is worked out.
 */

// An array whose elements zod does not walk (see schema/traceGroup.ts).
const ValuesSchema = z.custom<unknown[]>((v) => Array.isArray(v), { message: 'expected an array of values' });
// Each one is checked to be text as the column is read (`decodeColumn`), not here.
const RestSchema = z.custom<string[]>((v) => Array.isArray(v), { message: 'expected an array of strings' });
// Counts (and null positions) are checked to be whole numbers, adding up to (within) the run, as the column is read.
const CountsSchema = z.custom<number[]>((v) => Array.isArray(v), { message: 'expected an array of whole numbers' });

const lengthOf = (c: RecordColumn): number | undefined => (Array.isArray(c) ? c.length : 'rest' in c ? c.rest.length : 'fields' in c ? c.fields.n + (c.nulls?.length ?? 0) : undefined);

const ColumnSchema: z.ZodType<RecordColumn> = z.lazy(() =>
  z.union([ValuesSchema, z.object({ all: z.unknown() }).strict(), z.object({ counts: CountsSchema, values: ValuesSchema }).strict(), z.object({ prefix: z.string(), rest: RestSchema }).strict(), z.object({ fields: RecordColumnsSchema, nulls: CountsSchema.optional() }).strict(), z.object({ derived: z.string() }).strict()], {
    error: 'expected an array (one value per line), { all }, { counts, values }, { prefix, rest }, { fields, nulls } or { derived }',
  }),
);

const RunSchema = z
  .object({ columns: z.array(ColumnSchema), keys: z.array(z.string()), n: z.number().int().positive() })
  .strict()
  .superRefine((run, ctx) => {
    if (run.columns.length !== run.keys.length) ctx.addIssue({ code: 'custom', path: ['columns'], message: `expected ${run.keys.length} column(s), one per key, got ${run.columns.length}` });
    if (new Set(run.keys).size !== run.keys.length) ctx.addIssue({ code: 'custom', path: ['keys'], message: 'a key is named twice' });
    run.columns.forEach((c, j) => {
      const length = lengthOf(c);
      if (length !== undefined && length !== run.n) ctx.addIssue({ code: 'custom', path: ['columns', j], message: `expected ${run.n} value(s), got ${length}` });
    });
  });

export const RecordColumnsSchema: z.ZodType<RecordColumns> = z
  .object({ n: z.number().int().nonnegative(), runs: z.array(RunSchema) })
  .strict()
  .superRefine((c, ctx) => {
    const total = c.runs.reduce((s, r) => s + r.n, 0);
    if (total !== c.n) ctx.addIssue({ code: 'custom', path: ['runs'], message: `expected runs of ${c.n} line(s) in all, got ${total}` });
  });
