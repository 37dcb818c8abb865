/** Loads and validates the run's inputs: fact schema, plans, partners, period. Problems become issues naming the file. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PeriodSchema, issueTexts, parseFactSchema, parsePartners, periodIssues } from '@provvigo/core';
import type { FactSchema, Issue, Partner, Period, Plan } from '@provvigo/core';
import { parsePlan } from '../core.js';
import { CliError } from './errors.js';
import { parseOrFail } from './parseOrFail.js';
import { readJsonFile } from './readFacts.js';


/** Reads and checks the fact schema (zod, then every name its constraints use). */
export async function loadFactSchema(file: string): Promise<{ schema?: FactSchema; issues: Issue[] }> {
  const parsed = parseFactSchema(await readJsonFile(file));
  if (parsed.ok) return { schema: parsed.factSchema, issues: [] };
  return { issues: parsed.issues.map((i) => ({ ...i, file })) };
}

/** Expands folders into their `.json` files (sorted), keeping files as given. */
export async function expandJsonFiles(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => {
      throw new CliError({ en: 'no such file or folder', it: 'file o cartella inesistente' }, { file: arg });
    });
    if (info.isDirectory()) {
      const files = (await readdir(arg)).filter((f) => f.endsWith('.json')).sort();
      if (files.length === 0) throw new CliError({ en: 'no .json plan files in this folder', it: 'nessun file di piano .json in questa cartella' }, { file: arg });
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
 * Validates partners one by one (against the declared partner attributes when the fact schema is given): a bad
 * partner is one issue per defective field, naming its index and id, and computes nothing, while the others still
 * compute. `invalid` lists the bad partners with an id and their issues: a run gives each a blocked statement that
 * says why, listing its records (rejected, each naming the invalid partner).
 */
export async function loadPartners(file: string, schema?: FactSchema): Promise<{ partners: Partner[]; issues: Issue[]; invalid: Array<{ id: string; issues: Issue[] }> }> {
  const value = await readJsonFile(file);
  const list = Array.isArray(value) ? value : (value as { partners?: unknown })?.partners;
  if (!Array.isArray(list)) {
    throw new CliError({ en: 'a partners file holds an array of partners (or {"partners": [...]})', it: 'un file dei partner contiene un array di partner (o {"partners": [...]})' }, { file, exitCode: 1 });
  }
  const parsed = parsePartners(list, schema);
  const valid = parsed.partners;
  const issues: Issue[] = parsed.ok ? [] : parsed.issues.map((i) => ({ ...i, file }));
  const partners: Partner[] = [];
  const ids = new Set<string>();
  valid.forEach((p) => {
    if (ids.has(p.id)) {
      let index = list.length - 1;
      while (index > 0 && (list[index] as { id?: unknown } | null)?.id !== p.id) index--;
      const en = `partner "${p.id}" appears twice`;
      issues.push({ code: 'duplicate_record', severity: 'error', message: en, messages: { en, it: `il partner "${p.id}" compare due volte` }, path: ['partners', index, 'id'], file, partnerId: p.id, field: 'id', value: p.id, rule: 'unique id' });
      return;
    }
    ids.add(p.id);
    partners.push(p);
  });
  for (const p of partners) {
    if (p.parent && !ids.has(p.parent)) {
      const en = `partner ${p.id}: "parent": "${p.parent}" is not in the partner list`;
      issues.push({ code: 'unknown_reference', severity: 'warning', message: en, messages: { en, it: `partner ${p.id}: "parent": "${p.parent}" non è nell'elenco dei partner` }, path: ['partners', p.id, 'parent'], file, partnerId: p.id, field: 'parent', value: p.parent, rule: 'references partners' });
    }
  }
  const invalid = new Map<string, Issue[]>();
  for (const i of issues) {
    if (i.partnerId === undefined || ids.has(i.partnerId) || i.code === 'duplicate_record') continue;
    invalid.set(i.partnerId, [...(invalid.get(i.partnerId) ?? []), i]);
  }
  return { partners, issues, invalid: [...invalid].map(([id, found]) => ({ id, issues: found })) };
}

/** `--period 2026-10` (a month), or a JSON file `{ "id", "start", "end" }`. */
export async function loadPeriod(arg: string): Promise<Period> {
  const m = /^(\d{4})-(\d{2})$/.exec(arg);
  if (m) {
    const month = Number(m[2]);
    if (month < 1 || month > 12) throw new CliError({ en: `--period: month out of range in "${arg}"`, it: `--period: mese fuori intervallo in "${arg}"` });
    const last = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
    return { id: arg, start: `${arg}-01`, end: `${arg}-${String(last).padStart(2, '0')}` };
  }
  if (!arg.endsWith('.json')) {
    throw new CliError({ en: `--period takes a month such as 2026-10 or a period .json file, got "${arg}"`, it: `--period vuole un mese come 2026-10 o un file di periodo .json, non "${arg}"` });
  }
  return checkedPeriod(parseOrFail(PeriodSchema, await readJsonFile(arg), { file: arg }), arg);
}

/**
 * A period file's dates are days of the calendar, the end not before the start: core's `periodIssues`, which
 * `evaluate` refuses too, checked here to name the file. The schema checks only their shape: `2026-02-31` passed, and
 * a period ending before it starts made a run in which every record fell outside it and every partner paid nothing.
 */
function checkedPeriod(period: Period, file: string): Period {
  const first = periodIssues(period)[0];
  if (first) throw new CliError(issueTexts(first), { file, ...(first.field === undefined ? {} : { field: first.field }) });
  return period;
}

export const hasErrors = (issues: readonly Issue[]): boolean => issues.some((i) => i.severity === 'error');
