// A separate process that runs one command's step on a store, so a test can SIGKILL it inside the step's transaction
// (with PROVVIGO_TEST_PAUSE_IN_TX set, the store announces on stderr where it paused and hangs there).
// Usage: node --conditions=@provvigo/source --import tsx stepChild.ts <target> <step> <actor> <at>
import type { Actor } from '@provvigo/core';
import { Store, approvePeriod, calculatePeriod, closePeriod, openDatabase, openPeriod, validatePeriod } from '../../src/index.js';
import { OCTOBER, sampleInputs } from './inputs.js';

export const STEPS = ['plan-save', 'open', 'calculate', 'validate', 'approve', 'close'] as const;
export type Step = (typeof STEPS)[number];

/** Runs one step as its command does: the store call that is that command's one write transaction. */
export async function runStep(store: Store, step: Step, actor: Actor, at: string): Promise<void> {
  const args = { periodId: OCTOBER.id, actor, at };
  if (step === 'plan-save') {
    const plan = sampleInputs().plans.find((p) => p.id === 'agency-agents')!;
    await store.savePlan({ ...plan, description: 'saved on its own' }, { actor: actor.id, at });
  } else if (step === 'open') await openPeriod(store, { period: OCTOBER, actor, at });
  else if (step === 'calculate') await calculatePeriod(store, { ...args, inputs: sampleInputs() });
  else if (step === 'validate') await validatePeriod(store, args);
  else if (step === 'approve') await approvePeriod(store, args);
  else await closePeriod(store, args);
}

/**
 * What a step may change, table by table: row counts, the audit head, run and period states, plan versions. Equal
 * before and after a killed step means nothing of it was kept.
 */
export async function fingerprint(store: Store): Promise<Record<string, unknown>> {
  const tables = ['provvigo_periods', 'provvigo_runs', 'provvigo_run_plans', 'provvigo_plan_versions', 'provvigo_statements', 'provvigo_traces', 'provvigo_trace_columns', 'provvigo_proposed_entries', 'provvigo_ledger', 'provvigo_audit'];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = (await store.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
  const runs = (await store.listRuns()).map((r) => [r.record.id, r.record.state, r.record.outputHash]);
  const periods = (await store.listPeriods()).map((p) => [p.id, p.state]);
  return { counts, head: await store.auditHead(), runs, periods };
}

if (/stepChild\.(ts|mjs)$/.test(process.argv[1] ?? '')) {
  const [target, step, actorId, at] = process.argv.slice(2) as [string, Step, string, string];
  const store = await Store.open(await openDatabase(target));
  // the state this process found: the test compares it with the state before the previous (killed) process
  process.stdout.write(`fingerprint ${JSON.stringify(await fingerprint(store))}\n`);
  await runStep(store, step, { id: actorId, roles: ['calculator', 'approver'] }, at);
  process.stdout.write('done\n');
  await store.close();
}
