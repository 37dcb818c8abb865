/**
 * Where E's time goes (issue 15: "report how much and why if missed"): the bench's E, then the same run with one cost
 * taken off at a time — the HyperFormula cross-check, the input hash, the statements' canonical JSON and digests, the
 * traces — down to the exact computation alone, against (L) on the same data. All take turns, `--rounds` times, and
 * the medians are printed with each row's time in units of L and what the cost taken off weighed.
 *
 *   pnpm --filter @provvigo/bench run bench:breakdown [--lines 20000] [--rounds 7]
 */
import { parseArgs } from 'node:util';
import { evaluateStream, type EvaluateOptions } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { nativeSha256 } from '@provvigo/pool';
import { baselineL } from './baselineL.js';
import { engineInput, workload } from './data.js';
import { fmt, timeAlternating } from './measure.js';
import { stopUnlessShippedBuild, measuringSources } from './shippedBuild.js';

stopUnlessShippedBuild();

const { values } = parseArgs({ options: { lines: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '7' } } });
const w = workload('big', 500, Number(values.lines));
const input = engineInput(w);
const engine = hyperFormulaEngine({ licenseKey: 'gpl-v3' });

/** Each row drops one more cost than the row before it. */
const rows: Array<{ name: string; options: EvaluateOptions }> = [
  { name: "E as the bench runs it (verify 'sample', input hash, statement JSON and digests, traces)", options: { formulaEngine: engine, verify: 'sample' } },
  { name: "without the HyperFormula cross-check (verify 'off')", options: { verify: 'off' } },
  { name: 'without the input hash', options: { verify: 'off', hashInputs: false } },
  { name: "without the statements' canonical JSON and digests", options: { verify: 'off', hashInputs: false, hashOutputs: false } },
  { name: 'without traces: the exact computation alone (facts checked, lines and statements made)', options: { verify: 'off', hashInputs: false, hashOutputs: false, keepTrace: false } },
];
const runOf = (options: EvaluateOptions) => () => evaluateStream(input, { ...options, createHash: nativeSha256 }, () => {}).lineCount;
const fns = [...rows.map((r) => runOf(r.options)), () => baselineL(w).lines];
for (const fn of fns) fn(); // warm-up, not timed
const times = timeAlternating(Number(values.rounds), ...fns);
const l = times.at(-1)!.ms;
console.log(`# E's time, cost by cost: plan (a), ${fmt(w.contracts.length)} lines, ${w.partners.length} partners, Node ${process.version}, medians of ${values.rounds} runs taking turns, ${measuringSources() ? 'the sources through tsx' : 'the built packages'}`);
rows.forEach((r, i) => {
  const ms = times[i]!.ms;
  const dropped = i === 0 ? '' : ` (what it took off: ${fmt(times[i - 1]!.ms - ms)} ms = ${fmt((times[i - 1]!.ms - ms) / l, 1)} L)`;
  console.log(`${fmt(ms).padStart(7)} ms  ${fmt(ms / l, 1).padStart(5)} L  ${r.name}${dropped}`);
});
console.log(`${fmt(l).padStart(7)} ms  ${fmt(1, 1).padStart(5)} L  L: hand-written TypeScript + decimal.js, no traces, no checks, no hashes`);
