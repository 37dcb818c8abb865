/** Runs the `provvigo` CLI from its TypeScript source, as a separate process, exactly as a user would run the binary. */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT: string = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN: string = join(ROOT, 'packages/cli/src/bin.ts');
export const SAMPLE: string = join(ROOT, 'examples/utility');
export const SMALL: string = join(SAMPLE, 'fixtures/small');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --conditions=@provvigo/source --import tsx packages/cli/src/bin.ts …args` from the repository root. */
export function provvigo(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', BIN, ...args], {
      cwd: ROOT,
      // English unless a test asks otherwise: the CLI's errors follow the machine's locale (LANG=it_IT… is Italian)
      env: { ...process.env, FORCE_COLOR: '0', PROVVIGO_LOCALE: 'en', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The arguments of `provvigo run` over the small fixed sample. */
export function smallRunArgs(out: string, facts: 'facts' | 'facts-csv' = 'facts-csv', partners = join(SMALL, 'partners.json')): string[] {
  return [
    'run',
    '--plan', join(SAMPLE, 'plans'),
    '--schema', join(SAMPLE, 'factSchema.json'),
    '--partners', partners,
    '--facts', join(SMALL, facts),
    '--period', '2026-10',
    '--out', out,
  ];
}
