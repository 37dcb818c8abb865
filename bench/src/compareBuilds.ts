/**
 * E with core built at another git revision against E with core's current build, each in its own process, the two
 * taking turns `--pairs` times; each process times `--runs` runs of E after one warm-up and reports their median.
 *
 *   pnpm build && pnpm --filter @provvigo/bench run bench:compare --rev bfdcea2 [--against <rev>] [--pairs 6] [--runs 5] [--lines 200000] [--verify sample]
 *
 * `--verify full` times EF (every cell recomputed by HyperFormula) instead of E; `off` times E0.
 * `--against` compares with core built at that revision instead of the current build (both built as `--rev` is).
 *
 * Why processes and not one: importing both builds into one process and timing them taking turns favoured the
 * second by ~12 % when both were the same code (2026-12-05), enough to hide or invent a change's effect. Two
 * processes of the same build differ by the machine's noise alone (±4 % here). The revision's core is built in a
 * temporary git worktree (its `dist/`, with this checkout's dependencies), which is removed afterwards. The two
 * builds' output hashes are compared too: a format change shows as "differ".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { VerifyMode } from '@provvigo/core';
import { nativeSha256 } from '@provvigo/pool';
import { engineInput, workload } from './data.js';
import { fmt, median } from './measure.js';
import { stopUnlessShippedBuild } from './shippedBuild.js';

const here = fileURLToPath(import.meta.url);
const root = resolve(dirname(here), '../..');
const { values } = parseArgs({
  options: {
    rev: { type: 'string' },
    against: { type: 'string' },
    pairs: { type: 'string', default: '6' },
    runs: { type: 'string', default: '5' },
    lines: { type: 'string', default: '200000' },
    verify: { type: 'string', default: 'sample' },
    child: { type: 'string' },
  },
});

/** One process's figure: the median of `runs` runs of E with the core build in `dist`, and the run's output hash. */
async function child(dist: string): Promise<void> {
  const core = (await import(pathToFileURL(join(dist, 'index.js')).href)) as typeof import('@provvigo/core');
  const hf = (await import(pathToFileURL(join(dist, 'hyperformula.js')).href)) as typeof import('@provvigo/core/hyperformula');
  const input = engineInput(workload('big', 500, Number(values.lines)));
  const verifyMode = values.verify as VerifyMode;
  const engine = hf.hyperFormulaEngine({ licenseKey: 'gpl-v3' });
  const once = () => core.evaluateStream(input, { formulaEngine: engine, verify: verifyMode, createHash: nativeSha256 }, () => {});
  once(); // warm-up, not timed
  const times: number[] = [];
  let outputHash = '';
  for (let r = 0; r < Number(values.runs); r++) {
    const t = performance.now();
    outputHash = once().outputHash;
    times.push(performance.now() - t);
  }
  process.stdout.write(JSON.stringify({ ms: median(times), outputHash }));
}

/** Core's `dist/` built at `rev` in a temporary worktree; `remove` deletes the worktree. */
function buildAt(rev: string): { dist: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'provvigo-compare-'));
  rmSync(dir, { recursive: true });
  execFileSync('git', ['-C', root, 'worktree', 'add', '--detach', '--quiet', dir, rev], { stdio: 'inherit' });
  const remove = () => execFileSync('git', ['-C', root, 'worktree', 'remove', '--force', dir]);
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    symlinkSync(join(root, 'packages/core/node_modules'), join(dir, 'packages/core/node_modules'));
    execFileSync('npx', ['tsup'], { cwd: join(dir, 'packages/core'), stdio: 'ignore' });
  } catch (e) {
    remove();
    throw new Error(`[bench] could not build core at ${rev}: ${(e as Error).message}`);
  }
  return { dist: join(dir, 'packages/core/dist'), remove };
}

function runChild(dist: string): { ms: number; outputHash: string } {
  const out = execFileSync(process.execPath, [...process.execArgv, here, '--child', dist, '--runs', String(values.runs), '--lines', String(values.lines), '--verify', String(values.verify)], { encoding: 'utf8' });
  return JSON.parse(out) as { ms: number; outputHash: string };
}

async function main(): Promise<void> {
  if (!['full', 'sample', 'off'].includes(String(values.verify))) throw new Error(`[bench] --verify is full, sample or off, not "${values.verify}"`);
  if (values.child) return child(values.child);
  if (!values.rev) throw new Error('[bench] name the revision to compare with: --rev <git revision>');
  if (!values.against) stopUnlessShippedBuild();
  const other = buildAt(values.rev);
  const against = values.against ? buildAt(values.against) : undefined;
  const current = against ? against.dist : join(root, 'packages/core/dist');
  try {
    const b = values.against ? `core at ${values.against}` : 'the current build';
    const what = { full: 'EF', off: 'E0' }[String(values.verify)] ?? 'E';
    console.log(`# ${what} at ${fmt(Number(values.lines))} lines: core at ${values.rev} (A) against ${b} (B), separate processes taking turns, median of ${values.runs} runs each`);
    const a: number[] = [];
    const bs: number[] = [];
    const hashes = new Set<string>();
    for (let p = 0; p < Number(values.pairs); p++) {
      const x = runChild(other.dist);
      const y = runChild(current);
      a.push(x.ms);
      bs.push(y.ms);
      hashes.add(x.outputHash).add(y.outputHash);
      console.log(`pair ${p + 1}: A ${fmt(x.ms)} ms, B ${fmt(y.ms)} ms (${fmt((100 * (y.ms - x.ms)) / x.ms, 1)} %)`);
    }
    const faster = bs.filter((ms, i) => ms < a[i]!).length;
    console.log(`A ${fmt(median(a))} ms, B ${fmt(median(bs))} ms (medians): B ${fmt((100 * (median(bs) - median(a))) / median(a), 1)} %, faster in ${faster} of ${bs.length} pairs; output hashes ${hashes.size === 1 ? 'equal' : 'differ'}`);
  } finally {
    other.remove();
    against?.remove();
  }
}

await main();
