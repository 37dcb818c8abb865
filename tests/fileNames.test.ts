// Two modules of one folder whose names differ only in case (StatementLines.tsx and statementLines.ts) break the build:
// esbuild resolves `./StatementLines.js` case-insensitively and reads the wrong file, and a checkout on macOS or
// Windows cannot hold both. Every folder's module names must stay distinct ignoring case and extension.
import { execFileSync } from 'node:child_process';
import { dirname, basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Module names (case and extension ignored) that two files of one folder share: `folder/name: a, b`. */
export function caseClashes(files: readonly string[]): string[] {
  const byKey = new Map<string, string[]>();
  for (const f of files) {
    const key = `${dirname(f)}/${basename(f).replace(/\.(d\.)?[cm]?[jt]sx?$/, '').toLowerCase()}`;
    const list = byKey.get(key);
    if (list) list.push(basename(f));
    else byKey.set(key, [basename(f)]);
  }
  return [...byKey].filter(([, names]) => new Set(names.map((n) => n.replace(/\.(d\.)?[cm]?[jt]sx?$/, ''))).size > 1).map(([key, names]) => `${key}: ${names.join(', ')}`);
}

describe('module file names', () => {
  it('finds two modules of one folder that differ only in case (the check can fail)', () => {
    expect(caseClashes(['src/StatementLines.tsx', 'src/statementLines.ts', 'src/index.ts'])).toEqual(['src/statementlines: StatementLines.tsx, statementLines.ts']);
    // the same module as source and declaration is one name, not a clash
    expect(caseClashes(['src/a.ts', 'src/a.d.ts', 'src/b.js'])).toEqual([]);
  });

  it('no folder holds two modules whose names differ only in case', () => {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.tsx', '*.mts', '*.js', '*.mjs', '*.cjs'], { cwd: ROOT, encoding: 'utf8' });
    const files = out.split('\n').filter((f) => f !== '');
    expect(files.length).toBeGreaterThan(300);
    expect(caseClashes(files)).toEqual([]);
  });
});
