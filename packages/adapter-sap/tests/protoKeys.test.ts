import { describe, expect, it } from 'vitest';
import { parseSapConfig, SapConfigError } from '../src/index.js';
import { configInput } from './fixtures.js';

/**
 * The SAP configuration is a JSON file keyed by the caller's names (partner ids, components, withholding types).
 * zod's record dropped a key `__proto__` without a word, so a supplier configured for a partner `__proto__` vanished
 * and its invoices failed later as "no SAP supplier"; the file is refused at that key instead.
 */
const MESSAGE = '`__proto__` cannot be a name here: JavaScript reserves it';

type Json = Record<string, Record<string, unknown>>;

/** The configuration as JSON.parse reads it, with `"__proto__": value` first in the object at `path`. */
function configWithProto(path: string, value: unknown): unknown {
  const config = JSON.parse(JSON.stringify(configInput('http://127.0.0.1:1'))) as Json;
  const keys = path.split('.');
  const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, config);
  const last = keys.at(-1)!;
  const rest = JSON.stringify(parent[last]).slice(1, -1);
  parent[last] = JSON.parse(`{"__proto__":${JSON.stringify(value)}${rest ? `,${rest}` : ''}}`);
  return config;
}

const errorOf = (input: unknown) => {
  try {
    parseSapConfig(input);
    return 'parsed';
  } catch (error) {
    return error instanceof SapConfigError ? error.message : error;
  }
};

describe('SAP configuration keys named __proto__', () => {
  it.each([
    ['suppliers', '17300099'],
    ['glAccounts.byComponent', '0061010000'],
    ['costCenters.byComponent', 'IT01SALES'],
    ['withholding', { withholdingTaxType: 'RA', withholdingTaxCode: 'R2' }],
  ])('refuses %s.__proto__, naming it', (path, value) => {
    const input = configWithProto(path, value);
    expect(JSON.stringify(input)).toContain('"__proto__"');
    expect(errorOf(input)).toBe(`SAP config is invalid:\n  ${path}.__proto__: ${MESSAGE}`);
  });

  it('keeps suppliers of partners constructor and toString as own entries', () => {
    const config = parseSapConfig({ ...configInput('http://127.0.0.1:1'), suppliers: { constructor: '17300001', toString: '17300002' } });
    expect(Object.getPrototypeOf(config.suppliers)).toBe(Object.prototype);
    expect(Object.entries(config.suppliers)).toEqual([['constructor', '17300001'], ['toString', '17300002']]);
  });
});
