// What `provvigo` loads before a command runs. Declaring the commands (names, options, help) must load only commander
// and the CLI's own small modules; each command's work (core, the store and its database drivers, HyperFormula, the
// documents, the adapters, undici…) is imported when that command runs (src/commands/index.ts). Every test here
// spawns the CLI from source with the repository's module-load trace (scripts/consumer/trace-register.mjs, the one
// `pnpm test:consumer` uses), which appends the URL of every module the ES module loader loads to a file.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DB_FOLDER as STORE_DEFAULT_DB_FOLDER } from '@provvigo/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DB_FOLDER } from '../src/commands/storeOptions.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const BIN = join(ROOT, 'packages/cli/src/bin.ts');
const TRACE_REGISTER = join(ROOT, 'scripts/consumer/trace-register.mjs');
const CLI_SOURCE = join(ROOT, 'packages/cli/src') + '/';

/** What declaring the commands may load besides the CLI's own sources: commander, and tsx running them from source. */
const ALLOWED_PACKAGES = /\/node_modules\/(commander|tsx|esbuild|get-tsconfig|resolve-pkg-maps)\//;
/** The heavy dependencies the brief names, to say which of them a regression pulled in. */
const HEAVY = /\/node_modules\/(hyperformula|chevrotain|@electric-sql\/pglite|pg|pdfkit|pdf-lib|@jsforce\/jsforce-node|undici|nodemailer|zod)\//;

let dir: string;
beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'provvigo-startup-'))));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs `provvigo …args` from source under the module-load trace; the module paths it loaded, and its exit code. */
async function traced(args: readonly string[]): Promise<{ code: number | null; stdout: string; modules: string[] }> {
  const file = join(dir, `trace-${args.join('-').replace(/[^\w-]/g, '_')}.txt`);
  const child = spawn(process.execPath, ['--import', TRACE_REGISTER, '--conditions=@provvigo/source', '--import', 'tsx', BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', PROVVIGO_TRACE_FILE: file },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const code = await new Promise<number | null>((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  const urls = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  return { code, stdout, modules: urls.map((u) => (u.startsWith('file:') ? fileURLToPath(u) : u)) };
}

/** Modules outside the CLI's sources and the allowed packages, the heavy ones first. */
function unexpected(modules: readonly string[]): string[] {
  const others = modules.filter((m) => !m.startsWith(CLI_SOURCE) && !ALLOWED_PACKAGES.test(m));
  return [...others.filter((m) => HEAVY.test(m)), ...others.filter((m) => !HEAVY.test(m))];
}

describe('provvigo startup', () => {
  it('--help lists every command and loads only commander and the command declarations', async () => {
    const { code, stdout, modules } = await traced(['--help']);
    expect(code).toBe(0);
    for (const name of ['accruals', 'audit', 'explain', 'fiscal', 'import', 'invoices', 'period', 'plan', 'post', 'run', 'sync', 'validate', 'whatif', 'worker']) {
      expect(stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    }
    expect(modules.some((m) => m.startsWith(CLI_SOURCE))).toBe(true);
    expect(unexpected(modules)).toEqual([]);
    // no command's work module either: those are the files that import the heavy packages
    expect(modules.filter((m) => m.startsWith(join(CLI_SOURCE, 'commands')) && !m.endsWith('.command.ts') && !/\/(index|shared|storeOptions)\.ts$/.test(m))).toEqual([]);
  });

  it("a command's own --help loads nothing more", async () => {
    const { code, stdout, modules } = await traced(['period', 'calculate', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('--queue <redis-url>');
    expect(stdout).toContain(`default $PROVVIGO_DB or ${STORE_DEFAULT_DB_FOLDER}`);
    expect(unexpected(modules)).toEqual([]);
  });

  it('a command that runs loads its work (the trace sees lazily imported modules)', async () => {
    const { code, stdout, modules } = await traced(['validate', '--plan', join(ROOT, 'examples/utility/plans/agency-agents.json')]);
    expect(stdout).toMatch(/^ok: 1 plan\(s\)/m);
    expect(code).toBe(0);
    expect(modules).toContain(join(CLI_SOURCE, 'commands/validate.ts'));
    expect(modules.some((m) => m.includes('/packages/core/src/'))).toBe(true);
    // validate needs neither the formula engine nor the store
    expect(modules.filter((m) => /\/node_modules\/(hyperformula|@electric-sql\/pglite|pg)\//.test(m))).toEqual([]);
  });

  it("the --db help names the store's default folder, written out so the help does not load the store", () => {
    expect(DEFAULT_DB_FOLDER).toBe(STORE_DEFAULT_DB_FOLDER);
  });
});
