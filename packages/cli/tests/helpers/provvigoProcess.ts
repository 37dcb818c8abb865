import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const cliRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BIN = join(cliRoot, 'src/bin.ts');

export interface CliResult {
  code: number | null;
  stderr: string;
  stdout: string;
}

/**
 * The child's environment: this one, with English pinned (`PROVVIGO_LOCALE=en`) so English assertions hold on a machine
 * whose LANG is Italian, then `overrides`; a variable set to undefined there is removed (to test the system's locale).
 */
function childEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', PROVVIGO_USER: 'carla', PROVVIGO_LOCALE: 'en', ...overrides };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/**
 * Runs `provvigo …args` from the TypeScript sources as its own process, as a user would: exit code, stdout, stderr.
 * With `killAfterMs`, a process still running then is killed (code null): a command that hangs fails its test and
 * leaves no process behind. `env` overrides variables of the child's environment (see `childEnv`).
 */
export async function provvigo(args: readonly string[], options: { killAfterMs?: number; env?: Record<string, string | undefined> } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, ['--conditions=@provvigo/source', '--import', 'tsx', BIN, ...args], {
    cwd: cliRoot,
    env: childEnv(options.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.killAfterMs ? { timeout: options.killAfterMs, killSignal: 'SIGKILL' as const } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  return { code, stderr, stdout };
}

/** No crash: no stack frame, no TypeError, no bare message of a null read. */
export function expectNoCrash(r: CliResult): void {
  expect(r.stderr).not.toMatch(/^ {4}at /m);
  expect(r.stderr).not.toContain('TypeError');
  expect(r.stderr).not.toMatch(/Cannot (read properties|destructure|convert)/);
}

/** Exit code not 0, `file` named on stderr, and no crash. */
export function expectClearError(r: CliResult, file: string): void {
  expect(r.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`).not.toBe(0);
  expect(r.stderr).toContain(file);
  expectNoCrash(r);
}
