import { CurrencyCodeSchema, currencyScale, IsoDateSchema, PlanSchema } from '@provvigo/core';
import type { Plan } from '@provvigo/core';
import { z } from 'zod';
import { MAX_ID_LENGTH, MAX_VERSION } from '../http/params.js';

/** Plan ids as the plan schema spells them, as long as the URL takes them (the id names the file and the URL). */
const PlanIdSchema = PlanSchema.shape.id.max(MAX_ID_LENGTH);

/**
 * The body of POST /api/plans/drafts: where a new plan starts (blank, one of the studio's templates, or a copy of a
 * stored version) and what it is called. The answer is an unsaved draft; saving it (PUT) creates version 1.
 */
export const NewPlanRequestSchema = z
  .object({
    id: PlanIdSchema,
    // the plan's own bounds (non-blank, at most 200 characters): a draft the schema refuses was a 500
    name: PlanSchema.shape.name,
    description: z.string().max(2000).optional(),
    effectiveFrom: IsoDateSchema,
    effectiveTo: IsoDateSchema.nullable().optional(),
    from: z.discriminatedUnion('kind', [
      // a blank plan has no template to take its currency from: the designer names it
      z.object({ kind: z.literal('blank'), currency: CurrencyCodeSchema }).strict(),
      z.object({ kind: z.literal('template'), template: z.string().min(1) }).strict(),
      z.object({ kind: z.literal('version'), planId: z.string().min(1).max(MAX_ID_LENGTH), version: z.number().int().positive().max(MAX_VERSION) }).strict(),
    ]),
  })
  .strict()
  .refine((r) => !r.effectiveTo || r.effectiveTo >= r.effectiveFrom, { message: 'the plan ends before it starts', path: ['effectiveTo'] });
export type NewPlanRequest = z.infer<typeof NewPlanRequestSchema>;

/**
 * A plan with nothing in it yet: no sheets, payouts or conditions; eligibility open until the designer narrows it.
 * Amounts round half up to the currency's minor units (ISO 4217) until the designer says otherwise.
 */
export function blankPlan(req: NewPlanRequest, currency: string): Plan {
  const rounding: Plan['rounding'] = { mode: 'halfUp', scale: currencyScale(currency) };
  return {
    id: req.id,
    version: 1,
    name: req.name,
    ...(req.description ? { description: req.description } : {}),
    effectiveFrom: req.effectiveFrom,
    effectiveTo: req.effectiveTo ?? null,
    selector: {},
    currency,
    rounding,
    parameters: {},
    overrides: {},
    tables: {},
    sheets: {},
    payouts: {},
  };
}

/**
 * A new plan from `source` (a template or a stored version): its content under the new id, name and dates, as
 * version 1 of the new plan. Per-partner overrides are kept: they belong to the content being copied.
 */
export function planFrom(source: Plan, req: NewPlanRequest): Plan {
  const { description: _d, ...rest } = source;
  void _d;
  return {
    ...rest,
    id: req.id,
    version: 1,
    name: req.name,
    ...(req.description ?? source.description ? { description: req.description ?? source.description } : {}),
    effectiveFrom: req.effectiveFrom,
    effectiveTo: req.effectiveTo ?? null,
  };
}
