import { writeFile } from 'node:fs/promises';
import { evaluate, whatIf, type Locale, type Plan, type WhatIfResult } from '@provvigo/core';
import { hyperFormulaEngine } from '@provvigo/core/hyperformula';
import { evaluationInput } from '@provvigo/core';
import { loadPeriod, loadPlans, hasErrors } from '../io/loadInputs.js';
import { cliLocale, said } from '../io/cliLocale.js';
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
    io.err(said({ en: 'plan B has errors: nothing compared\n', it: 'il piano B contiene errori: nessun confronto\n' }));
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
      const id = period.id;
      if (!stored) io.err(said({ en: `no calculated run of ${id} in the store: A is a fresh evaluation\n`, it: `nessuna esecuzione calcolata di ${id} nell'archivio: A è un nuovo calcolo\n` }));
      else if (stored.inputHash !== a.inputHash) {
        io.err(said({ en: `note: A differs from the stored run of ${id} (other facts or plans): A is a fresh evaluation\n`, it: `nota: A è diverso dall'esecuzione di ${id} nell'archivio (altri fatti o piani): A è un nuovo calcolo\n` }));
      } else io.err(said({ en: `A reproduces the stored run of ${id} (input ${a.inputHash.slice(0, 12)}…)\n`, it: `A riproduce l'esecuzione di ${id} nell'archivio (input ${a.inputHash.slice(0, 12)}…)\n` }));
    });
  }
  const diff = whatIf(a.statements, b.statements, { includeUnchanged: Boolean(options.all) });
  const text = options.format === 'json' ? `${JSON.stringify(diff, null, 2)}\n` : formatWhatIf(diff, plansB, cliLocale());
  if (options.out) {
    await writeFile(options.out, text);
    io.err(said({ en: `what-if written to ${options.out}\n`, it: `simulazione scritta in ${options.out}\n` }));
  } else io.out(text);
  return EXIT.ok;
}

/** The words of the what-if text; the amounts stay raw exact decimals, as differences are checked by hand. */
const WHATIF_WORDS = {
  en: {
    head: (plans: string, partners: number, lines: number) => `what-if: ${plans} vs current plans — ${partners} partner(s), ${lines} line(s) change\n`,
    total: (cur: string, t: { a: string; b: string; delta: string }) => `total ${cur}: A ${t.a}  B ${t.b}  delta ${t.delta}\n`,
    partners: ['partner', 'A', 'B', 'delta', 'lines changed'],
    first: 'first changed lines per partner:\n',
    lines: ['partner', 'component', 'record', 'change', 'A', 'B', 'delta'],
    change: { added: 'added', removed: 'removed', changed: 'changed', same: 'same' } as Record<string, string>,
  },
  it: {
    head: (plans: string, partners: number, lines: number) => `simulazione: ${plans} rispetto ai piani attuali — cambiano partner: ${partners}, righe: ${lines}\n`,
    total: (cur: string, t: { a: string; b: string; delta: string }) => `totale ${cur}: A ${t.a}  B ${t.b}  differenza ${t.delta}\n`,
    partners: ['partner', 'A', 'B', 'differenza', 'righe cambiate'],
    first: 'prime righe cambiate per partner:\n',
    lines: ['partner', 'componente', 'record', 'variazione', 'A', 'B', 'differenza'],
    change: { added: 'aggiunta', removed: 'eliminata', changed: 'modificata', same: 'invariata' } as Record<string, string>,
  },
};

function formatWhatIf(diff: WhatIfResult, plansB: Plan[], locale: Locale): string {
  const w = WHATIF_WORDS[locale];
  const head = w.head(plansB.map((p) => `${p.id} v${p.version}`).join(', '), diff.changedPartners, diff.changedLines);
  const totals = Object.entries(diff.totals).map(([cur, t]) => w.total(cur, t)).join('');
  const partners = table(
    w.partners,
    diff.partners.map((p) => [p.partnerId, p.totalA, p.totalB, p.delta, String(p.lines.filter((l) => l.change !== 'same').length)]),
    [false, true, true, true, true],
  );
  const lines = diff.partners.flatMap((p) =>
    p.lines
      .filter((l) => l.change !== 'same')
      .slice(0, 5)
      .map((l) => [p.partnerId, l.component, l.source?.id ?? '', w.change[l.change] ?? l.change, l.amountA, l.amountB, l.delta]),
  );
  return head + totals + '\n' + partners + (lines.length ? `\n${w.first}${table(w.lines, lines, [false, false, false, false, true, true, true])}` : '');
}
