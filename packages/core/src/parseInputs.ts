import { issue } from './issues.js';
import { FactSchemaSchema, type FactSchema } from './schema/facts.js';
import type { Issue } from './schema/issue.js';
import { PartnerSchema, type Partner } from './schema/partner.js';

const zPath = (p: PropertyKey[]) => p.filter((k): k is string | number => typeof k !== 'symbol');

/** Validates the fact-table configuration. */
export function parseFactSchema(input: unknown): { ok: true; factSchema: FactSchema } | { ok: false; issues: Issue[] } {
  const r = FactSchemaSchema.safeParse(input);
  if (r.success) {
    const issues: Issue[] = [];
    for (const [name, t] of Object.entries(r.data.tables)) {
      for (const col of [t.key, t.partner, t.date] as const) {
        if (!t.columns[col]) issues.push(issue('unknown_reference', `"${col}" is not a declared column of table "${name}"`, ['tables', name]));
      }
    }
    return issues.length ? { ok: false, issues } : { ok: true, factSchema: r.data };
  }
  return { ok: false, issues: r.error.issues.map((z) => issue('invalid_schema', z.message, zPath(z.path))) };
}

/** Validates a partner list; valid partners are returned even when others fail. */
export function parsePartners(input: unknown): { partners: Partner[]; issues: Issue[] } {
  if (!Array.isArray(input)) return { partners: [], issues: [issue('invalid_schema', 'partners must be an array', [])] };
  const partners: Partner[] = [];
  const issues: Issue[] = [];
  input.forEach((raw, i) => {
    const r = PartnerSchema.safeParse(raw);
    if (r.success) partners.push(r.data);
    else issues.push(...r.error.issues.map((z) => issue('invalid_input', z.message, [i, ...zPath(z.path)], { partnerId: (raw as { id?: string })?.id })));
  });
  return { partners, issues };
}
