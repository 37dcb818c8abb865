import type { Workload } from '../data.js';

/** What every section of `pnpm bench` shares: how to print, where disagreements go, and the run's size. */
export interface BenchContext {
  say: (s: string) => void;
  /** Every disagreement found (the bench exits 1 when there is one). */
  failures: string[];
  quick: boolean;
  /** Timed runs per configuration, whose medians are reported. */
  runs: number;
  /** The full-size workload (200,000 lines; 20,000 with --quick). */
  big: Workload;
}
