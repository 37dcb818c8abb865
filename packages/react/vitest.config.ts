import { defineProject } from 'vitest/config';

// One project: fast unit tests of the pure parts and server-rendered components, plus the real-browser suite
// (tests/browser), which builds the root Storybook once, serves it on 127.0.0.1 and drives Debian's Chromium.
export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  test: {
    name: 'react',
    isolate: false,
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
