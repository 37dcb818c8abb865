import type { Command } from 'commander';
import { CliError } from '../io/errors.js';
import type * as Plan from './plan.js';
import { action, parsePositiveInt, withExitCodes } from './shared.js';
import { addActorOptions, addDbOption } from './storeOptions.js';

function versionNumber(value: string): number {
  try {
    return parsePositiveInt(value);
  } catch {
    throw new CliError({ en: `not a version number: "${value}"`, it: `"${value}" non è un numero di versione` });
  }
}

export function registerPlan(program: Command): void {
  const plan = program.command('plan').description('plan versions in the store: save (the next version), history, diff');
  withExitCodes(addActorOptions(addDbOption(plan.command('save').description('save a plan file as the next version of its plan'))))
    .argument('<file>', 'plan JSON file')
    .option('--schema <file>', 'fact schema JSON (checks fact names in formulas)')
    .action(action('plan save', async (file: string, o: Parameters<typeof Plan.planSave>[0]) => (await import('./plan.js')).planSave({ ...o, file })));
  withExitCodes(addDbOption(plan.command('history').description("a plan's versions: number, hash, effective dates, who saved it")))
    .argument('<plan>', 'plan id')
    .option('--json', 'as JSON')
    .action(action('plan history', async (id: string, o: Parameters<typeof Plan.planHistory>[0]) => (await import('./plan.js')).planHistory({ ...o, plan: id })));
  withExitCodes(addDbOption(plan.command('diff').description('what changed between two versions of a plan')))
    .argument('<plan>', 'plan id')
    .argument('<from>', 'version number')
    .argument('[to]', 'version number (default: the latest)')
    .option('--json', 'as JSON')
    .action(
      action('plan diff', async (id: string, from: string, to: string | undefined, o: Parameters<typeof Plan.planDiff>[0]) =>
        (await import('./plan.js')).planDiff({ ...o, plan: id, from: versionNumber(from), ...(to !== undefined ? { to: versionNumber(to) } : {}) }),
      ),
    );
}
