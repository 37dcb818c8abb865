import { z } from 'zod';
import type { MetricDefinition, MetricRefKind } from './defineMetric.js';

/** One editable parameter of a metric, as a form shows it. */
export interface MetricField {
  name: string;
  kind: 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'json';
  options?: string[];
  optional: boolean;
  /** What the value names, when it names something (a summary cell, a fact column…). */
  ref?: MetricRefKind;
}

/** The parameters of a metric as form fields, derived from its zod schema (its JSON Schema, input side). */
export function metricFields(def: MetricDefinition): MetricField[] {
  const schema = z.toJSONSchema(def.params, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: string; enum?: unknown[]; pattern?: string }>;
    required?: string[];
  };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const ref = def.refs[name];
    const base = { name, optional: !required.has(name), ...(ref ? { ref } : {}) };
    if (Array.isArray(p.enum)) return { ...base, kind: 'enum' as const, options: p.enum.map(String) };
    if (p.type === 'boolean') return { ...base, kind: 'boolean' as const };
    if (p.type === 'integer') return { ...base, kind: 'integer' as const };
    if (p.type === 'number') return { ...base, kind: 'number' as const };
    if (p.type === 'string') return { ...base, kind: 'text' as const };
    return { ...base, kind: 'json' as const };
  });
}
