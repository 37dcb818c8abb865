import { execFileSync, spawnSync } from 'node:child_process';
import { median, time } from './measure.js';

/**
 * One CPU for both sides of a comparison. LibreOffice loads and recalculates on every CPU it is given (137 % CPU for
 * the 200,000-line workbook on a 2-CPU machine: 23.7 s on both, 30.1 s on one), while E runs the engine on one
 * thread (with V8's own helper threads: 105–110 % CPU). Comparing the two as they come compares two CPUs with one;
 * pinning both to CPU 0 with taskset (util-linux) compares the same hardware.
 */
export function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The command to run `command` on CPU 0 alone. */
export function onCpu0(command: string, args: string[]): [string, string[]] {
  return ['taskset', ['-c', '0', command, ...args]];
}

/** Runs `fn` with every thread of this process on CPU 0 (V8's helpers too), then gives them back the CPUs they had. */
function inThisProcessOnCpu0<T>(fn: () => T): T {
  const pid = String(process.pid);
  // "pid 123's current affinity mask: 3" — the mask to restore
  const mask = /:\s*([0-9a-f]+)\s*$/i.exec(execFileSync('taskset', ['-p', pid], { encoding: 'utf8' }))?.[1];
  if (!mask) throw new Error('[bench] taskset -p did not say this process’s CPU mask');
  execFileSync('taskset', ['-a', '-p', '1', pid], { stdio: 'ignore' });
  try {
    return fn();
  } finally {
    execFileSync('taskset', ['-a', '-p', mask, pid], { stdio: 'ignore' });
  }
}

/**
 * `fn` timed `runs` times on CPU 0 alone, taking turns with `fn` on every CPU, and the medians of each: timed after
 * the rest of the bench, on a heap grown by it, the pinned runs came out 18 % below E timed at the start (2,648
 * against 3,209 ms, 2026-12-05), while taking turns they cost a few percent more, as V8's helper threads share CPU 0.
 */
export function timeTurnsOnCpu0<T>(runs: number, fn: () => T): { pinned: { value: T; ms: number }; free: { ms: number } } {
  const pinned: number[] = [];
  const free: number[] = [];
  let value: T | undefined;
  for (let r = 0; r < runs; r++) {
    free.push(time(fn).ms);
    inThisProcessOnCpu0(() => {
      const t = time(fn);
      value = t.value;
      pinned.push(t.ms);
    });
  }
  return { pinned: { value: value as T, ms: median(pinned) }, free: { ms: median(free) } };
}
