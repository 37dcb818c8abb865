import type { AuthoringMessages, UiLocale } from '@provvigo/react';
import { ApiError, refusalText } from '../../api.js';

/**
 * An API failure in the user's language: the known error codes worded here, a workflow refusal the server words in
 * both languages (a plan version in use, a version saved meanwhile) in the user's, anything else shown as unexpected.
 */
export function apiMessage(e: unknown, m: AuthoringMessages, locale: UiLocale): string {
  if (e instanceof ApiError) return m.errors[e.body.error ?? ''] ?? refusalText(e, locale) ?? m.unexpected(e.message);
  return m.unexpected(e instanceof Error ? e.message : String(e));
}

/** The field paths of a 422 answer (zod issues), to mark those fields. */
export function issuePaths(e: unknown): Set<string> {
  if (!(e instanceof ApiError) || !Array.isArray(e.body.issues)) return new Set();
  return new Set((e.body.issues as { path?: unknown[] }[]).map((i) => (i.path ?? []).map(String).join('.')));
}
