import { hash, isRunImmutable, runOutputHash } from '@provvigo/core';
import { getFiscalResults, getRunSnapshot } from './snapshots.js';
import type { Store } from './store.js';

/** One finding of `checkRunIntegrity`. */
export interface IntegrityProblem {
  runId: string;
  message: string;
}

/**
 * Re-derives what the store holds for each calculated run and compares it with what the run recorded: the output
 * hash over statements, traces and proposed entries, and, for approved runs, the ledger entries booked (exactly the
 * approved partners' proposed entries). Catches partial writes and edits made behind the store's back.
 */
export async function checkRunIntegrity(store: Store, runIds?: string[]): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  const runs = runIds ? await Promise.all(runIds.map((id) => store.getRun(id))) : await store.listRuns();
  const ledger = await store.ledger();
  for (const id of await store.ledgerColumnMismatches()) {
    problems.push({ runId: ledger.find((e) => e.id === id)?.runId ?? '?', message: `ledger entry ${id}: its columns disagree with its document` });
  }
  for (const run of runs) {
    if (!run) continue;
    const r = run.record;
    const booked = ledger.filter((e) => e.runId === r.id);
    if (r.state === 'draft') {
      if (booked.length) problems.push({ runId: r.id, message: `draft run has ${booked.length} ledger entries` });
      continue;
    }
    if (!run.summary) {
      problems.push({ runId: r.id, message: `run is ${r.state} but has no evaluation summary` });
      continue;
    }
    const read = await Promise.all([store.getStatements(r.id), store.getEvaluated(r.id)]).catch((e: Error) => e);
    if (read instanceof Error) {
      // stored traces that no longer read back (core's checks name the partner, group and field)
      problems.push({ runId: r.id, message: read.message });
      continue;
    }
    const [statements, evaluated] = read;
    const proposed = await store.proposedEntries(r.id);
    if (evaluated.some((s) => s.lines.some((l) => l.trace === undefined))) problems.push({ runId: r.id, message: 'a line has lost its trace' });
    const fiscal = await getFiscalResults(store, r.id);
    const recomputed = runOutputHash(run.summary.outputHash, statements, proposed, fiscal);
    try {
      if (!(await getRunSnapshot(store, r.id))) problems.push({ runId: r.id, message: 'the run has no snapshot of its inputs' });
    } catch (e) {
      problems.push({ runId: r.id, message: (e as Error).message });
    }
    if (recomputed !== r.outputHash) {
      problems.push({ runId: r.id, message: `stored statements and entries hash to ${recomputed.slice(0, 12)}…, the run recorded ${String(r.outputHash).slice(0, 12)}…` });
    }
    if (isRunImmutable(r)) {
      const approved = new Set(r.partners?.approved ?? []);
      const expected = proposed.filter((e) => approved.has(e.partnerId));
      if (expected.length !== booked.length) {
        problems.push({ runId: r.id, message: `ledger holds ${booked.length} entries of the run, approval should have booked ${expected.length}` });
      } else {
        const differs = booked.findIndex((e, i) => hash(e) !== hash(expected[i]));
        if (differs >= 0) {
          problems.push({ runId: r.id, message: `ledger entry ${booked[differs]!.id} differs from what the run's approval booked` });
        }
      }
    } else if (booked.length) {
      problems.push({ runId: r.id, message: `run is ${r.state} but already has ${booked.length} ledger entries` });
    }
  }
  return problems;
}
