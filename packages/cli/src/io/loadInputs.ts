/** Loads and validates the run's inputs: fact schema, plans, partners, period. Problems become issues naming the file. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { FactSchemaSchema, PartnerSchema, PeriodSchema } from '@provvigo/core';
import type { FactSchema, Issue, Partner, Period, Plan } from '@provvigo/core';
import { parsePlan } from '../core.js';
import { CliError } from './errors.js';
import { readJsonFile } from './readFacts.js';

const zodPath = (path: readonly PropertyKey[]): (string | number)[] => path.filter((k): k is string | number => typeof k !== 'symbol');

export async function loadFactSchema(file: string): Promise<{ schema?: FactSchema; issues: Issue[] }> {
  const parsed = FactSchemaSchema.safeParse(await readJsonFile(file));
  if (parsed.success) return { schema: parsed.data, issues: [] };
  return {
    issues: parsed.error.issues.map((z) => ({ code: 'invalid_schema', severity: 'error', message: z.message, path: zodPath(z.path), file })),
  };
}

/** Expands folders into their `.json` files (sorted), keeping files as given. */
export async function expandJsonFiles(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => {
      throw new CliError('no such file or folder', { file: arg });
    });
    if (info.isDirectory()) {
      const files = (await readdir(arg)).filter((f) => f.endsWith('.json')).sort();
      if (files.length === 0) throw new CliError('no .json plan files in this folder', { file: arg });
      out.push(...files.map((f) => join(arg, f)));
    } else out.push(arg);
  }
  return out;
}

export async function loadPlans(files: readonly string[], schema?: FactSchema): Promise<{ plans: Plan[]; issues: Issue[] }> {
  const plans: Plan[] = [];
  const issues: Issue[] = [];
  const seen = new Map<string, string>();
  for (const file of await expandJsonFiles(files)) {
    const result = parsePlan(await readJsonFile(file), schema);
    issues.push(...result.issues.map((i) => ({ ...i, file })));
    if (!result.ok) continue;
    const key = `${result.plan.id}@${result.plan.version}`;
    const prev = seen.get(key);
    if (prev) {
      issues.push({ code: 'invalid_schema', severity: 'error', message: `plan ${key} is also defined in ${prev}`, path: ['id'], file, planId: result.plan.id });
      continue;
    }
    seen.set(key, file);
    plans.push(result.plan);
  }
  return { plans, issues };
}

/**
 * Validates partners one by one: a bad partner is an issue naming its index and id, and is left out of the run
 * (its records are then rejected as belonging to an unknown partner), while the others still compute.
 */
export async function loadPartners(file: string): Promise<{ partners: Partner[]; issues: Issue[] }> {
  const value = await readJsonFile(file);
  const list = Array.isArray(value) ? value : (value as { partners?: unknown })?.partners;
  if (!Array.isArray(list)) throw new CliError('a partners file holds an array of partners (or {"partners": [...]})', { file, exitCode: 1 });
  const partners: Partner[] = [];
  const issues: Issue[] = [];
  const ids = new Set<string>();
  list.forEach((raw: unknown, i) => {
    const parsed = PartnerSchema.safeParse(raw);
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : undefined;
    if (!parsed.success) {
      for (const z of parsed.error.issues)
        issues.push({
          code: 'invalid_schema',
          severity: 'error',
          message: z.message,
          path: ['partners', i, ...zodPath(z.path)],
          file,
          ...(id ? { partnerId: id } : {}),
          ...(z.path.length ? { field: zodPath(z.path).join('.') } : {}),
        });
      return;
    }
    if (ids.has(parsed.data.id)) {
      issues.push({ code: 'duplicate_record', severity: 'error', message: `partner "${parsed.data.id}" appears twice`, path: ['partners', i, 'id'], file, partnerId: parsed.data.id });
      return;
    }
    ids.add(parsed.data.id);
    partners.push(parsed.data);
  });
  for (const p of partners) {
    if (p.parent && !ids.has(p.parent))
      issues.push({ code: 'unknown_reference', severity: 'warning', message: `parent "${p.parent}" is not a partner`, path: ['partners', p.id, 'parent'], file, partnerId: p.id, field: 'parent' });
  }
  return { partners, issues };
}

/** `--period 2026-10` (a month), or a JSON file `{ "id", "start", "end" }`. */
export async function loadPeriod(arg: string): Promise<Period> {
  const m = /^(\d{4})-(\d{2})$/.exec(arg);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new CliError(`--period: month out of range in "${arg}"`);
    const last = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
    return { id: arg, start: `${arg}-01`, end: `${arg}-${String(last).padStart(2, '0')}` };
  }
  if (!arg.endsWith('.json')) throw new CliError(`--period takes a month such as 2026-10 or a period .json file, got "${arg}"`);
  const parsed = PeriodSchema.safeParse(await readJsonFile(arg));
  if (!parsed.success) {
    const z = parsed.error.issues[0];
    throw new CliError(z?.message ?? 'not a period', { file: arg, field: z ? zodPath(z.path).join('.') : undefined });
  }
  return parsed.data;
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
