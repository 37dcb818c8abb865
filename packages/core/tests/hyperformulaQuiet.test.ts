import { HyperFormula } from 'hyperformula';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlanError } from '../src/index.js';
import { assertLicensed } from '../src/hyperformula/index.js';

afterEach(() => vi.restoreAllMocks());

describe("HyperFormula's console output", () => {
  it('HyperFormula itself prints a notice for a key that does not compute (what core must keep off the console)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    HyperFormula.buildFromArray([['=1']], { licenseKey: 'not-a-key-direct' }).destroy();
    expect(warn.mock.calls.length + error.mock.calls.length).toBeGreaterThan(0);
  });

  it('core builds it quietly and reports the bad key as an issue instead', () => {
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    expect(() => assertLicensed('not-a-key-quiet', ['SUM'])).toThrow(PlanError);
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
    // and the console works again afterwards
    expect(console.warn).toBe(warn);
  });
});
