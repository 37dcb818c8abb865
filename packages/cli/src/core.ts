/**
 * The core functions the CLI calls, looked up on `@provvigo/core` when called, so the CLI builds and its IO tests run
 * while parts of the engine are still landing. A missing function is a clear usage error, never a crash.
 */
import * as core from '@provvigo/core';
import type {
  EvaluateOptions,
  FactSchema,
  Issue,
  Locale,
  Plan,
  RunInput,
  RunResult,
  RunSummary,
  Statement,
  StatementLine,
} from '@provvigo/core';
import { CliError } from './io/errors.js';

export type ParsePlanResult = { ok: true; plan: Plan; issues: Issue[] } | { ok: false; issues: Issue[] };
type ParsePlanFn = (json: unknown, options?: { factSchema?: FactSchema }) => ParsePlanResult;
type EvaluateFn = (input: RunInput, options: EvaluateOptions) => RunResult | Promise<RunResult>;
type EvaluateStreamFn = (
  input: RunInput,
  options: EvaluateOptions,
  onStatement: (statement: Statement) => void,
) => RunSummary | Promise<RunSummary>;
type ExplainFn = (line: StatementLine, locale: Locale) => unknown;

const api = core as unknown as Record<string, unknown>;

function need<T>(name: string): T {
  const fn = api[name];
  if (typeof fn !== 'function') throw new CliError(`@provvigo/core does not provide ${name}() in this version`);
  return fn as T;
}

export function parsePlan(json: unknown, factSchema?: FactSchema): ParsePlanResult {
  return need<ParsePlanFn>('parsePlan')(json, factSchema ? { factSchema } : {});
}

/** Evaluates a period, handing statements one at a time to `onStatement` (streamed when core can stream). */
export async function evaluateStreaming(
  input: RunInput,
  options: EvaluateOptions,
  onStatement: (statement: Statement) => void,
): Promise<RunSummary> {
  if (typeof api.evaluateStream === 'function') return need<EvaluateStreamFn>('evaluateStream')(input, options, onStatement);
  const result = await need<EvaluateFn>('evaluate')(input, options);
  let lineCount = 0;
  for (const s of result.statements) {
    lineCount += s.lines.length;
    onStatement(s);
  }
  const { statements, ...rest } = result;
  return { ...rest, statementCount: statements.length, lineCount };
}

/** The derivation of one line as sentences; an empty list when core has no `explain` yet. */
export function explainLine(line: StatementLine, locale: Locale): string[] {
  const fn = api.explain;
  if (typeof fn !== 'function') return [];
  const out = (fn as ExplainFn)(line, locale);
  if (Array.isArray(out)) return out.map(String);
  if (typeof out === 'string') return out.split('\n').filter((s) => s !== '');
  if (out && typeof out === 'object' && Array.isArray((out as { sentences?: unknown }).sentences))
    return ((out as { sentences: unknown[] }).sentences).map(String);
  return [];
}

export function formatIssues(issues: readonly Issue[]): string {
  const fn = api.formatIssues;
  if (typeof fn === 'function') return (fn as (i: readonly Issue[]) => string)(issues);
  return issues.map((i) => `${i.severity} ${i.path.join('.')}${i.file ? ` [${i.file}]` : ''}: ${i.message} (${i.code})`).join('\n');
}
