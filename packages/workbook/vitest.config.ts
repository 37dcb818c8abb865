import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  ssr: { resolve: { conditions: ['@provvigo/source'] } },
  test: { name: 'workbook', isolate: false, include: ['tests/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
