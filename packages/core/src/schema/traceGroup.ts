import { z } from 'zod';
import { RoundingModeSchema } from './common.js';
import { badSameColumns } from '../engine/sameColumns.js';
import { TraceBandSchema, TraceLookupSchema, TraceRoundingSchema } from './trace.js';

/**
 * The trace groups of a statement's canonical JSON (`engine/traceColumns.ts`, issue 15 §3), as `readStatement` checks
 * them. What is checked: every field a group and its cells and inputs must have, with its type, that every column
 * holds one value per line of its group (`n`), and that every `{ same }` names a column written in full before it.
 * What is not: the type of each value inside a column — a column of 20,000 lines would be checked value by value on
 * every read, for a file that is hashed and mostly comes from the engine itself — so a wrong value shows as that
 * value when the line's trace is read.
 */

const ValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const SourceSchema = z.object({ id: z.string(), system: z.string(), table: z.string() });

// An array whose elements zod does not walk (z.array(z.unknown()) visits each one: 15 % of a 20,000-line read).
const ValuesSchema = z.custom<unknown[]>((v) => Array.isArray(v), { message: 'expected an array of values or { all }' });

/** One value per line, or `{ all }` when every line has the same primitive value. Values inside are not checked. */
const column = <T extends z.ZodType>(all: T, what: string) =>
  z.union([ValuesSchema, z.object({ all }).strict()], { error: `expected an array (one value per line) or { all: ${what} }` });

/** A cell's or input's values: a column, or `{ same: [c] | [c, k] }` naming a column of the group written before it. */
const position = z.number().int().nonnegative();
const valueColumn = z.union([ValuesSchema, z.object({ all: ValueSchema }).strict(), z.object({ same: z.union([z.tuple([position]), z.tuple([position, position])]) }).strict()], {
  error: 'expected an array (one value per line), { all: a string, number, boolean or null } or { same: [cell] or [cell, input] }',
});

/**
 * A cell's `bands` or `lookups`: each distinct list once and, per line, its position in `distinct` or null (what the
 * engine writes), or a plain column (statements written before).
 */
const listColumn = <T extends z.ZodType>(list: T, what: string) =>
  z.union([ValuesSchema, z.object({ all: list.nullable() }).strict(), z.object({ distinct: ValuesSchema, index: ValuesSchema }).strict()], {
    error: `expected an array (one value per line), { all: ${what} } or { distinct, index }`,
  });

export const InputColumnsSchema = z.object({
  kind: z.enum(['fact', 'column', 'cell', 'parameter', 'table']),
  name: z.string(),
  source: column(SourceSchema.nullable(), 'a source or null').optional(),
  value: valueColumn,
  values: column(z.array(ValueSchema).nullable(), 'a list of values or null').optional(),
});

export const CellColumnsSchema = z.object({
  bands: listColumn(z.array(TraceBandSchema), 'a list of bands or null').optional(),
  error: column(z.string().nullable(), 'a string or null').optional(),
  formula: z.string(),
  gate: column(z.enum(['passed', 'failed']).nullable(), "'passed', 'failed' or null").optional(),
  inputs: z.array(InputColumnsSchema),
  label: z.string().optional(),
  lookups: listColumn(z.array(TraceLookupSchema), 'a list of lookups or null').optional(),
  name: z.string(),
  role: z.string().optional(),
  sheet: z.string(),
  value: valueColumn,
});

export const RoundingRuleSchema = z.object({ mode: RoundingModeSchema, scale: z.number(), what: z.string() });

/** `{ path: value }` for every column of a group, so their lengths can be checked against `n` in one place. */
type Columns = Array<[Array<string | number>, unknown]>;

function columnsOf(g: z.infer<typeof TraceGroupShape>): Columns {
  const out: Columns = [];
  const add = (path: Array<string | number>, v: unknown): void => void (v !== undefined && out.push([path, v]));
  for (const key of ['amount', 'exactValue', 'flags', 'formulaValue', 'row', 'source'] as const) add([key], g[key]);
  if (Array.isArray(g.rounding)) add(['rounding'], g.rounding);
  g.cells.forEach((c, i) => {
    for (const key of ['error', 'gate', 'value'] as const) add(['cells', i, key], c[key]);
    for (const key of ['bands', 'lookups'] as const) {
      const list = c[key];
      if (list !== undefined && isDistinct(list)) add(['cells', i, key, 'index'], list.index);
      else add(['cells', i, key], list);
    }
    c.inputs.forEach((input, k) => {
      for (const key of ['source', 'value', 'values'] as const) add(['cells', i, 'inputs', k, key], input[key]);
    });
  });
  return out;
}

const TraceGroupShape = z.object({
  amount: column(z.string(), 'a string').optional(),
  cells: z.array(CellColumnsSchema),
  exactValue: column(z.string().nullable(), 'a string or null'),
  flags: column(z.array(z.string()), 'a list of strings').optional(),
  formulaValue: column(z.string().nullable(), 'a string or null').optional(),
  n: z.number().int().positive(),
  partnerId: z.string(),
  payout: z.string(),
  period: z.string(),
  plan: z.object({ hash: z.string(), id: z.string(), version: z.number() }),
  rounding: z.union([RoundingRuleSchema, z.array(z.array(TraceRoundingSchema))], { error: 'expected a rounding rule { mode, scale, what } or one list of roundings per line' }),
  row: column(z.number().nullable(), 'a number or null').optional(),
  sheet: z.string(),
  source: column(SourceSchema.nullable(), 'a source or null').optional(),
});

function isDistinct(v: object): v is { distinct: unknown[]; index: unknown[] } {
  return !Array.isArray(v) && 'distinct' in v;
}

/** Where a distinct column's `index` does not point into its `distinct` (a line's list would read as missing). */
function badIndex(g: z.infer<typeof TraceGroupShape>): Array<{ path: Array<string | number>; message: string }> {
  const out: Array<{ path: Array<string | number>; message: string }> = [];
  g.cells.forEach((c, i) => {
    for (const key of ['bands', 'lookups'] as const) {
      const list = c[key];
      if (list === undefined || !isDistinct(list)) continue;
      const at = list.index.findIndex((k) => k !== null && !(Number.isInteger(k) && (k as number) >= 0 && (k as number) < list.distinct.length));
      if (at >= 0) out.push({ path: ['cells', i, key, 'index', at], message: `expected null or a position in distinct (0 to ${list.distinct.length - 1}), got ${JSON.stringify(list.index[at])}` });
    }
  });
  return out;
}

/** One trace group: its fields, every column as long as the group (`n` values), every distinct index in range. */
export const TraceGroupSchema = TraceGroupShape.superRefine((g, ctx) => {
  for (const [path, v] of columnsOf(g)) {
    if (Array.isArray(v) && v.length !== g.n) ctx.addIssue({ code: 'custom', path, message: `expected an array of ${g.n} value(s), got ${v.length}` });
  }
  for (const bad of badIndex(g)) ctx.addIssue({ code: 'custom', ...bad });
  for (const bad of badSameColumns(g)) ctx.addIssue({ code: 'custom', ...bad });
});

export const TraceGroupsSchema = z.array(TraceGroupSchema);
