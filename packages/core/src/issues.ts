import type { BothLanguages } from './schema/common.js';
import type { Issue, IssueCode } from './schema/issue.js';

/** Builds an error issue. */
export function issue(code: IssueCode, message: string, path: Issue['path'], extra: Partial<Issue> = {}): Issue {
  return sortKeys({ code, severity: 'error', message, path, ...extra });
}

/** Builds an error issue from its text in both languages: `message` is the English text, `messages` both. */
export function bilingualIssue(code: IssueCode, text: BothLanguages, path: Issue['path'], extra: Partial<Issue> = {}): Issue {
  return issue(code, text.en, path, { ...extra, messages: { it: text.it, en: text.en } });
}

/** A copy with object keys in alphabetical order at every level (so JSON.stringify gives canonical JSON). */
export function sortKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeys) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value as object).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out as T;
}

/** Dotted path, e.g. `sheets.Lines.columns.Commission.formula` (array indexes as `[3]`). */
export function toDotPath(path: Issue['path']): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/** One line per issue: `error sheets.Lines.columns.Commission.formula: unknown column "kwh" (unknown_reference)`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues
    .map((i) => {
      const where = [
        i.file,
        i.partnerId && `partner ${i.partnerId}`,
        i.record && `record ${i.record.table}/${i.record.id}`,
        i.field && `field ${i.field}`,
        i.row !== undefined && i.sheet && `${i.sheet} row ${i.row}`,
      ]
        .filter(Boolean)
        .join(', ');
      const path = toDotPath(i.path);
      return `${i.severity} ${path}${where ? ` [${where}]` : ''}: ${i.message} (${i.code})`;
    })
    .join('\n');
}

/** Issues grouped by dotted path, for editors that highlight the offending field. */
export function groupIssuesByPath(issues: readonly Issue[]): Record<string, Issue[]> {
  // By path in a Map, made an object by Object.fromEntries: a path is built from the caller's names, and one that is
  // just `constructor`, `toString` or `__proto__` must be a group like any other, not a member of Object.prototype.
  const out = new Map<string, Issue[]>();
  for (const i of issues) {
    const path = toDotPath(i.path);
    const group = out.get(path);
    if (group) group.push(i);
    else out.set(path, [i]);
  }
  return Object.fromEntries(out);
}

/** The one exception class of core, used only by `*OrThrow` helpers and callers that prefer exceptions. */
export class PlanError extends Error {
  readonly code: IssueCode;
  readonly issues: Issue[];
  constructor(issues: Issue[], message?: string) {
    super(message ?? `[provvigo] ${issues.length} issue(s):\n${formatIssues(issues)}`);
    this.name = 'PlanError';
    this.code = issues[0]?.code ?? 'invalid_schema';
    this.issues = issues;
  }
}

/** Issues in a stable order (partner, path, code, message), so results never depend on processing order. */
export function sortIssues(issues: Issue[]): Issue[] {
  const key = (i: Issue) => `${i.partnerId ?? ''}\u0000${toDotPath(i.path)}\u0000${i.record?.id ?? ''}\u0000${i.code}\u0000${i.message}`;
  return issues
    .map((i) => ({ i, k: key(i) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.i);
}
