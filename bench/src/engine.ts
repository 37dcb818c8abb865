import { evaluateStream, type RunSummary, type VerifyMode } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { nativeSha256, type EvaluationPool, type ParallelResult, type PoolCpu } from '@provvigo/pool';
import type { Totals } from './baselineL.js';
import { engineInput, type Workload } from './data.js';

/** The engine (E): plan (a) computed exactly, traces kept and serialised, cross-checked by HyperFormula as `verify` says. */
export function runEngine(w: Workload, verify: VerifyMode = 'sample'): { totals: Totals; summary: RunSummary; traceBytes: number } {
  const byPartner = new Map<string, Map<string, string>>();
  let traceBytes = 0;
  const summary = evaluateStream(engineInput(w), { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify, createHash: nativeSha256 }, (s, _hash, json) => {
    byPartner.set(s.partnerId, new Map([['commission', s.byComponent.commission ?? '0.00'], ['bonus', s.byComponent.bonus ?? '0.00']]));
    // The statement's canonical JSON (lines and their traces as columns), as a run writes it out.
    traceBytes += json.length;
  });
  return { totals: { byPartner, lines: summary.lineCount }, summary, traceBytes };
}

/** The engine on a worker-thread pool (kept, as a server keeps it): the run's summary, and where its CPU time went. */
export async function runEnginePool(w: Workload, pool: EvaluationPool, verify: VerifyMode = 'sample'): Promise<ParallelResult> {
  return pool.evaluate(engineInput(w), { verify }, { licenseKey: 'gpl-v3' });
}

/** A pool run's CPU time by part: the calling thread's encoding and hashing, the workers' decoding and evaluating. */
export function poolCpuParts(cpu: PoolCpu): { encode: number; hash: number; decode: number; evaluate: number; total: number } {
  const decode = cpu.partitions.reduce((sum, p) => sum + p.decodeMs, 0);
  const evaluate = cpu.partitions.reduce((sum, p) => sum + p.evaluateMs, 0);
  return { encode: cpu.encodeMs, hash: cpu.hashMs, decode, evaluate, total: cpu.encodeMs + cpu.hashMs + decode + evaluate };
}
