// Every package's public entry points export exactly the names pinned in exports.pinned.ts: an accidental export
// (a helper leaking out of an index) or removal (a rename that breaks embedding apps) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportedNames } from './exportedNames.js';
import { PINNED_EXPORTS } from './exports.pinned.js';
import { ROOT } from './helpers.js';

interface Manifest {
  name: string;
  exports?: Record<string, string | Record<string, unknown>>;
}

/** Every JavaScript entry point of every package: `name` or `name/subpath` → its TypeScript source. */
function entryPoints(): Array<{ entry: string; source: string }> {
  const entries: Array<{ entry: string; source: string }> = [];
  for (const dir of readdirSync(join(ROOT, 'packages')).sort()) {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const source = typeof target === 'object' ? target['@provvigo/source'] : undefined;
      if (typeof source !== 'string' || !/\.tsx?$/.test(source)) continue; // package.json, stylesheets
      entries.push({ entry: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`, source: join(ROOT, 'packages', dir, source) });
    }
  }
  return entries;
}

const entries = entryPoints();

describe('public exports', () => {
  it('every entry point is pinned, and every pinned entry point exists', () => {
    expect(entries.map((e) => e.entry).sort()).toEqual(Object.keys(PINNED_EXPORTS).sort());
  });

  it.each(entries)('$entry exports exactly its pinned names', async ({ entry, source }) => {
    const mod = (await import(pathToFileURL(source).href)) as Record<string, unknown>;
    const actual = Object.keys(mod).sort();
    const pinned = [...(PINNED_EXPORTS[entry] ?? [])].sort();
    const added = actual.filter((n) => !pinned.includes(n));
    const removed = pinned.filter((n) => !actual.includes(n));
    expect({ entry, added, removed }, `update tests/exports.pinned.ts if ${entry}'s API change is deliberate`).toEqual({ entry, added: [], removed: [] });
  });
});

/**
 * Names two packages may both export, each with the reason. `Statement` is core's type of a partner's statement and
 * the name of @provvigo/react's component rendering one (`<Statement statement={…} />`, the component issue 18 and
 * the react README name): a type and a component, imported side by side as `type Statement as RunStatement`.
 */
const SHARED_ON_PURPOSE = new Map<string, string>([['Statement', "core's statement type and react's <Statement> component"]]);

/** The package of an entry point: `@provvigo/core/schema` → `@provvigo/core`. */
const packageOf = (entry: string) => entry.split('/').slice(0, 2).join('/');

describe('one owner per exported name', () => {
  it('no name is exported by two packages (runtime names as pinned, type names from the sources)', () => {
    const owners = new Map<string, Set<string>>();
    const add = (name: string, entry: string) => {
      const set = owners.get(name) ?? new Set<string>();
      set.add(packageOf(entry));
      owners.set(name, set);
    };
    for (const [entry, names] of Object.entries(PINNED_EXPORTS)) for (const name of names) add(name, entry);
    for (const { entry, source } of entries) for (const name of exportedNames(source)) add(name, entry);
    const shared = [...owners]
      .filter(([name, packages]) => packages.size > 1 && !SHARED_ON_PURPOSE.has(name))
      .map(([name, packages]) => `${name}: ${[...packages].sort().join(', ')}`)
      .sort();
    expect(shared, 'one package owns each name: the others import it from there, or name their own concept differently').toEqual([]);
  });

  it('the source walk finds type-only names (so the check above covers them)', () => {
    const core = entries.find((e) => e.entry === '@provvigo/core');
    const names = exportedNames(core!.source);
    // InvoiceLine and InvoiceTotals are types only (z.infer): absent from the runtime pins, present in the walk
    expect(PINNED_EXPORTS['@provvigo/core']).not.toContain('InvoiceTotals');
    expect([...names]).toEqual(expect.arrayContaining(['InvoiceLine', 'InvoiceTotals', 'InvoiceTotalsSchema', 'formatMoney', 'formatDate']));
  });
});
