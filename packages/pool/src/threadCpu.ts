/**
 * CPU time the calling thread has used, in milliseconds, or undefined on a Node without `process.threadCpuUsage`
 * (added in Node 23.9 and backported to 22.15; the pool supports every Node 22). Thread time, not wall time: a thread
 * waiting for a core on a busy machine does not count (a thread running slower beside a busy neighbour, sharing its
 * caches, still does), so what the pool reports is close to the work each part of a run costs.
 */
export function threadCpuMs(): number | undefined {
  const usage = (process as { threadCpuUsage?: () => NodeJS.CpuUsage }).threadCpuUsage?.();
  return usage === undefined ? undefined : (usage.user + usage.system) / 1000;
}

/** The CPU time since `start` (a `threadCpuMs()` reading), or undefined when the thread's CPU time cannot be read. */
export function threadCpuSince(start: number | undefined): number | undefined {
  const now = threadCpuMs();
  return start === undefined || now === undefined ? undefined : now - start;
}
