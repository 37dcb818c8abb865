import { FUNCTIONS, ownValue } from '@provvigo/core';
import type { FactSchemaInput, Issue, Plan } from '@provvigo/core';
import type { UiLocale } from './i18n.js';

/** What a formula can refer to at the place it is written. */
export interface FormulaContext {
  plan: Plan;
  /** The sheet the formula belongs to (line columns can read `[@col]`). */
  sheet?: string;
  factSchema?: FactSchemaInput;
  locale: UiLocale;
}

export interface Suggestion {
  kind: 'function' | 'parameter' | 'cell' | 'table' | 'sheet' | 'column' | 'fact';
  label: string;
  /** Text that replaces the partial word. */
  insert: string;
  detail?: string;
}

/** The partial word before the caret that a suggestion would replace: its start and text. */
export function partialWord(text: string, caret: number): { start: number; word: string; inBracket: boolean } {
  const before = text.slice(0, caret);
  const bracket = /\[@?([A-Za-z0-9_]*)$/.exec(before);
  if (bracket) return { start: caret - bracket[0].length, word: bracket[0], inBracket: true };
  const m = /[A-Za-z_\u00C0-\u00FF][A-Za-z0-9_.\u00C0-\u00FF]*$/.exec(before);
  return m ? { start: caret - m[0].length, word: m[0], inBracket: false } : { start: caret, word: '', inBracket: false };
}

/** Everything the formula could name here, in the editor's language. */
export function candidates(ctx: FormulaContext): Suggestion[] {
  const out: Suggestion[] = [];
  const { plan, locale } = ctx;
  for (const [name, spec] of Object.entries(FUNCTIONS)) {
    const label = locale === 'it' ? spec.it : name;
    out.push({ kind: 'function', label, insert: `${label}(`, detail: spec.help[locale] });
  }
  for (const [name, p] of Object.entries(plan.parameters)) out.push({ kind: 'parameter', label: name, insert: name, detail: String(p.value) });
  for (const [sheetName, s] of Object.entries(plan.sheets)) {
    if (s.kind === 'summary') for (const cell of Object.keys(s.cells)) out.push({ kind: 'cell', label: cell, insert: cell, detail: sheetName });
  }
  for (const [name, t] of Object.entries(plan.tables)) {
    if (t.kind === 'tier') out.push({ kind: 'table', label: name, insert: name, detail: t.mode });
    else for (const col of Object.keys(t.columns)) if (!t.keys.includes(col)) out.push({ kind: 'table', label: `${name}[${col}]`, insert: `${name}[${col}]`, detail: t.keys.join(' × ') });
  }
  for (const [sheetName, s] of Object.entries(plan.sheets)) {
    if (s.kind !== 'lines') continue;
    for (const col of Object.keys(s.columns)) out.push({ kind: 'sheet', label: `${sheetName}[${col}]`, insert: `${sheetName}[${col}]`, detail: s.source });
  }
  const own = ctx.sheet ? ownValue(plan.sheets, ctx.sheet) : undefined;
  if (own?.kind === 'lines') {
    for (const col of Object.keys(own.columns)) out.push({ kind: 'column', label: `[@${col}]`, insert: `[@${col}]` });
    // own entries only: a sheet may read a table named `toString` that the schema does not declare (yet)
    const facts = ctx.factSchema ? ownValue(ctx.factSchema.tables, own.source) : undefined;
    if (facts) for (const [col, c] of Object.entries(facts.columns)) out.push({ kind: 'fact', label: `[@${col}]`, insert: `[@${col}]`, detail: c.type });
  }
  return out;
}

/** Suggestions for the word at the caret, best first (prefix matches, then substring matches). */
export function suggest(text: string, caret: number, ctx: FormulaContext, limit = 12): { start: number; items: Suggestion[] } {
  const { start, word } = partialWord(text, caret);
  if (word === '') return { start, items: [] };
  const needle = word.toUpperCase();
  const all = candidates(ctx);
  const prefix = all.filter((s) => s.label.toUpperCase().startsWith(needle));
  const inner = all.filter((s) => !s.label.toUpperCase().startsWith(needle) && s.label.toUpperCase().includes(needle.replace(/^\[@?/, '')));
  const seen = new Set<string>();
  const items = [...prefix, ...inner].filter((s) => (seen.has(s.label) ? false : (seen.add(s.label), true))).slice(0, limit);
  return { start, items };
}

/** Replaces the partial word at the caret with a suggestion; returns the new text and caret. */
export function applySuggestion(text: string, caret: number, s: Suggestion): { text: string; caret: number } {
  const { start } = partialWord(text, caret);
  const next = text.slice(0, start) + s.insert + text.slice(caret);
  return { text: next, caret: start + s.insert.length };
}

/** The 0-based offset an issue message points at ("… (at character 12)"), for issues without a `position`. */
export function issueOffset(message: string): number | undefined {
  const m = /\(at character (\d+)\)\s*$/.exec(message);
  return m ? Number(m[1]) - 1 : undefined;
}

/** The message without its position suffix. */
export function issueText(message: string): string {
  return message.replace(/\s*\(at character \d+\)\s*$/, '');
}

const TOKEN = /^(\[@?[A-Za-z0-9_]+\]|[A-Za-z_\u00C0-\u00FF][A-Za-z0-9_.\u00C0-\u00FF]*(\[[A-Za-z0-9_]+\])?|"[^"]*"|\d+([.,]\d+)?|.)/;

/**
 * Maps an offset in the canonical formula to a range in the text the user sees (which may use Italian names and
 * separators). References and names read the same in both forms, so the k-th occurrence of the token at the offset
 * is found again in the displayed text.
 */
export function mapOffset(canonical: string, offset: number, shown: string): { start: number; end: number } {
  const token = TOKEN.exec(canonical.slice(offset))?.[0] ?? canonical.slice(offset, offset + 1);
  if (canonical === shown) return { start: offset, end: offset + Math.max(1, token.length) };
  let k = 0;
  for (let i = canonical.indexOf(token); i !== -1 && i < offset; i = canonical.indexOf(token, i + 1)) k += 1;
  let at = -1;
  for (let i = 0; i <= k; i += 1) {
    at = shown.indexOf(token, at + 1);
    if (at === -1) break;
  }
  if (at === -1) return { start: Math.min(offset, shown.length), end: Math.min(offset + 1, shown.length) };
  return { start: at, end: at + Math.max(1, token.length) };
}

/** Issues reported for exactly this formula path. */
export function issuesAt(issues: readonly Issue[], path: readonly (string | number)[]): Issue[] {
  return issues.filter((i) => i.path.length === path.length && i.path.every((p, n) => p === path[n]));
}
