// The standard "functions short enough to read at once (split anything past ~150 lines)", held by a test: every
// function of the shipped and run code (packages' and apps' sources, the example, the bench, the scripts) is at most
// MAX_LINES lines long, nested functions counted within the function that holds them. Test files are left out: a
// `describe` callback is a list of tests, not a function to read at once.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const MAX_LINES = 150;

/** The TypeScript sources git knows (tracked or new, not ignored), outside tests and type declarations. */
function sources(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.tsx', '*.mts'], { cwd: ROOT, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((f) => f !== '' && !f.endsWith('.d.ts') && !f.endsWith('.d.mts'))
    .filter((f) => !/(^|\/)tests?\//.test(f) && !/\.(test|spec)\.tsx?$/.test(f) && !f.includes('/stories/') && !f.endsWith('.stories.tsx'));
}

/** Every function of a file longer than `max` lines: `file:line name (n lines)`. */
export function longFunctions(file: string, text: string, max: number): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (n: ts.Node): void => {
    const isFunction = ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isConstructorDeclaration(n);
    if (isFunction && n.body) {
      const first = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const lines = sf.getLineAndCharacterOfPosition(n.end).line - first + 1;
      if (lines > max) {
        const named = n.name ?? (ts.isVariableDeclaration(n.parent) || ts.isPropertyAssignment(n.parent) ? n.parent.name : undefined);
        found.push(`${file}:${first + 1} ${named ? named.getText(sf) : '(anonymous)'} (${lines} lines)`);
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

describe('function length', () => {
  it(`finds a function past ${MAX_LINES} lines (the check can fail)`, () => {
    const body = Array.from({ length: MAX_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    expect(longFunctions('long.ts', `export function long() {\n${body}\n}\n`, MAX_LINES)).toEqual([`long.ts:1 long (${MAX_LINES + 2} lines)`]);
    expect(longFunctions('short.ts', 'export const short = () => 1;\n', MAX_LINES)).toEqual([]);
  });

  it(`no function of the sources is longer than ${MAX_LINES} lines`, () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(300);
    const long = files.flatMap((f) => longFunctions(f, readFileSync(join(ROOT, f), 'utf8'), MAX_LINES));
    expect(long).toEqual([]);
  });
});
