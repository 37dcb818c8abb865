/** `process.threadCpuUsage`: added in Node 23.9 and backported to 22.15 (the pool supports every Node 22). */
const readUsage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.bind(process);

/**
 * Whether this Node can read a thread's CPU time. Thread time, not wall time: a thread waiting for a core on a busy
 * machine does not count (a thread running slower beside a busy neighbour, sharing its caches, still does), so what
 * the pool reports is close to the work each part of a run costs.
 */
export const threadCpuReadable = readUsage !== undefined;

/**
 * A stopwatch on the calling thread's CPU time: each call returns the milliseconds since the previous call (or since
 * the stopwatch was made). Always 0 where the time cannot be read; callers report nothing then (`threadCpuReadable`).
 */
export function threadCpuLaps(): () => number {
  let last = threadCpuMs();
  return () => {
    const now = threadCpuMs();
    const lap = now - last;
    last = now;
    return lap;
  };
}

function threadCpuMs(): number {
  const usage = readUsage?.();
  return usage === undefined ? 0 : (usage.user + usage.system) / 1000;
}
