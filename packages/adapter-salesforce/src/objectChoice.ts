import { didYouMean, type BothLanguages } from '@provvigo/core';
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
  const meant = didYouMean(unknown, mapped);
  if (meant.en) return { en: `${unknown} is not a mapped object${meant.en}`, it: `${unknown} non è un oggetto mappato${meant.it}` };
  return { en: `${unknown} is not a mapped object (mapped: ${mapped.join(', ')})`, it: `${unknown} non è un oggetto mappato (mappati: ${mapped.join(', ')})` };
}
