/**
 * A small, lossless tokenizer for plan formulas, used to find and rewrite references (rename everywhere) without
 * evaluating anything. It knows the plan's reference forms: `[@col]` (this row), `Sheet[col]` / `Table[col]`
 * (structured), bare names (parameters, summary cells, tier tables as function arguments) and function calls.
 */
export type FormulaToken =
  | { kind: 'string'; text: string; start: number }
  | { kind: 'number'; text: string; start: number }
  | { kind: 'function'; text: string; name: string; start: number }
  | { kind: 'name'; text: string; name: string; start: number }
  | { kind: 'rowRef'; text: string; column: string; start: number }
  | { kind: 'structuredRef'; text: string; table: string; column: string; start: number }
  | { kind: 'other'; text: string; start: number };

const IDENT = /[A-Za-z_][A-Za-z0-9_.]*/y;
const NUMBER = /\d+(\.\d+)?([eE][+-]?\d+)?%?/y;
const BRACKET = /\[\s*(@?)\s*([^\]]*?)\s*\]/y;

/** Splits a formula (with or without its leading "=") into tokens whose texts concatenate back to the input. */
export function tokenizeFormula(formula: string): FormulaToken[] {
  const tokens: FormulaToken[] = [];
  let i = 0;
  while (i < formula.length) {
    const ch = formula[i]!;
    if (ch === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= formula.length) break;
        if (formula[j] === '"') {
          if (formula[j + 1] === '"') {
            j += 2;
            continue;
          }
          j += 1;
          break;
        }
        j += 1;
      }
      tokens.push({ kind: 'string', text: formula.slice(i, j), start: i });
      i = j;
      continue;
    }
    if (ch === '[') {
      BRACKET.lastIndex = i;
      const m = BRACKET.exec(formula);
      if (m && m[1] === '@') {
        tokens.push({ kind: 'rowRef', text: m[0], column: m[2]!, start: i });
        i += m[0].length;
        continue;
      }
      tokens.push({ kind: 'other', text: ch, start: i });
      i += 1;
      continue;
    }
    if (/\d/.test(ch) || (ch === '.' && /\d/.test(formula[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(formula);
      const text = m ? m[0] : ch;
      tokens.push({ kind: 'number', text, start: i });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      IDENT.lastIndex = i;
      const name = IDENT.exec(formula)![0];
      const j = i + name.length;
      if (formula[j] === '[') {
        BRACKET.lastIndex = j;
        const m = BRACKET.exec(formula);
        if (m && m[1] !== '@') {
          tokens.push({ kind: 'structuredRef', text: name + m[0], table: name, column: m[2]!, start: i });
          i = j + m[0].length;
          continue;
        }
      }
      let k = j;
      while (formula[k] === ' ') k += 1;
      if (formula[k] === '(') {
        tokens.push({ kind: 'function', text: name, name, start: i });
      } else {
        tokens.push({ kind: 'name', text: name, name, start: i });
      }
      i = j;
      continue;
    }
    tokens.push({ kind: 'other', text: ch, start: i });
    i += 1;
  }
  return tokens;
}

/** Names that are literals, never references. */
export const LITERAL_NAMES: ReadonlySet<string> = new Set(['TRUE', 'FALSE']);

export function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/** Rebuilds a formula, letting `rewrite` replace the text of any token (return undefined to keep it). */
export function rewriteFormula(formula: string, rewrite: (token: FormulaToken) => string | undefined): string {
  return tokenizeFormula(formula)
    .map((t) => rewrite(t) ?? t.text)
    .join('');
}

/** Every reference a formula makes, grouped by form. */
export interface FormulaReferences {
  names: string[];
  rowRefs: string[];
  structuredRefs: { table: string; column: string }[];
  functions: string[];
}

export function collectReferences(formula: string): FormulaReferences {
  const refs: FormulaReferences = { names: [], rowRefs: [], structuredRefs: [], functions: [] };
  for (const t of tokenizeFormula(formula)) {
    if (t.kind === 'name' && !LITERAL_NAMES.has(t.name.toUpperCase())) refs.names.push(t.name);
    else if (t.kind === 'rowRef') refs.rowRefs.push(t.column);
    else if (t.kind === 'structuredRef') refs.structuredRefs.push({ table: t.table, column: t.column });
    else if (t.kind === 'function') refs.functions.push(t.name);
  }
  return refs;
}
