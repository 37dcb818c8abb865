/**
 * A source scan for the packages' tests: every call that makes something a user reads (an error, an issue) gives its
 * text in both languages. The tests of documents, core and fiscal-it name the constructors and functions to look at
 * and which argument is the text; this reads their sources with TypeScript's parser, so a text split over lines, a
 * template with `${…}` or a nested call is read as the compiler reads it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Per constructor (`new X(…)`) or function (`f(…)`) name, the index of the argument holding the text. */
export type TextArguments = ReadonlyMap<string, number>;

/** One call found: `file:line name`, and whether its text is given in both languages. */
export interface TextCall {
  at: string;
  both: boolean;
}

/**
 * Whether `node` is given in both languages: an object literal with `en` and `it`, a conditional between two such, or
 * a name whose every declaration in the file is typed `BothLanguages` or initialised with one (by name, not by scope:
 * one English-only declaration of the name fails them all). A string, a template, any other call: no.
 */
function inBothLanguages(node: ts.Expression, sf: ts.SourceFile): boolean {
  if (ts.isParenthesizedExpression(node)) return inBothLanguages(node.expression, sf);
  if (ts.isConditionalExpression(node)) return inBothLanguages(node.whenTrue, sf) && inBothLanguages(node.whenFalse, sf);
  if (ts.isObjectLiteralExpression(node)) {
    const keys = node.properties.map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined));
    return keys.includes('en') && keys.includes('it');
  }
  if (!ts.isIdentifier(node)) return false;
  const verdicts: boolean[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n)) && ts.isIdentifier(n.name) && n.name.text === node.text) {
      verdicts.push(n.type?.getText(sf) === 'BothLanguages' || (n.initializer !== undefined && inBothLanguages(n.initializer, sf)));
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return verdicts.length > 0 && verdicts.every(Boolean);
}

/** Every `new X(…)` and `f(…)` of `text` that `args` names, with whether its text argument is in both languages. */
export function textCalls(file: string, text: string, args: TextArguments): TextCall[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: TextCall[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && args.has(n.expression.text)) {
      const arg = n.arguments?.[args.get(n.expression.text)!];
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
      found.push({ at: `${file}:${line} ${n.expression.text}`, both: arg !== undefined && inBothLanguages(arg, sf) });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

/** `textCalls` over every .ts file below each folder, files named relative to `root`. */
export function textCallsUnder(root: string, folders: readonly string[], args: TextArguments): TextCall[] {
  return folders.flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .flatMap((f) => textCalls(relative(root, join(root, folder, f)), readFileSync(join(root, folder, f), 'utf8'), args)),
  );
}

/** How many calls the scan found in each file: a test pins them, so a scan that finds nothing cannot pass. */
export function callsByFile(calls: readonly TextCall[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const file = c.at.slice(0, c.at.indexOf(':'));
    out[file] = (out[file] ?? 0) + 1;
  }
  return out;
}
