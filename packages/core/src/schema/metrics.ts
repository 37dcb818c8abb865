import { z } from 'zod';
import { ownRecord } from './ownRecord.js';
import { NameSchema } from './common.js';

/**
 * Metric library metadata (issue 5 §1). A metric placed in a plan expands into ordinary plan content; each computed
 * column or cell it produced carries a tag in its `description` (`metric:` + this JSON), so the builder can collapse
 * the content back into the metric and its parameters for editing. The engine ignores descriptions.
 */
export const METRIC_TAG_PREFIX = 'metric:';

export const MetricTagSchema = z
  .object({
    /** Metric id in the library, e.g. "tierTable". */
    id: z.string().min(1),
    /** Instance name: the name of the metric's main column or cell. */
    instance: NameSchema,
    /** The metric's parameters as last applied. */
    params: ownRecord(z.string(), z.unknown()),
  })
  .strict();
export type MetricTag = z.infer<typeof MetricTagSchema>;

export const MetricCategorySchema = z.enum(['volume', 'kpi', 'rate', 'tier', 'gate', 'adjustment', 'bonus', 'service']);
export type MetricCategory = z.infer<typeof MetricCategorySchema>;

/** A label or help text in both product languages. */
export const BilingualTextSchema = z.object({ it: z.string().min(1), en: z.string().min(1) }).strict();
export type BilingualText = z.infer<typeof BilingualTextSchema>;
