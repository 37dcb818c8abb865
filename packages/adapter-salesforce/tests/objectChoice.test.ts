// A sync limited to objects the mapping does not hold read nothing and reported success: `--objects Contrat` (or an
// embedder's `objects: ['Contrat']`) synced no object, printed no reconciliation line and exited 0. The choice is
// now refused before Salesforce is called, naming the mapped object meant; the real jsforce client and the fake
// Salesforce show that no request reached it.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../src/errors.js';
import { objectChoiceProblem } from '../src/objectChoice.js';
import { syncSalesforce } from '../src/sync.js';
import { harness, makeContracts, NOW, storedIds, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the objects a sync is limited to', () => {
  it('names the mapped object a misspelt one meant, or lists the mapped ones; an empty choice is refused', async () => {
    h = await harness(makeContracts(3), { mode: 'rest' });
    expect(objectChoiceProblem(h.config, ['Contract'])).toBeUndefined();
    expect(objectChoiceProblem(h.config, ['Contract', 'Contrat'])).toEqual({
      en: 'Contrat is not a mapped object; did you mean "Contract"?',
      it: 'Contrat non è un oggetto mappato; forse intendevi "Contract"?',
    });
    expect(objectChoiceProblem(h.config, ['Opportunity'])).toEqual({ en: 'Opportunity is not a mapped object (mapped: Contract)', it: 'Opportunity non è un oggetto mappato (mappati: Contract)' });
    expect(objectChoiceProblem(h.config, [])?.en).toBe('no object named (leave the choice out to sync every mapped object)');
  });

  it('syncSalesforce refuses a misspelt object before calling Salesforce, and syncs the mapped one', async () => {
    h = await harness(makeContracts(3), { mode: 'rest' });
    const before = h.fake.log.length;
    const refused = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, objects: ['Contrat'] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).messages).toEqual({ en: 'objects: Contrat is not a mapped object; did you mean "Contract"?', it: 'objects: Contrat non è un oggetto mappato; forse intendevi "Contract"?' });
    expect(h.fake.log.length).toBe(before);
    expect(await storedIds(h.db)).toEqual([]);
    const [report] = await syncSalesforce(h.config, { db: h.db, client: h.client, now: NOW, objects: ['Contract'] });
    expect(report!.inserted).toBe(3);
  });
});
