/**
 * The bench measures the packages as they ship: their tsup builds in dist/, not their TypeScript sources through tsx.
 * tsx compiles with esbuild's keepNames, which wraps every closure made at run time in `__name` (a defineProperty
 * each); the builds carry none of it. At 20,000 lines that wrapper was 4 % of E and 8 % of the exact computation alone
 * (engineLoop.ts, the same process with and without `--conditions=@provvigo/source`).
 *
 * A build older than its sources would measure old code, so the bench stops and says so. Started with
 * `--conditions=@provvigo/source` (for profiling the sources), it measures them and says its figures are not the
 * product's.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The packages whose code the bench times. */
const MEASURED = ['core', 'pool'];

function newestUnder(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}

/** Whether the measured packages resolve to their sources (the bench started with the source condition). */
export function measuringSources(): boolean {
  return import.meta.resolve('@provvigo/core').endsWith('.ts');
}

/** Stops the bench (exit code 1), naming the packages and the command, when a measured package's build is missing or older than its sources. */
export function stopUnlessShippedBuild(): void {
  if (measuringSources()) return;
  const stale = MEASURED.filter((name) => {
    const root = fileURLToPath(new URL(`../../packages/${name}/`, import.meta.url));
    const built = `${root}dist/index.js`;
    return !existsSync(built) || statSync(built).mtimeMs < newestUnder(`${root}src`);
  });
  if (stale.length === 0) return;
  process.stderr.write(
    `[bench] ${stale.map((n) => `packages/${n}`).join(' and ')}: no build, or sources changed since it: run \`pnpm build\` first (the bench times the built packages, as they ship)\n`,
  );
  process.exit(1);
}
