/**
 * Where a large run's memory goes: the engine run of the scaling table (traces kept, serialised, hashed, verify
 * 'sample'), with the live heap (after a full GC) and the RSS at its phases. `node --conditions=@provvigo/source
 * --import tsx --expose-gc bench/src/memProbe.ts [lines=100000] [--snapshot | --snapshot-last]`: a heap snapshot is
 * written when half (or all) the partners' statements are out. The phases' forced GCs change when V8 collects, so its
 * peak RSS is not the scaling table's: that is `--scale-child <lines>` of main.ts.
 */
import { writeHeapSnapshot } from 'node:v8';
import { evaluateStream, inputHash } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { nativeSha256 } from '@provvigo/pool';
import { engineInput, workload } from './data.js';

const lines = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 100_000);
const snapshot = process.argv.includes('--snapshot');
const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => Math.round(n / 2 ** 20);
let peakRss = 0;
const phase = (name: string) => {
  const before = process.memoryUsage();
  peakRss = Math.max(peakRss, before.rss);
  gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`${name.padEnd(28)} rss ${mb(before.rss)} MB (heap used ${mb(before.heapUsed)} MB before GC), live heap ${mb(m.heapUsed)} MB, external ${mb(m.external)} MB, arrayBuffers ${mb(m.arrayBuffers)} MB\n`);
};
phase('start');
const w = workload(`probe-${lines}`, Math.max(1, Math.round(lines / 500)), lines);
phase(`input (${w.contracts.length} records)`);
const t0 = performance.now();
let seen = 0;
const half = Math.floor(w.partners.length / 2);
const input = engineInput(w);
evaluateStream(
  input,
  { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'sample', createHash: nativeSha256, hashInputs: false },
  () => {
    seen++;
    if (seen === 1) phase('first statement');
    if (seen === half) {
      phase('half the partners');
      if (snapshot) process.stdout.write(`snapshot: ${writeHeapSnapshot()}\n`);
    }
    if (seen === w.partners.length) {
      phase('last statement');
      if (process.argv.includes('--snapshot-last')) process.stdout.write(`snapshot: ${writeHeapSnapshot()}\n`);
    }
  },
);
const runMs = performance.now() - t0;
phase('after the run, no input hash');
inputHash(input, nativeSha256);
phase('after the input hash');
process.stdout.write(`${lines} lines: run ${Math.round(runMs)} ms, peak RSS ${mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))} MB\n`);
