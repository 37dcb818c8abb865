// Every name an entry point exports, types included, read from the TypeScript sources without type-checking: the
// runtime names are pinned (exports.pinned.ts) but type-only names (interfaces, type aliases) exist only in the
// source. A syntactic walk of the export statements, following `export *` into relative modules, takes
// milliseconds, where a type-checker program over every package takes tens of seconds.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

/** The file a relative module specifier ('./x.js', './x', './dir') names, as TypeScript resolves it. */
function resolveRelative(from: string, specifier: string): string {
  const base = join(dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`${from}: cannot resolve "${specifier}"`);
}

const isExported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The exported names of one module file; `seen` guards against `export *` cycles. */
export function exportedNames(file: string, seen: Set<string> = new Set()): Set<string> {
  const names = new Set<string>();
  if (seen.has(file)) return names;
  seen.add(file);
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (clause && ts.isNamedExports(clause)) for (const element of clause.elements) names.add(element.name.text);
      else if (clause && ts.isNamespaceExport(clause)) names.add(clause.name.text);
      else if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const specifier = statement.moduleSpecifier.text;
        // `export * from '<package>'` would re-export another package's names: a duplicate by construction
        if (!specifier.startsWith('.')) throw new Error(`${file}: export * from "${specifier}" re-exports another package`);
        for (const name of exportedNames(resolveRelative(file, specifier), seen)) names.add(name);
      }
    } else if (ts.isExportAssignment(statement)) names.add('default');
    else if (isExported(statement)) {
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
      } else if ('name' in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) names.add((statement.name as ts.Identifier).text);
    }
  }
  return names;
}
