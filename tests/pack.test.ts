/**
 * Publishability: builds core and the CLI (with the workspace packages the CLI depends on), packs them with
 * `pnpm pack`, installs the tarballs plus hyperformula with npm into a throw-away project under the OS temp folder,
 * and uses them from ESM and CommonJS; runs the installed `provvigo` binary; runs publint and attw on core and cli.
 * Needs the npm registry (for hyperformula and third-party dependencies).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, SAMPLE } from './helpers.js';

const run = promisify(execFile);
const sh = (cmd: string, args: string[], cwd: string, timeout = 600_000) =>
  run(cmd, args, { cwd, timeout, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: '0', npm_config_update_notifier: 'false' } });

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

/** Workspace package folders by name. */
async function workspacePackages(): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const dir of await readdir(join(ROOT, 'packages'))) {
    const manifest = JSON.parse(await readFile(join(ROOT, 'packages', dir, 'package.json'), 'utf8').catch(() => '{}')) as Partial<Manifest>;
    if (manifest.name) map.set(manifest.name, join(ROOT, 'packages', dir));
  }
  return map;
}

/** `@provvigo/cli` and every workspace package it depends on, transitively (they must all be packed together). */
async function closure(names: string[], all: Map<string, string>): Promise<string[]> {
  const seen = new Set<string>();
  const visit = async (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(await readFile(join(all.get(name)!, 'package.json'), 'utf8')) as Manifest;
    for (const [dep, range] of Object.entries(manifest.dependencies ?? {})) if (range.startsWith('workspace:') && all.has(dep)) await visit(dep);
  };
  for (const n of names) await visit(n);
  return [...seen];
}

const TINY = `
const plan = {
  id: 'tiny', version: 1, name: 'Tiny', effectiveFrom: '2026-01-01', currency: 'EUR',
  parameters: { Rate: { type: 'number', value: '0.012' } },
  sheets: { Lines: { kind: 'lines', source: 'sales', columns: { Commission: { formula: '=[@kWh] * Rate', type: 'money' } } } },
  payouts: { Commission: { label: 'Commission', sheet: 'Lines', column: 'Commission' } },
};
const factSchema = core.FactSchemaSchema.parse({ tables: { sales: { key: 'id', partner: 'partnerId', date: 'date', columns: {
  id: { type: 'text' }, partnerId: { type: 'text' }, date: { type: 'date' }, kWh: { type: 'number' } } } } });
const parsed = core.parsePlan(plan, { factSchema });
if (!parsed.ok) throw new Error(core.formatIssues(parsed.issues));
const result = core.evaluate({
  period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' },
  plans: [parsed.plan],
  partners: [core.PartnerSchema.parse({ id: 'P1', name: 'Mario Rossi', kind: 'agent', territory: 'Lazio' })],
  factSchema,
  facts: { sales: [{ id: 'S1', partnerId: 'P1', date: '2026-10-05', kWh: 3200 }] },
}, { licenseKey: 'gpl-v3' });
const program = cli.createProgram();
console.log(JSON.stringify({ total: result.statements[0].total, counts: result.counts.sales, explain: core.explain(result.statements[0].lines[0], 'it'), program: program.name() }));
`;

/** Newest modification time of the files under a folder (0 when it does not exist). */
async function newest(dir: string, pick: (a: number, b: number) => number, start: number): Promise<number> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let t = start;
  for (const f of files) if (f.isFile()) t = pick(t, (await stat(join(f.parentPath, f.name))).mtimeMs);
  return t;
}

/**
 * True when a package's dist is missing or older than its sources. CI builds everything before testing, so there the
 * test packs what was built and never cleans a dist other tests may be reading; on a developer machine a stale dist
 * is rebuilt.
 */
async function needsBuild(dir: string): Promise<boolean> {
  const oldestDist = await newest(join(dir, 'dist'), Math.min, Infinity);
  if (oldestDist === Infinity) return true;
  return (await newest(join(dir, 'src'), Math.max, 0)) > oldestDist;
}

let project: string;
let packs: string;

beforeAll(async () => {
  const all = await workspacePackages();
  const names = await closure(['@provvigo/core', '@provvigo/cli'], all);
  // Build core, the CLI and what the CLI depends on, in dependency order, unless every dist is fresh.
  const stale = await Promise.all(names.map((n) => needsBuild(all.get(n)!)));
  if (stale.some(Boolean)) await sh('pnpm', ['--filter', '@provvigo/cli...', '--filter', '@provvigo/core', 'run', 'build'], ROOT);
  packs = await mkdtemp(join(tmpdir(), 'provvigo-packs-'));
  for (const name of names) await sh('pnpm', ['pack', '--pack-destination', packs], all.get(name)!);
  project = await mkdtemp(join(tmpdir(), 'provvigo-pack-project-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'provvigo-pack-smoke', private: true, version: '0.0.0' }));
  const tarballs = (await readdir(packs)).filter((f) => f.endsWith('.tgz')).map((f) => join(packs, f));
  expect(tarballs.length).toBe(names.length);
  await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, 'hyperformula@^3.5.0'], project);
  await writeFile(join(project, 'esm.mjs'), `import * as core from '@provvigo/core';\nimport * as cli from '@provvigo/cli';\n${TINY}`);
  await writeFile(join(project, 'cjs.cjs'), `const core = require('@provvigo/core');\nconst cli = require('@provvigo/cli');\n${TINY}`);
}, 900_000);

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
  if (packs) await rm(packs, { recursive: true, force: true });
});

describe('packed @provvigo/core and @provvigo/cli in a fresh project', () => {
  it.each(['esm.mjs', 'cjs.cjs'])('evaluate and explain a tiny plan from %s', async (file) => {
    const { stdout } = await sh('node', [file], project);
    const out = JSON.parse(stdout) as { total: string; counts: { in: number; used: number }; explain: string; program: string };
    expect(out.total).toBe('38.40');
    expect(out.counts).toMatchObject({ in: 1, used: 1 });
    expect(out.explain).toContain('38,40');
    expect(out.program).toBe('provvigo');
  });

  it('runs the installed provvigo binary', async () => {
    const bin = join(project, 'node_modules', '.bin', 'provvigo');
    const help = await sh(bin, ['--help'], project);
    expect(help.stdout).toContain('Usage: provvigo');
    expect(help.stdout).toMatch(/run \[options\]/);
    const validate = await sh(bin, ['validate', '--plan', join(SAMPLE, 'plans'), '--schema', join(SAMPLE, 'factSchema.json')], project);
    expect(validate.stdout).toContain('ok: 3 plan(s)');
  });
});

describe('publint and are-the-types-wrong', () => {
  it.each(['@provvigo/core', '@provvigo/cli'])('%s passes publint --strict and attw --pack', async (name) => {
    const all = await workspacePackages();
    const { stdout, stderr } = await sh('pnpm', ['exec', 'publint', '--strict'], all.get(name)!);
    expect(`${stdout}${stderr}`).not.toMatch(/error/i);
    // attw exits non-zero on any problem within the node16 profile (node10 is out of scope: ESM-era packages).
    const attw = await sh('pnpm', ['exec', 'attw', '--pack', '.', '--profile', 'node16'], all.get(name)!);
    expect(attw.stdout).toMatch(/node16 \(from ESM\)/);
    expect(attw.stdout).not.toMatch(/❌/);
  });
});

describe('@provvigo/react build', () => {
  it('keeps the "use client" directive at the top of both bundles (Next.js App Router)', async () => {
    const react = join(ROOT, 'packages', 'react');
    if (await needsBuild(react)) await sh('pnpm', ['run', 'build'], react);
    for (const file of ['index.js', 'index.cjs']) {
      const text = await readFile(join(react, 'dist', file), 'utf8');
      expect(text.trimStart().slice(0, 13), file).toMatch(/^["']use client["'];/);
    }
  }, 600_000);
});
