/**
 * Validates one partner: the partner schema (zod, at the boundary), then the declared partner attributes (type and
 * constraints, as for fact columns). Every defect is one issue naming the partner, the field, the value and the rule,
 * in Italian and English. Used by the engine and by the CLI's partner loader alike.
 */
import type { z } from 'zod';
import { issue } from '../issues.js';
import type { FactSchema } from '../schema/facts.js';
import type { Issue } from '../schema/issue.js';
import { PartnerSchema, type Partner } from '../schema/partner.js';
import { checkField, isBlank } from './checkField.js';
import { defectMessage, fieldName, ruleOf, type FieldDefect } from './messages.js';
import { ownValue } from '../ownValue.js';

const zodPath = (path: readonly PropertyKey[]): (string | number)[] => path.filter((k): k is string | number => typeof k !== 'symbol');

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = ownValue(v as Record<string, unknown>, String(k));
  }
  return v;
}

function partnerIssue(index: number, id: string | undefined, field: string, defect: FieldDefect, label?: Parameters<typeof fieldName>[1]): Issue {
  const who = id ?? `#${index + 1}`;
  const m = defectMessage(defect, { it: fieldName(field, label, 'it'), en: fieldName(field, label, 'en') });
  const value = 'value' in defect ? defect.value : undefined;
  const scalar = value === undefined || value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string | number | boolean | null | undefined) : JSON.stringify(value);
  return issue(defect.kind === 'missing' ? 'missing_input' : defect.kind === 'type' ? 'invalid_input' : 'constraint_violation', `partner ${who}: ${m.en}`, ['partners', index, ...field.split('.')], {
    ...(id === undefined ? {} : { partnerId: id }),
    field,
    ...(scalar === undefined ? {} : { value: scalar }),
    rule: ruleOf(defect),
    messages: { it: `partner ${who}: ${m.it}`, en: `partner ${who}: ${m.en}` },
  });
}

/** A zod problem as a defect of a field. */
function zodDefect(z: z.core.$ZodIssue, raw: unknown): FieldDefect {
  const value = valueAt(raw, zodPath(z.path));
  if (value === undefined) return { kind: 'missing' };
  if (z.code === 'invalid_value') return { kind: 'enum', value, allowed: z.values as unknown[] };
  if (z.code === 'too_small' && typeof value === 'string') return { kind: 'missing' };
  if (z.code === 'unrecognized_keys') return { kind: 'type', type: `one of the known fields, not ${z.keys.join(', ')}`, value };
  return { kind: 'type', type: z.code === 'invalid_type' ? z.expected : 'text', value };
}

/** The partner, or the issues that keep it out of the run. `isPartner` answers for `references: "partners"`. */
export function checkPartner(
  raw: unknown,
  index: number,
  factSchema: FactSchema | undefined,
  isPartner: (id: string) => boolean = () => true,
): { ok: true; partner: Partner } | { ok: false; issues: Issue[]; id: string | undefined } {
  const rawId = valueAt(raw, ['id']);
  const id = typeof rawId === 'string' && rawId !== '' ? rawId : undefined;
  const parsed = PartnerSchema.safeParse(raw);
  if (!parsed.success) {
    // One issue per field: zod may report a field twice (type and length); keep the first.
    const byField = new Map<string, Issue>();
    for (const z of parsed.error.issues) {
      const path = zodPath(z.path);
      const field = z.code === 'unrecognized_keys' ? [...path, z.keys[0] ?? ''].join('.') : path.join('.') || 'partner';
      if (!byField.has(field)) byField.set(field, partnerIssue(index, id, field, zodDefect(z, raw)));
    }
    return { ok: false, id, issues: [...byField.values()] };
  }
  const partner = parsed.data;
  const issues: Issue[] = [];
  const attributes = partner.attributes ?? {};
  for (const [name, spec] of Object.entries(factSchema?.partnerAttributes ?? {})) {
    const value = ownValue(attributes, name);
    const field = `attributes.${name}`;
    let defect: FieldDefect | undefined;
    if (isBlank(value)) defect = spec.required ? { kind: 'missing' } : undefined;
    else defect = checkField(spec, value);
    if (!defect && spec.references === 'partners' && !isBlank(value) && !isPartner(String(value))) defect = { kind: 'partner', value };
    if (defect) issues.push(partnerIssue(index, partner.id, field, defect, spec.label));
  }
  return issues.length > 0 ? { ok: false, id: partner.id, issues } : { ok: true, partner };
}
