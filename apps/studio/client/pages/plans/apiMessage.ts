import type { AuthoringMessages } from '@provvigo/react';
import { ApiError } from '../../api.js';

/** An API failure in the user's language: the known error codes worded, anything else shown as unexpected. */
export function apiMessage(e: unknown, m: AuthoringMessages): string {
  if (e instanceof ApiError) return m.errors[e.body.error ?? ''] ?? m.unexpected(e.message);
  return m.unexpected(e instanceof Error ? e.message : String(e));
}

/** The field paths of a 422 answer (zod issues), to mark those fields. */
export function issuePaths(e: unknown): Set<string> {
  if (!(e instanceof ApiError) || !Array.isArray(e.body.issues)) return new Set();
  return new Set((e.body.issues as { path?: unknown[] }[]).map((i) => (i.path ?? []).map(String).join('.')));
}
