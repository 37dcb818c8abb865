import { FormulaSyntaxError, parseFormula, syntaxErrorText } from '../formula/parse.js';
import type { BothLanguages } from '../schema/common.js';
import type { Issue } from '../schema/issue.js';
import type { Plan } from '../schema/plan.js';
import { collectReferences, sameName } from './formulaRefs.js';
import { forEachFormula, globalNames } from './planOps.js';

/**
 * Checks that every reference in the plan's formulas and payouts resolves: bare names to parameters, summary cells or
 * tables; `Sheet[col]` to a line sheet's computed column or a lookup table's column; `[@col]` to a column of the same
 * sheet or, when `factColumns` is given, a column of the sheet's source table. A light check for the builder: the
 * engine's `parsePlan` remains the authority.
 */
export function checkReferences(plan: Plan, factColumns?: Record<string, string[]>): Issue[] {
  const issues: Issue[] = [];
  const issue = (code: Issue['code'], text: BothLanguages, path: Issue['path']) => {
    issues.push({ code, severity: 'error', message: text.en, messages: { it: text.it, en: text.en }, path });
  };
  const names = globalNames(plan);
  forEachFormula(plan, (formula, path, sheetName) => {
    // A formula that does not parse is reported as such, not as the unknown names its broken text seems to hold.
    try {
      parseFormula(formula);
    } catch (e) {
      const at = e instanceof FormulaSyntaxError ? e.position + 1 : undefined;
      const text = syntaxErrorText(e);
      issue('formula_syntax', at === undefined ? text : { en: `${text.en} (at character ${at})`, it: `${text.it} (al carattere ${at})` }, path);
      return;
    }
    const refs = collectReferences(formula);
    for (const n of refs.names) {
      if (!names.some((g) => sameName(g, n))) {
        issue('unknown_reference', { en: `unknown name ${n}`, it: `nome sconosciuto ${n}` }, path);
      }
    }
    for (const s of refs.structuredRefs) {
      const sheet = Object.entries(plan.sheets).find(([k]) => sameName(k, s.table))?.[1];
      const table = Object.entries(plan.tables).find(([k]) => sameName(k, s.table))?.[1];
      const ok =
        (sheet?.kind === 'lines' && Object.keys(sheet.columns).some((c) => sameName(c, s.column))) ||
        (table?.kind === 'lookup' && Object.keys(table.columns).some((c) => sameName(c, s.column)));
      if (!ok) issue('unknown_reference', { en: `unknown reference ${s.table}[${s.column}]`, it: `riferimento sconosciuto ${s.table}[${s.column}]` }, path);
    }
    const own = plan.sheets[sheetName];
    if (own?.kind === 'lines') {
      const facts = factColumns?.[own.source];
      for (const r of refs.rowRefs) {
        const known = Object.keys(own.columns).some((c) => sameName(c, r)) || (facts ? facts.some((c) => sameName(c, r)) : true);
        if (!known) issue('unknown_reference', { en: `unknown column [@${r}]`, it: `colonna sconosciuta [@${r}]` }, path);
      }
    } else if (refs.rowRefs.length > 0) {
      issue('unknown_reference', { en: 'a summary cell has no row: use Sheet[column]', it: 'una cella di riepilogo non ha righe: usa Foglio[colonna]' }, path);
    }
  });
  for (const [k, p] of Object.entries(plan.payouts)) {
    const s = plan.sheets[p.sheet];
    const ok =
      (s?.kind === 'lines' && p.column !== undefined && Object.hasOwn(s.columns, p.column)) ||
      (s?.kind === 'summary' && p.cell !== undefined && Object.hasOwn(s.cells, p.cell));
    if (!ok) issue('unknown_reference', { en: `payout ${k} names no column or cell`, it: `il pagamento ${k} non indica né una colonna né una cella` }, ['payouts', k]);
  }
  return issues;
}
