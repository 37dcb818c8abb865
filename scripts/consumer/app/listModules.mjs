// A Vite plugin writing modules.json next to the config that uses it: every module in the bundle with its rendered
// length, so scripts/test-consumer.mjs can name what a bundle holds (and prove the formula engine is not among it).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function listModules(dir) {
  return {
    name: 'list-modules',
    generateBundle(_options, bundle) {
      const modules = {};
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(chunk.modules)) modules[id] = info.renderedLength;
      }
      writeFileSync(join(dir, 'modules.json'), JSON.stringify(modules, null, 1));
    },
  };
}
