import { closestName, type BothLanguages } from '@provvigo/core';
import type { SalesforceConfig } from './mapping.js';

/**
 * What is wrong with a choice of objects to sync, or undefined: it names none, or names one the mapping does not hold.
 * A sync limited to a misspelt object (`Contrat`) would read nothing and report success, so `syncSalesforce` refuses
 * it (and the CLI's `--objects`, before calling Salesforce). The text names the mapped object most likely meant, or
 * lists the mapped ones; the caller puts where the choice came from in front of it.
 */
export function objectChoiceProblem(config: SalesforceConfig, objects: readonly string[]): BothLanguages | undefined {
  if (objects.length === 0) return { en: 'no object named (leave the choice out to sync every mapped object)', it: 'nessun oggetto indicato (ometti la scelta per sincronizzare tutti gli oggetti mappati)' };
  const mapped = config.objects.map((m) => m.object);
  const known = new Set(mapped);
  const unknown = objects.find((name) => !known.has(name));
  if (unknown === undefined) return undefined;
  const meant = closestName(unknown, mapped);
  const hint = meant === undefined ? { en: `mapped: ${mapped.join(', ')}`, it: `mappati: ${mapped.join(', ')}` } : { en: `did you mean ${meant}?`, it: `forse ${meant}?` };
  return { en: `${unknown} is not a mapped object (${hint.en})`, it: `${unknown} non è un oggetto mappato (${hint.it})` };
}
