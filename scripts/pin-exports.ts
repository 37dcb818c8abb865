// Rewrites tests/exports.pinned.ts from the packages' entry points as they are now. Run it only after deciding that
// the change tests/exports.test.ts reports is intended:
//   node --conditions=@provvigo/source --import tsx scripts/pin-exports.ts
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lines: string[] = [
  '// The public runtime exports of every package entry point, pinned: tests/exports.test.ts fails when an entry point',
  "// gains or loses a name. Changing a package's public API is deliberate: update this list in the same commit (by hand",
  '// or with scripts/pin-exports.ts), with a changeset. Type-only exports are covered by the typecheck and attw.',
  'export const PINNED_EXPORTS: Record<string, readonly string[]> = {',
];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) as { name: string; exports?: Record<string, unknown> };
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    const source = typeof target === 'object' && target ? (target as Record<string, unknown>)['@provvigo/source'] : undefined;
    if (typeof source !== 'string' || !/\.tsx?$/.test(source)) continue;
    const names = Object.keys(await import(pathToFileURL(join(root, 'packages', dir, source)).href)).sort();
    const entry = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    lines.push(`  '${entry}': [`);
    let line = '   ';
    for (const n of names) {
      const item = ` '${n}',`;
      if (line.length + item.length > 116) {
        lines.push(line);
        line = '   ';
      }
      line += item;
    }
    if (line.trim()) lines.push(line);
    lines.push('  ],');
  }
}
lines.push('};', '');
writeFileSync(join(root, 'tests/exports.pinned.ts'), lines.join('\n'));
console.log('tests/exports.pinned.ts rewritten');
