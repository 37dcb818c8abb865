import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// HyperFormula prints its licence notice at most once per process: each check runs in a fresh process of its own
// (tests/fixtures/hyperformulaConsole.ts), so it sees the notice whatever other test files the worker ran before.
const packageDir = fileURLToPath(new URL('..', import.meta.url));
function inFreshProcess(mode: 'direct' | 'core'): { calls: number; threw: boolean; consoleRestored: boolean } {
  const out = execFileSync(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', 'tests/fixtures/hyperformulaConsole.ts', mode], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 60_000,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe("HyperFormula's console output", () => {
  it('HyperFormula itself prints a notice for a key that does not compute (what core must keep off the console)', () => {
    expect(inFreshProcess('direct').calls).toBeGreaterThan(0);
  });

  it('core builds it quietly and reports the bad key as an issue instead, and the console works again afterwards', () => {
    expect(inFreshProcess('core')).toEqual({ calls: 0, threw: true, consoleRestored: true });
  });
});
