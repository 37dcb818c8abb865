import { hash, isRunImmutable, runOutputHash, runStateName, type BothLanguages, type LedgerEntry } from '@provvigo/core';
import { relayed, worded } from './problemText.js';
import { getFiscalResults, getRunSnapshot } from './snapshots.js';
import type { Store, StoredRun } from './store.js';

/** One finding of `checkRunIntegrity`. */
export interface IntegrityProblem {
  runId: string;
  /** What is wrong, in English (what callers read before `messages`). */
  message: string;
  /**
   * What is wrong in Italian and English (`messages.en === message`); absent only for an error relayed that was
   * worded in English only (a stored row that no longer reads back, as the code that read it words it).
   */
  messages?: BothLanguages;
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
    problems.push({
      runId: ledger.find((e) => e.id === id)?.runId ?? '?',
      ...worded({
        en: `ledger entry ${id}: its columns disagree with its document`,
        it: `movimento ${id} del registro contabile: le sue colonne non corrispondono al suo documento`,
      }),
    });
  }
  for (const run of runs) if (run) problems.push(...(await runProblems(store, run, ledger)));
  return problems;
}

/** What is wrong with one run: its stored statements, entries and snapshot against what it recorded. */
async function runProblems(store: Store, run: StoredRun, ledger: readonly LedgerEntry[]): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  const r = run.record;
  const bad = (text: BothLanguages): number => problems.push({ runId: r.id, ...worded(text) });
  const state = { en: r.state, it: runStateName(r.state, 'it') };
  const booked = ledger.filter((e) => e.runId === r.id);
  if (r.state === 'draft') {
    if (booked.length) bad({ en: `draft run has ${booked.length} ledger entries`, it: `l'esecuzione in bozza ha ${booked.length} movimenti nel registro contabile` });
    return problems;
  }
  if (!run.summary) {
    bad({ en: `run is ${state.en} but has no evaluation summary`, it: `l'esecuzione è nello stato ${state.it} ma non ha il riepilogo del calcolo` });
    return problems;
  }
  const read = await Promise.all([store.getStatements(r.id), store.getEvaluated(r.id)]).catch((e: Error) => e);
  if (read instanceof Error) {
    // stored traces that no longer read back (core's checks name the partner, group and field)
    problems.push({ runId: r.id, ...relayed(read) });
    return problems;
  }
  const [statements, evaluated] = read;
  const proposed = await store.proposedEntries(r.id);
  if (evaluated.some((s) => s.lines.some((l) => l.trace === undefined))) bad({ en: 'a line has lost its trace', it: 'una riga ha perso la sua traccia' });
  const fiscal = await getFiscalResults(store, r.id);
  const recomputed = runOutputHash(run.summary.outputHash, statements, proposed, fiscal);
  try {
    if (!(await getRunSnapshot(store, r.id))) bad({ en: 'the run has no snapshot of its inputs', it: "l'esecuzione non ha l'istantanea dei suoi input" });
  } catch (e) {
    problems.push({ runId: r.id, ...relayed(e as Error) });
  }
  if (recomputed !== r.outputHash) {
    const [got, want] = [recomputed.slice(0, 12), String(r.outputHash).slice(0, 12)];
    bad({
      en: `stored statements and entries hash to ${got}…, the run recorded ${want}…`,
      it: `gli estratti conto e i movimenti conservati hanno l'hash ${got}…, l'esecuzione ha registrato ${want}…`,
    });
  }
  if (isRunImmutable(r)) problems.push(...bookedProblems(r.id, r.partners?.approved ?? [], proposed, booked));
  else if (booked.length) {
    bad({
      en: `run is ${state.en} but already has ${booked.length} ledger entries`,
      it: `l'esecuzione è nello stato ${state.it} ma ha già ${booked.length} movimenti nel registro contabile`,
    });
  }
  return problems;
}

/** An approved run's booked entries against what its approval should have booked: the approved partners' proposed entries. */
function bookedProblems(runId: string, approvedPartners: readonly string[], proposed: readonly LedgerEntry[], booked: readonly LedgerEntry[]): IntegrityProblem[] {
  const approved = new Set(approvedPartners);
  const expected = proposed.filter((e) => approved.has(e.partnerId));
  if (expected.length !== booked.length) {
    const text = {
      en: `ledger holds ${booked.length} entries of the run, approval should have booked ${expected.length}`,
      it: `il registro contabile contiene ${booked.length} movimenti dell'esecuzione, l'approvazione ne avrebbe dovuti contabilizzare ${expected.length}`,
    };
    return [{ runId, ...worded(text) }];
  }
  const differs = booked.findIndex((e, i) => hash(e) !== hash(expected[i]));
  if (differs < 0) return [];
  const id = booked[differs]!.id;
  const text = {
    en: `ledger entry ${id} differs from what the run's approval booked`,
    it: `il movimento ${id} del registro contabile è diverso da quello contabilizzato all'approvazione dell'esecuzione`,
  };
  return [{ runId, ...worded(text) }];
}
