import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  test: { name: 'store', include: ['tests/**/*.test.ts'], fileParallelism: false },
});
