import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  test: { name: 'adapter-sap', isolate: false, include: ['tests/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 180_000 },
});
