// A Vite plugin writing modules.json and chunks.json next to the config that uses it: every module in the bundle
// with its rendered length, and every chunk with its file, whether the page loads it first (the entry and what it
// imports statically) or later (a dynamic import), and its modules — so scripts/test-consumer.mjs can name what a
// bundle holds, prove the formula engine is not among it or not in the initial chunks, and measure each part.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function listModules(dir) {
  return {
    name: 'list-modules',
    generateBundle(_options, bundle) {
      const modules = {};
      const chunks = [];
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(chunk.modules)) modules[id] = info.renderedLength;
        chunks.push({ file: chunk.fileName, isEntry: chunk.isEntry, imports: chunk.imports, modules: Object.keys(chunk.modules) });
      }
      writeFileSync(join(dir, 'modules.json'), JSON.stringify(modules, null, 1));
      writeFileSync(join(dir, 'chunks.json'), JSON.stringify(chunks, null, 1));
    },
  };
}
