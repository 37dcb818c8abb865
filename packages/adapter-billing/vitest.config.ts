import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@provvigo/source'] },
  test: { name: 'adapter-billing', include: ['tests/**/*.test.ts'] },
});
