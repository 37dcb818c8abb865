import { describe, expect, it } from 'vitest';
import { evaluate } from '@provvigo/core';
import { computePreview } from '../src/index.js';
import { loadSample } from './sample.js';

/**
 * The live preview keeps each fact table's records for the previewed partner, by table name: names the host read from
 * the user's files, so a parsed JSON can hold a table called `__proto__`. Written with `out[table] = records`, that
 * table set the object's prototype instead: it vanished from the preview, whose issues then differed from a run's
 * ("facts for unknown table" is reported by the run, not by the preview).
 */
const sample = loadSample();
const fieldService = sample.plans['field-service']!;
const target = { sheet: 'Jobs', name: 'Fee', kind: 'column' as const };
const partner = sample.input.partners.find((p) => p.kind === 'installer')!;

/** The sample's facts with an extra own table called `name` (as JSON.parse gives it). */
function withTable(name: string) {
  const facts = { ...sample.input.facts };
  Object.defineProperty(facts, name, { value: [{ id: 'X1' }], enumerable: true, writable: true, configurable: true });
  return { ...sample.input, facts };
}

const unknownTables = (issues: readonly { code: string; path: readonly (string | number)[] }[]) => issues.filter((i) => i.code === 'unknown_reference' && i.path[0] === 'facts').map((i) => i.path[1]);

describe('preview fact tables, whatever they are called', () => {
  for (const name of ['__proto__', 'toString', 'constructor']) {
    it(`reports a fact table named ${name} the schema does not declare, as a run does`, () => {
      const input = withTable(name);
      const run = evaluate({ ...input, plans: [fieldService] }, { hashInputs: false, hashOutputs: false });
      expect(unknownTables(run.issues)).toEqual([name]);
      const preview = computePreview(fieldService, target, { input, partnerId: partner.id });
      expect(unknownTables(preview.issues)).toEqual([name]);
      expect(preview.rows.length).toBeGreaterThan(1);
    });
  }

  it('previews the sample as before', () => {
    const preview = computePreview(fieldService, target, { input: sample.input, partnerId: partner.id });
    expect(unknownTables(preview.issues)).toEqual([]);
    const full = evaluate({ ...sample.input, plans: [fieldService] }, {});
    expect(preview.total).toBe(full.statements.find((s) => s.partnerId === partner.id)?.total);
  });
});
