import { evaluationInput, type PeriodInputs } from '@provvigo/core';
import { calculatePeriod, type CalculateOutcome, type StepArgs, type Store } from '@provvigo/store';
import { evaluateOnQueue, type EvaluateOnQueueOptions } from './evaluateOnQueue.js';
import { deletePartitions } from './results.js';

export interface CalculateOnQueueArgs extends StepArgs, Omit<EvaluateOnQueueOptions, 'db' | 'runId'> {
  inputs: PeriodInputs;
  licenseKey?: string;
}

/**
 * `calculatePeriod` with the period's evaluation done by queue workers: the store's workflow (checks, adjustments of
 * earlier periods, ledger booking, one transaction for the run) is unchanged; only the evaluation is distributed.
 * The stored run, its statements and its output hash are those of a single-process calculation.
 */
export async function calculatePeriodOnQueue(store: Store, args: CalculateOnQueueArgs): Promise<CalculateOutcome> {
  const { inputs, licenseKey, periodId, actor, at, onPhase, ...queue } = args;
  let runId: string | undefined;
  const outcome = await calculatePeriod(store, {
    periodId,
    actor,
    at,
    inputs,
    ...(licenseKey ? { licenseKey } : {}),
    ...(onPhase ? { onPhase } : {}),
    evaluate: (run) =>
      // invalid partners and reader rejections travel in every partition's input: core reports each once
      evaluateOnQueue(evaluationInput(run.period, inputs, run.plans), { ...queue, db: store.db, runId: (runId = run.id) }),
  });
  // the run now holds the result: the partitions' working copy goes (the input snapshots stay, content-addressed)
  if (runId) await deletePartitions(store.db, runId);
  return outcome;
}
