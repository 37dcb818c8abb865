import { readFileSync } from 'node:fs';
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
    for (const file of ['Statement.stories.tsx', 'Review.stories.tsx']) {
      let source: string;
      try {
        source = readFileSync(new URL(`../stories/${file}`, import.meta.url), 'utf8');
      } catch {
        continue;
      }
      expect(source, file).not.toMatch(/\b(evaluate|bookPeriod|computeFiscal|portalView)\(/);
    }
  });
});
