/** The core functions the CLI calls, in one place: the CLI holds no engine logic of its own. */
import {
  evaluateStream,
  explain,
  formatIssues as coreFormatIssues,
  parsePlan as coreParsePlan,
} from '@provvigo/core';
import type { EvaluateOptions, FactSchema, Issue, Locale, RunInput, RunSummary, Statement, StatementLine } from '@provvigo/core';

export type ParsePlanResult = ReturnType<typeof coreParsePlan>;

export function parsePlan(json: unknown, factSchema?: FactSchema): ParsePlanResult {
  return coreParsePlan(json, factSchema ? { factSchema } : {});
}

/** Evaluates a period, handing statements one at a time to `onStatement`, so outputs are written as they come. */
export function evaluateStreaming(
  input: RunInput,
  options: EvaluateOptions,
  onStatement: (statement: Statement, json: string) => void,
): RunSummary {
  return evaluateStream(input, options, (statement, _hash, json) => onStatement(statement, json));
}

/** The derivation of one line as sentences. */
export function explainLine(line: StatementLine, locale: Locale): string[] {
  return explain(line, locale)
    .split('\n')
    .filter((s) => s !== '');
}

export function formatIssues(issues: readonly Issue[]): string {
  return coreFormatIssues(issues);
}
