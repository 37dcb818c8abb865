import { schemaIssueMessage } from '@provvigo/core';
import { CliError, type CliMessage } from './errors.js';

/** A zod issue's path without symbol keys, for the `field` of a CliError. */
const zodPath = (path: readonly PropertyKey[]): (string | number)[] => path.filter((k): k is string | number => typeof k !== 'symbol');

/** What the CLI needs of a zod schema (the CLI takes the schemas from the packages, not zod itself). */
interface Checks<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ message: string; path: readonly PropertyKey[]; code?: string; params?: unknown }> } };
}

/**
 * `value` checked by `schema`, or a CliError naming the file, the record when given, and the field of the first issue:
 * one line the user can act on, for every file the CLI reads through a package's schema.
 */
export function parseOrFail<T>(schema: Checks<T>, value: unknown, at: { file: string; record?: string; exitCode?: 1 | 2; what?: CliMessage }): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  // zod's and core's schema sentences in Italian too (core's schemaIssueMessage); another package's own stay English
  const { en, it } = first ? schemaIssueMessage(first) : { en: 'invalid', it: 'non valido' };
  throw new CliError({ en: at.what ? `${at.what.en}: ${en}` : en, it: at.what ? `${at.what.it}: ${it}` : it }, {
    file: at.file,
    ...(at.record !== undefined ? { record: at.record } : {}),
    field: first ? zodPath(first.path).join('.') || undefined : undefined,
    exitCode: at.exitCode ?? 2,
  });
}
