import { CliError } from '../io/errors.js';

/**
 * The Salesforce API names of `--objects`, each once, in the order given; none given (undefined) means every object.
 * `sync salesforce` and its quarantine listing read the option the same way.
 */
export function objectNames(objects: string | undefined): string[] | undefined {
  if (objects === undefined) return undefined;
  const names = [...new Set(objects.split(',').map((s) => s.trim()).filter(Boolean))];
  if (names.length === 0) throw new CliError({ en: '--objects: no object named', it: '--objects: nessun oggetto indicato' });
  return names;
}
