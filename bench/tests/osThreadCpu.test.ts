import { describe, expect, it } from 'vitest';
import { threadCpuBetween, threadSnapshot } from '../src/osThreadCpu.js';

/**
 * Keeps this thread busy until its own CPU clock (Node's, not the kernel's file) has advanced by `ms`; returns what it
 * computed, so the loop has a result to keep.
 */
function burn(ms: number): number {
  // process.threadCpuUsage is newer than the @types/node the workspace pins (Node 23.9, backported to 22.15)
  const threadCpuUsage = (process as unknown as { threadCpuUsage(since?: NodeJS.CpuUsage): NodeJS.CpuUsage }).threadCpuUsage.bind(process);
  const start = threadCpuUsage();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 100_000; i++) x = (x * 31 + i) % 1_000_003;
    const used = threadCpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return x;
  }
}

describe.runIf(process.platform === 'linux')('OS threads’ CPU by kind (/proc/self/task)', () => {
  it('counts the CPU the testing thread spends to its kind, within the kernel’s 10 ms ticks', () => {
    const before = threadSnapshot()!;
    burn(300);
    const byKind = threadCpuBetween(before, threadSnapshot()!);
    // vitest runs this file on a thread of its own choosing: the busy one is among the kinds, named without its number
    expect(Math.max(...byKind.values())).toBeGreaterThanOrEqual(250);
    for (const kind of byKind.keys()) expect(kind).not.toMatch(/\d$/);
  });

  it('leaves out threads that used no CPU in between, and counts a thread new since the first snapshot from zero', () => {
    const before = new Map([['1', { kind: 'MainThread', ms: 100 }], ['2', { kind: 'V8Worker', ms: 50 }]]);
    const after = new Map([['1', { kind: 'MainThread', ms: 180 }], ['2', { kind: 'V8Worker', ms: 50 }], ['3', { kind: 'V8Worker', ms: 20 }], ['4', { kind: 'WorkerThread', ms: 0 }]]);
    expect([...threadCpuBetween(before, after)]).toEqual([['MainThread', 80], ['V8Worker', 20]]);
  });
});
