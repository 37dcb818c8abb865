import { validateFacts, type FactValidation, type Issue, type Locale, type Partner } from '@provvigo/core';
import { cliLocale } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import { hasErrors, loadFactSchema, loadPartners, loadPlans } from '../io/loadInputs.js';
import { readAllFacts, resolveFactFiles, withFile } from '../io/readFacts.js';
import { EXIT } from '../exitCodes.js';
import { processIo, type Io } from './shared.js';
import { reportIssues } from './reportIssues.js';

export interface ValidateOptions {
  plan: string[];
  schema?: string;
  partners?: string;
  facts?: string[];
  json?: boolean;
  locale?: Locale;
}

type Counts = FactValidation['counts'][string];

/** The words of the summary line of `provvigo validate`. */
const SUMMARY_WORDS = {
  en: {
    ok: 'ok',
    invalid: 'invalid',
    plans: (n: number) => `${n} plan(s)`,
    schema: (tables: number) => `fact schema (${tables} tables)`,
    partners: (n: number) => `${n} valid partner(s)`,
    table: (table: string, c: Counts) => `${table}: ${c.in} in = ${c.valid} valid + ${c.rejected} rejected`,
    noIssues: ', no issues',
  },
  it: {
    ok: 'ok',
    invalid: 'non valido',
    plans: (n: number) => `piani: ${n}`,
    schema: (tables: number) => `schema dei fatti (tabelle: ${tables})`,
    partners: (n: number) => `partner validi: ${n}`,
    table: (table: string, c: Counts) => `${table}: letti ${c.in} = validi ${c.valid} + scartati ${c.rejected}`,
    noIssues: ', nessun problema',
  },
} as const;

/** `provvigo validate`: plans (+ fact schema, + partners) → issues with exact paths. */
export async function validate(options: ValidateOptions, io: Io = processIo): Promise<number> {
  const issues: Issue[] = [];
  const loaded = options.schema ? await loadFactSchema(options.schema) : { issues: [] as Issue[], schema: undefined };
  issues.push(...loaded.issues);
  const { plans, issues: planIssues } = await loadPlans(options.plan, loaded.schema);
  issues.push(...planIssues);
  let partnerCount = 0;
  let partners: Partner[] = [];
  let invalidPartners: Array<{ id: string; issues: Issue[] }> = [];
  if (options.partners) {
    const p = await loadPartners(options.partners, loaded.schema);
    partners = p.partners;
    invalidPartners = p.invalid;
    partnerCount = p.partners.length;
    issues.push(...p.issues);
  }
  let counts: FactValidation['counts'] | undefined;
  if (options.facts?.length) {
    if (!loaded.schema || !options.partners) {
      throw new CliError({ en: '--facts needs --schema and --partners (records are checked against both)', it: '--facts richiede --schema e --partners (i record sono controllati con entrambi)' });
    }
    const { facts, origins, rejected } = await readAllFacts(await resolveFactFiles(options.facts, loaded.schema), loaded.schema);
    const checked = validateFacts({ factSchema: loaded.schema, partners, invalidPartners, facts, rejected });
    counts = checked.counts;
    issues.push(...checked.issues.map((i) => withFile(i, origins)));
  }
  const failed = hasErrors(issues);
  if (options.json) {
    io.out(JSON.stringify({ ok: !failed, plans: plans.map((p) => ({ id: p.id, version: p.version })), ...(counts ? { counts } : {}), issues }, null, 2) + '\n');
  } else {
    reportIssues(issues, io, Infinity, options.locale);
    // the summary in the CLI's language (the issues above follow --locale)
    const w = SUMMARY_WORDS[cliLocale()];
    const parts = [w.plans(plans.length)];
    if (loaded.schema) parts.push(w.schema(Object.keys(loaded.schema.tables).length));
    if (options.partners) parts.push(w.partners(partnerCount));
    for (const [table, c] of Object.entries(counts ?? {})) parts.push(w.table(table, c));
    io.out(`${failed ? w.invalid : w.ok}: ${parts.join(', ')}${issues.length === 0 ? w.noIssues : ''}\n`);
  }
  return failed ? EXIT.issues : EXIT.ok;
}
