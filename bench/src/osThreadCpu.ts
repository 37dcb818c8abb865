import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of this process's threads as the kernel counts it (Linux, `/proc/self/task/<tid>/stat`), by kind of thread:
 * the thread's name without its number — `MainThread`, the pool's `WorkerThread`s, and `V8Worker`, the helper threads
 * V8 shares among all isolates of the process (parallel and concurrent garbage collection, background compilation).
 * The pool's own stopwatches (`ParallelResult.cpu`) read only the threads that run JavaScript; this also sees V8's
 * helpers, which is where a pool run spends CPU that E does not (bench/README.md, "Where the pool's extra CPU goes").
 */

/** Per thread id: its kind and its CPU time so far, in ms. Undefined where there is no `/proc` (not Linux). */
export type ThreadSnapshot = Map<string, { kind: string; ms: number }>;

/** The kernel reports thread times in clock ticks of 1/USER_HZ s, which Linux fixes at 100 for every program. */
const MS_PER_TICK = 10;

export function threadSnapshot(): ThreadSnapshot | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const out: ThreadSnapshot = new Map();
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended between listing and reading
    }
    // The name is between the first '(' and the last ')' (it may hold either); utime and stime are the 14th and 15th
    // fields, the 12th and 13th after the name.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(tid, { kind: name.replace(/\d+$/, ''), ms: (Number(after[11]) + Number(after[12])) * MS_PER_TICK });
  }
  return out;
}

/** CPU time by kind of thread between two snapshots (a thread started in between counts from zero). */
export function threadCpuBetween(before: ThreadSnapshot, after: ThreadSnapshot): Map<string, number> {
  const byKind = new Map<string, number>();
  for (const [tid, now] of after) {
    const used = now.ms - (before.get(tid)?.ms ?? 0);
    if (used > 0) byKind.set(now.kind, (byKind.get(now.kind) ?? 0) + used);
  }
  return byKind;
}
