import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

type ProjectTest = NonNullable<UserWorkspaceConfig['test']>;

/**
 * What every workspace project's vitest config shares, stated once (a project's config file does not inherit the root
 * config's test options: a root `testTimeout` was found to leave projects at vitest's 5 s default):
 * - tests import workspace packages from their TypeScript sources (the `@provvigo/source` export condition), so no
 *   build is needed before testing;
 * - `isolate: false`: a worker runs the project's files one after another in one process, so the sources they import
 *   are loaded once per worker instead of once per file (import was a third of small files' time; the full run on
 *   Node 24, 2 cores: 913 s isolated, 783 s without, 2026-12-04; core 54 → 22 s of CPU, 2026-12-05). The tests keep no
 *   state between files: each opens its own store, server and browser;
 * - timeouts long enough for a busy 2-core machine, where Chromium, LibreOffice and PostgreSQL start slowly.
 * A project passes its name and whatever it does differently.
 */
export function provvigoProject(test: ProjectTest & { name: string }): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions: ['@provvigo/source'] },
    ssr: { resolve: { conditions: ['@provvigo/source'] } },
    test: { isolate: false, include: ['tests/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000, ...test },
  });
}
