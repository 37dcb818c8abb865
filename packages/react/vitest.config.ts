import { provvigoProject } from '../../scripts/vitest/project.js';

// One project: fast unit tests of the pure parts and server-rendered components, plus the real-browser suite
// (tests/browser), which builds the root Storybook once, serves it on 127.0.0.1 and drives Debian's Chromium.
export default provvigoProject({ name: 'react', include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'], environment: 'node', hookTimeout: 300_000 });
