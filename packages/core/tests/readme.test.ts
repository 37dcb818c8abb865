import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The README's embedding example is run as written (the import is pointed at the sources), so it stays true.
const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
const block = /## Embedding the engine\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
const dir = fileURLToPath(new URL('./.readme/', import.meta.url));

describe('README embedding example', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs and prints what its comment says', async () => {
    expect(block).toBeDefined();
    const code = block!
      .replace("from '@provvigo/core'", "from '../../src/index.js'")
      .replace('console.log(', 'out.push(');
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}example.ts`, `export const out: unknown[] = [];\n${code}`);
    const { out } = (await import(`${dir}example.ts`)) as { out: unknown[] };
    expect(out[0]).toBe('38.40');
    expect(out[1]).toContain('Provvigione = kWh 3.200 × Rate 0,012 = 38,40 €');
    expect(block!.split('\n').length).toBeLessThanOrEqual(21);
  });
});
