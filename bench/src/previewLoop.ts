// The builder's live preview alone, as `pnpm bench` measures it (its "P" line), for profiling and A/B checks:
//   node --conditions=@provvigo/source --import tsx bench/src/previewLoop.ts [edits=30] [lines=200000] [partners=500]
// Builds the bench's workload, picks the partner nearest 500 lines, then edits the Commission column's formula
// `edits` times and re-evaluates that partner through a kept WorkbookSession (verify 'full', no hashes), as main.ts
// does. Prints the median per edit (wall and process CPU time) after two warm-up edits, and checks the last preview equals a fresh evaluation.
// `node --cpu-prof` works on it (the workload is generated before the loop; filter the profile to the loop's time).
import { evaluate } from '@provvigo/core';
import { WorkbookSession, hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { workload } from './data.js';
import { cpuMsSince, median, time } from './measure.js';
import { previewInput } from './previewInput.js';

const [edits = 30, lines = 200_000, partners = 500] = process.argv.slice(2, 5).map(Number);
const w = workload('preview', partners, lines);
const { partnerId: pid, lines: pcount, inputOf } = previewInput(w);
const options = { verify: 'full', hashInputs: false, hashOutputs: false } as const;

const session = new WorkbookSession();
const ms: number[] = [];
// CPU time of the process per edit as well: on a shared machine the wall time also counts the time others held the core.
const cpu: number[] = [];
let last: ReturnType<typeof evaluate> | undefined;
let lastInput = inputOf(0);
for (let k = 0; k < edits + 2; k++) {
  lastInput = inputOf(k);
  const input = lastInput;
  const c = process.cpuUsage();
  const t = time(() => evaluate(input, { ...options, formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3', session }) }));
  const used = cpuMsSince(c);
  if (k >= 2) {
    ms.push(t.ms);
    cpu.push(used);
  }
  last = t.value;
}
// Fresh in every part: a new workbook, and a copy of the records array (core keeps the checks of the same array).
const fresh = evaluate({ ...lastInput, facts: { contracts: [...lastInput.facts.contracts] } }, { ...options, formulaEngine: hyperFormulaEngine({ licenseKey: 'gpl-v3' }) });
session.dispose();
const same = JSON.stringify(last!.statements) === JSON.stringify(fresh.statements);
console.log(
  `preview of partner ${pid} (${pcount} lines), ${edits} edits: median ${median(ms).toFixed(1)} ms (CPU ${median(cpu).toFixed(1)} ms), min ${Math.min(...ms).toFixed(1)} ms; ` +
    `kept session ${same ? 'equals' : 'DIFFERS FROM'} a fresh evaluation`,
);
if (!same) process.exitCode = 1;
