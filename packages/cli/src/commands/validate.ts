import type { Command } from 'commander';
import type { Issue } from '@provvigo/core';
import { hasErrors, loadFactSchema, loadPartners, loadPlans } from '../io/loadInputs.js';
import { EXIT } from '../program.js';
import { action, processIo, reportIssues, withExitCodes, type Io } from './shared.js';

interface ValidateOptions {
  plan: string[];
  schema?: string;
  partners?: string;
  json?: boolean;
}

/** `provvigo validate`: plans (+ fact schema, + partners) → issues with exact paths. */
export async function validate(options: ValidateOptions, io: Io = processIo): Promise<number> {
  const issues: Issue[] = [];
  const loaded = options.schema ? await loadFactSchema(options.schema) : { issues: [] as Issue[], schema: undefined };
  issues.push(...loaded.issues);
  const { plans, issues: planIssues } = await loadPlans(options.plan, loaded.schema);
  issues.push(...planIssues);
  let partnerCount = 0;
  if (options.partners) {
    const p = await loadPartners(options.partners);
    partnerCount = p.partners.length;
    issues.push(...p.issues);
  }
  const failed = hasErrors(issues);
  if (options.json) {
    io.out(JSON.stringify({ ok: !failed, plans: plans.map((p) => ({ id: p.id, version: p.version })), issues }, null, 2) + '\n');
  } else {
    reportIssues(issues, io, Infinity);
    const parts = [`${plans.length} plan(s)`];
    if (loaded.schema) parts.push(`fact schema (${Object.keys(loaded.schema.tables).length} tables)`);
    if (options.partners) parts.push(`${partnerCount} valid partner(s)`);
    io.out(`${failed ? 'invalid' : 'ok'}: ${parts.join(', ')}${issues.length === 0 ? ', no issues' : ''}\n`);
  }
  return failed ? EXIT.issues : EXIT.ok;
}

export function registerValidate(program: Command): void {
  withExitCodes(
    program
      .command('validate')
        .description('Check plans (and optionally the fact schema and partners); print every issue with its exact path.')
        .requiredOption('-p, --plan <files...>', 'plan JSON files or folders of them')
        .option('-s, --schema <file>', 'fact schema JSON: also checks that plans read existing tables and columns')
        .option('--partners <file>', 'partners JSON: checks each partner record')
        .option('--json', 'print the result as JSON on stdout')
        .addHelpText('after', '\nExample:\n  provvigo validate --plan plans/ --schema factSchema.json --partners partners.json')
        .action(action('validate', (opts: ValidateOptions) => validate(opts))),
  );
}
