import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { portalFixtures } from '../stories/fixtures/portalFixtures.js';

// The stories read precomputed data (no engine at import time, so Storybook opens fast). This test recomputes it with
// the real engine and fails when the file is stale; regenerate with stories/fixtures/generate.ts.
describe('story fixtures', () => {
  it('stories/fixtures/portal.json equals a fresh computation on the sample', () => {
    const stored = JSON.parse(readFileSync(new URL('../stories/fixtures/portal.json', import.meta.url), 'utf8'));
    expect(stored).toEqual(JSON.parse(JSON.stringify(portalFixtures())));
  });

  it('no story module runs the engine when it is imported', () => {
    // every story file of the Storybook (.storybook/main.ts): react's and the studio's
    const dirs = [new URL('../stories/', import.meta.url), new URL('../../../apps/studio/client/pages/', import.meta.url)];
    const files = dirs.flatMap((d) => readdirSync(d).filter((f) => f.endsWith('.stories.tsx')).map((f) => new URL(f, d)));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(readFileSync(file, 'utf8'), file.pathname).not.toMatch(/\b(evaluate|bookPeriod|computeFiscal|portalView|computePreview|computeGates)\(/);
  });
});
