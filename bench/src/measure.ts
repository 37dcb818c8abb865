import { resourceUsage } from 'node:process';

/** Peak resident set size of this process so far, in MiB (2^20 bytes). */
export function peakRssMb(): number {
  return Math.round(resourceUsage().maxRSS / 1024);
}

/** CPU time of this whole process (every thread, V8's own included) since `since` (a `process.cpuUsage()`), in ms. */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

export function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** `fn` timed `runs` times: the median time, and the last run's value. */
export function timeMedian<T>(runs: number, fn: () => T): { value: T; ms: number } {
  return timeAlternating(runs, fn)[0]!;
}

/**
 * Each function timed `runs` times, taking turns (a, b, a, b…), so a slow stretch of a shared machine falls on all of
 * them alike: per function, the median time and the last run's value.
 */
export function timeAlternating<T extends unknown[]>(runs: number, ...fns: { [K in keyof T]: () => T[K] }): { [K in keyof T]: { value: T[K]; ms: number } } {
  const times: number[][] = fns.map(() => []);
  const values: unknown[] = [];
  for (let r = 0; r < runs; r++) {
    fns.forEach((fn, i) => {
      const t = time(fn);
      times[i]!.push(t.ms);
      values[i] = t.value;
    });
  }
  return fns.map((_, i) => ({ value: values[i], ms: median(times[i]!) })) as { [K in keyof T]: { value: T[K]; ms: number } };
}

/**
 * A synchronous and an asynchronous function timed `runs` times, taking turns (a, b, a, b…), as `timeAlternating`:
 * per function, the median time and the last run's value.
 */
export async function timeTurnsAsync<A, B>(runs: number, a: () => A, b: () => Promise<B>): Promise<[{ value: A; ms: number }, { value: B; ms: number }]> {
  const timesA: number[] = [];
  const timesB: number[] = [];
  let lastA: A | undefined;
  let lastB: B | undefined;
  for (let r = 0; r < runs; r++) {
    const ta = time(a);
    timesA.push(ta.ms);
    lastA = ta.value;
    const tb = await timeAsync(b);
    timesB.push(tb.ms);
    lastB = tb.value;
  }
  return [
    { value: lastA as A, ms: median(timesA) },
    { value: lastB as B, ms: median(timesB) },
  ];
}

export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
