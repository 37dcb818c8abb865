import { describe, expect, it } from 'vitest';
import { resolveSecret } from '../src/client.js';
import { ConfigError } from '../src/errors.js';
import type { Filter } from '../src/mapping.js';
import { compileFilter } from '../src/soql.js';
import { evalCond } from '../src/testing/index.js';

/**
 * Other names the adapter looks up come from the config too (an environment variable's name, a filter operator) or
 * from a query over records (the fake's field reads): each is looked up as an own entry only.
 */
describe('a secret from an environment variable named like an Object member', () => {
  for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
    it(`{ env: "${name}" } is "not set" unless the environment holds it`, () => {
      // process.env inherits Object.prototype's members too: `process.env.toString` is a function
      expect(() => resolveSecret({ env: name })).toThrow(ConfigError);
      expect(() => resolveSecret({ env: name }, {})).toThrow(`environment variable ${name} is not set`);
    });
  }

  it('reads a variable the environment holds, whatever its name', () => {
    expect(resolveSecret({ env: 'toString' }, { toString: 's3cret' } as NodeJS.ProcessEnv)).toBe('s3cret');
    expect(resolveSecret({ env: 'SF_TOKEN' }, { SF_TOKEN: 'tok' })).toBe('tok');
  });
});

describe('filter operators are the DSL own ones', () => {
  it('refuses an operator named like an Object member instead of writing a function into the SOQL', () => {
    // a config built in code, not parsed by FilterSchema
    const filter = { field: 'Status', op: 'toString', value: 'x' } as unknown as Filter;
    expect(() => compileFilter(filter)).toThrow(ConfigError);
    expect(() => compileFilter({ field: 'Status', op: 'constructor', value: 'x' } as unknown as Filter)).toThrow('unknown filter operator "constructor"');
  });

  it('compiles the known operators as before', () => {
    expect(compileFilter({ all: [{ field: 'Status', op: 'eq', value: 'Activated' }, { field: 'Amount', op: 'ge', value: 10 }] })).toBe(
      "(Status = 'Activated') AND (Amount >= 10)",
    );
  });
});

describe("the fake's SOQL evaluation reads a record's own fields", () => {
  it('a field named like an Object member that the record lacks is null', () => {
    expect(evalCond({ field: 'toString', op: '=', value: null }, { Id: 'x' })).toBe(true);
    expect(evalCond({ field: 'Partner__r.constructor', op: '=', value: null }, { Partner__r: {} })).toBe(true);
    expect(evalCond({ field: 'constructor', op: 'IN', values: [null] }, {})).toBe(true);
    expect(evalCond({ field: 'toString', op: '=', value: 'x' }, { toString: 'x' })).toBe(true);
  });
});
