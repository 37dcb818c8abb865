// Every package's public entry points export exactly the names pinned in exports.pinned.ts: an accidental export
// (a helper leaking out of an index) or removal (a rename that breaks embedding apps) fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
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
