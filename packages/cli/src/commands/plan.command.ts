import type { Command } from 'commander';
import { said } from '../io/cliLocale.js';
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

const PLAN_ID = { en: 'plan id', it: 'id del piano' };
const VERSION_NUMBER = { en: 'version number', it: 'numero di versione' };
const AS_JSON = { en: 'as JSON', it: 'in JSON' };

export function registerPlan(program: Command): void {
  const plan = program
    .command('plan')
    .description(said({ en: 'plan versions in the store: save (the next version), history, diff', it: "versioni dei piani nell'archivio: save (la versione successiva), history, diff" }));
  withExitCodes(addActorOptions(addDbOption(plan.command('save').description(said({ en: 'save a plan file as the next version of its plan', it: 'salva un file di piano come versione successiva del suo piano' })))))
    .argument('<file>', said({ en: 'plan JSON file', it: 'file JSON del piano' }))
    .option('--schema <file>', said({ en: 'fact schema JSON (checks fact names in formulas)', it: 'JSON dello schema dei fatti (controlla i nomi dei fatti nelle formule)' }))
    .action(action('plan save', async (file: string, o: Parameters<typeof Plan.planSave>[0]) => (await import('./plan.js')).planSave({ ...o, file })));
  withExitCodes(
    addDbOption(plan.command('history').description(said({ en: "a plan's versions: number, hash, effective dates, who saved it", it: "le versioni di un piano: numero, hash, date di validità, chi l'ha salvata" }))),
  )
    .argument('<plan>', said(PLAN_ID))
    .option('--json', said(AS_JSON))
    .action(action('plan history', async (id: string, o: Parameters<typeof Plan.planHistory>[0]) => (await import('./plan.js')).planHistory({ ...o, plan: id })));
  withExitCodes(addDbOption(plan.command('diff').description(said({ en: 'what changed between two versions of a plan', it: 'cosa è cambiato tra due versioni di un piano' }))))
    .argument('<plan>', said(PLAN_ID))
    .argument('<from>', said(VERSION_NUMBER))
    .argument('[to]', said({ en: 'version number (default: the latest)', it: "numero di versione (predefinito: l'ultima)" }))
    .option('--json', said(AS_JSON))
    .action(
      action('plan diff', async (id: string, from: string, to: string | undefined, o: Parameters<typeof Plan.planDiff>[0]) =>
        (await import('./plan.js')).planDiff({ ...o, plan: id, from: versionNumber(from), ...(to !== undefined ? { to: versionNumber(to) } : {}) }),
      ),
    );
}
