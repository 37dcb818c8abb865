import { writeFile } from 'node:fs/promises';
import { evaluate, whatIf, type Plan, type WhatIfResult } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { evaluationInput } from '@provvigo/core';
import { loadPeriod, loadPlans, hasErrors } from '../io/loadInputs.js';
import { EXIT } from '../exitCodes.js';
import { loadPeriodInputs, table, withStore, type InputOptions } from './period.js';
import { processIo, type Io } from './shared.js';
import { reportIssues } from './reportIssues.js';

export interface WhatIfOptions extends InputOptions {
  period: string;
  planB: string[];
  db?: string;
  format: 'text' | 'json';
  out?: string;
  all?: boolean;
  licenseKey: string;
}

/**
 * `provvigo whatif`: evaluates the period with plans A (`--plan`) and again with B (`--plan-b` replaces the A plan
 * with the same id, or adds a plan), over the same facts, and prints the difference per partner and per line.
 * With `--db`, says whether A reproduces the stored run of the period (same input hash).
 */
export async function whatIfCommand(options: WhatIfOptions, io: Io = processIo): Promise<number> {
  const loaded = await loadPeriodInputs(options, io);
  if (!loaded) return EXIT.issues;
  const { inputs } = loaded;
  // bad partners compute nothing in A or B; their issues are printed once, before the comparison
  reportIssues(loaded.issues, io, 20);
  const period = await loadPeriod(options.period);
  const { plans: plansB, issues } = await loadPlans(options.planB, inputs.factSchema);
  if (hasErrors(issues) || plansB.length === 0) {
    reportIssues(issues, io);
    io.err('plan B has errors: nothing compared\n');
    return EXIT.issues;
  }
  const replaced = new Set(plansB.map((p) => p.id));
  const setB: Plan[] = [...inputs.plans.filter((p) => !replaced.has(p.id)), ...plansB];
  // the same input a period run evaluates (invalid partners and reader rejections included), so A can reproduce it
  const a = evaluate(evaluationInput(period, inputs, inputs.plans), { formulaEngine: hyperFormulaEngine({ licenseKey: options.licenseKey }) });
  const b = evaluate(evaluationInput(period, inputs, setB), { formulaEngine: hyperFormulaEngine({ licenseKey: options.licenseKey }) });
  if (options.db) {
    await withStore(options, async (store) => {
      const runs = await store.listRuns(period.id).catch(() => []);
      const stored = runs[runs.length - 1]?.summary;
      if (!stored) io.err(`no calculated run of ${period.id} in the store: A is a fresh evaluation\n`);
      else if (stored.inputHash !== a.inputHash) io.err(`note: A differs from the stored run of ${period.id} (other facts or plans): A is a fresh evaluation\n`);
      else io.err(`A reproduces the stored run of ${period.id} (input ${a.inputHash.slice(0, 12)}…)\n`);
    });
  }
  const diff = whatIf(a.statements, b.statements, { includeUnchanged: Boolean(options.all) });
  const text = options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : formatWhatIf(diff, plansB);
  if (options.out) {
    await writeFile(options.out, text);
    io.err(`what-if written to ${options.out}\n`);
  } else io.out(text);
  return EXIT.ok;
}

function formatWhatIf(diff: WhatIfResult, plansB: Plan[]): string {
  const head = `what-if: ${plansB.map((p) => `${p.id} v${p.version}`).join(', ')} vs current plans — ${diff.changedPartners} partner(s), ${diff.changedLines} line(s) change\n`;
  const totals = Object.entries(diff.totals).map(([cur, t]) => `total ${cur}: A ${t.a}  B ${t.b}  delta ${t.delta}\n`).join('');
  const partners = table(
    ['partner', 'A', 'B', 'delta', 'lines changed'],
    diff.partners.map((p) => [p.partnerId, p.totalA, p.totalB, p.delta, String(p.lines.filter((l) => l.change !== 'same').length)]),
    [false, true, true, true, true],
  );
  const lines = diff.partners.flatMap((p) => p.lines.filter((l) => l.change !== 'same').slice(0, 5).map((l) => [p.partnerId, l.component, l.source?.id ?? '', l.change, l.amountA, l.amountB, l.delta]));
  return head + totals + '\n' + partners + (lines.length ? '\nfirst changed lines per partner:\n' + table(['partner', 'component', 'record', 'change', 'A', 'B', 'delta'], lines, [false, false, false, false, true, true, true]) : '');
}
