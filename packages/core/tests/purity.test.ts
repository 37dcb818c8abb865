import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertLicensed } from '../src/hyperformula/index.js';
import { PlanError } from '../src/index.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []));

describe('core stays pure (runs in browsers: no Node built-ins, no IO, no clock)', () => {
  it('imports no Node built-in module', () => {
    const offenders = files(src).filter((f) => /from ['"](node:|fs['"]|path['"]|crypto['"]|os['"]|child_process['"]|worker_threads['"])/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('reads no clock and no environment in the engine', () => {
    const engine = files(src).filter((f) => /src\/(engine|formula|plan|evaluate|merge|explain|hash|money)/.test(f));
    const offenders = engine.filter((f) => /\b(Date\.now|new Date\(\)|process\.env|Math\.random)\b/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the main entry never loads HyperFormula: only the @provvigo/core/hyperformula subpath does', () => {
    // Follows every relative import (static, dynamic, re-export) from an entry and lists the packages it reaches.
    const reached = (entry: string) => {
      const seen = new Set<string>();
      const packages = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        const text = readFileSync(file, 'utf8');
        const statics = /^\s*(?:import|export)\s+(?:type\s+)?(?:\{[^}]*\}|\*(?:\s+as\s+\w+)?|\w+(?:\s*,\s*\{[^}]*\})?)\s+from\s*['"]([^'"]+)['"]/gm;
        const dynamics = /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
        for (const m of [...text.matchAll(statics), ...text.matchAll(dynamics)]) {
          const spec = m[1]!;
          if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
          else packages.add(spec);
        }
      };
      visit(join(src, entry));
      return packages;
    };
    const main = reached('index.ts');
    expect(main.has('decimal.js')).toBe(true); // the walk does reach core's own dependencies
    expect(main.has('hyperformula')).toBe(false);
    expect(reached('schema/index.ts').has('hyperformula')).toBe(false);
    expect(reached('hyperformula/index.ts').has('hyperformula')).toBe(true);
  });

  it('schema subpath does not load the formula engine', () => {
    const schemaFiles = files(join(src, 'schema'));
    expect(schemaFiles.filter((f) => /hyperformula/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});

describe('licence check', () => {
  it('names the function the key does not include', () => {
    expect(() => assertLicensed('gpl-v3', ['SUM', 'NOT_A_FUNCTION'])).toThrow(PlanError);
    let thrown: unknown;
    try {
      assertLicensed('gpl-v3', ['SUM', 'NOT_A_FUNCTION']);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PlanError);
    expect((thrown as PlanError).issues).toEqual([expect.objectContaining({ code: 'unlicensed_function', message: expect.stringContaining('NOT_A_FUNCTION') })]);
    expect(() => assertLicensed('gpl-v3', ['SUM', 'INDEX', 'MATCH', 'ARRAYFORMULA'])).not.toThrow();
  });
});
