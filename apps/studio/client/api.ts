/** A tiny JSON client for the studio server (session cookie, same origin). */
import { messages } from '@provvigo/react';
import type { UiLocale } from '@provvigo/react';
import { studioMessages } from './studioMessages.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error?: string; message?: string; messages?: { it?: unknown; en?: unknown }; issues?: unknown[] },
  ) {
    super(body.message ?? `HTTP ${status}`);
  }
}

/**
 * A workflow refusal as the server words it in the reader's language (core's and the store's refusals carry Italian
 * and English), or undefined when the answer has none: for codes the client has no words of its own for.
 */
export function refusalText(e: ApiError, locale: UiLocale): string | undefined {
  const text = e.body.messages?.[locale];
  return typeof text === 'string' && text !== '' ? text : undefined;
}

/**
 * What to tell the user when a request failed: the client's own words for the answer's code, else the server's
 * refusal in the reader's language, else that the action failed with the code (`network` when no answer came).
 */
export function failureText(e: unknown, locale: UiLocale): string {
  const t = messages(locale);
  const code = e instanceof ApiError ? (e.body.error ?? String(e.status)) : 'network';
  const own = studioMessages(locale).errors[code] ?? t.errors[code];
  return own ?? (e instanceof ApiError ? refusalText(e, locale) : undefined) ?? t.unexpectedError(code);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json);
  return json as T;
}
