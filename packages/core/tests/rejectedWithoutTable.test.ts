import { describe, expect, it } from 'vitest';
import { evaluate, validateFacts, type Issue } from '../src/index.js';
import * as tiny from './fixtures/tiny.js';

/**
 * A record an adapter or reader rejected before the run comes as an issue in `RunInput.rejected`, naming its table so
 * the run counts it. One that names no table cannot be counted in a table's `in`, but it must not vanish: the run and
 * `validateFacts` report it with the others (both skipped it without a word).
 */
const withTable: Issue = { code: 'invalid_file', severity: 'error', message: 'contracts.csv:7: 9 fields, the header has 7', path: ['facts', 'contracts', 'line 7'], record: { table: 'contracts', id: 'line 7' } };
const noTable: Issue = { code: 'invalid_file', severity: 'error', message: 'export.csv:3: not a record of any table', path: ['facts', 'line 3'] };
const input = { period: tiny.period, plans: [tiny.plan], partners: tiny.partners, factSchema: tiny.factSchema, facts: { contracts: tiny.contracts }, rejected: [withTable, noTable] } as never;

describe('records rejected before the run without a table', () => {
  it('are reported by the run, and the table that is named is counted as before', () => {
    const result = evaluate(input);
    expect(result.issues.map((i) => i.message)).toEqual(expect.arrayContaining([withTable.message, noTable.message]));
    const c = result.counts['contracts']!;
    expect(c.in).toBe(tiny.contracts.length + 1);
    expect(c.in).toBe(c.used + c.excluded + c.rejected);
  });

  it('are reported by validateFacts', () => {
    const v = validateFacts({ factSchema: tiny.factSchema, partners: tiny.partners, facts: { contracts: tiny.contracts }, rejected: [withTable, noTable] } as never);
    expect(v.issues.map((i) => i.message)).toEqual(expect.arrayContaining([withTable.message, noTable.message]));
    expect(v.counts['contracts']!.in).toBe(tiny.contracts.length + 1);
  });
});
