/**
 * The builder's live preview (P): one partner of about 500 lines re-evaluated after each edit of a formula, through a
 * kept workbook session, each preview checked against a fresh evaluation.
 */
import { evaluate } from '@provvigo/core';
import { WorkbookSession, hyperFormulaEngine } from '@provvigo/core/hyperformula';
import type { Workload } from '../data.js';
import { fmt, median, time } from '../measure.js';
import { previewInput } from '../previewInput.js';
import type { BenchContext } from './benchContext.js';

const EDITS = 22;

/** `w`: the workload whose partner nearest 500 lines is previewed. */
export function livePreview(ctx: BenchContext, w: Workload) {
  const { say, failures } = ctx;
  const { lines: pcount, inputOf } = previewInput(w);
  // The builder keeps a workbook session for the partner being previewed; each edit re-evaluates through it. The
  // edits follow one another, as a designer's do; the fresh evaluations that check them run after, in their own loop
  // (interleaved, each preview began with the garbage of a fresh build to collect: medians 15.3–18.5 ms against
  // 13.5–14.0 ms consecutive, alternated on the 200,000-line workload's 500-line partner, 2026-12-04).
  const session = new WorkbookSession();
  const previews: number[] = [];
  const shown: string[] = [];
  for (let k = 0; k < EDITS; k++) {
    // A preview records nothing, so it computes no audit hashes (as the builder's preview does).
    const t = time(() => evaluate(inputOf(k), { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3', session }), verify: 'full', hashInputs: false, hashOutputs: false }));
    if (k >= 2) previews.push(t.ms);
    shown.push(JSON.stringify(t.value.statements));
  }
  session.dispose();
  const fresh: number[] = [];
  for (let k = 0; k < EDITS; k++) {
    // Fresh in every part: a new workbook, and a copy of the records array, so core's memo of checked facts (kept
    // for the same array holding the same records) checks them again.
    const input = inputOf(k);
    const copy = { ...input, facts: { contracts: [...input.facts.contracts] } };
    const f = time(() => evaluate(copy, { formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }), verify: 'full', hashInputs: false, hashOutputs: false }));
    if (k >= 2) fresh.push(f.ms);
    if (shown[k] !== JSON.stringify(f.value.statements)) failures.push(`live preview of edit ${k} differs from a fresh evaluation`);
  }
  const preview = median(previews);
  say(`P  live preview, one partner of ${pcount} lines after a formula edit: median ${fmt(preview, 1)} ms of ${previews.length} consecutive edits with a kept workbook (target ≤ 20 ms), ${fmt(median(fresh), 1)} ms building it afresh`);
  return { preview, pcount };
}
