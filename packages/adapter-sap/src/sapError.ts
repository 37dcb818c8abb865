import type { BothLanguages } from '@provvigo/core';
import { z } from 'zod';
import { type SapErrorDetail, SapProtocolError, SapRemoteError, SapTransientError } from './errors.js';
import type { HttpResult } from './session.js';
import { within } from './texts.js';

/** The OData v2 error body of SAP Gateway (adapters.md §2.6). */
export const SapErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.union([z.object({ lang: z.string().optional(), value: z.string() }), z.string()]),
    innererror: z
      .object({
        transactionid: z.string().optional(),
        errordetails: z
          .array(
            z.object({
              code: z.string().default(''),
              message: z.string().default(''),
              propertyref: z.string().optional(),
              severity: z.string().optional(),
              target: z.string().optional(),
            }),
          )
          .optional(),
      })
      .passthrough()
      .optional(),
  }),
});

/**
 * Turns a non-success answer into a typed error: the SAP error JSON becomes `SapRemoteError` (code, message,
 * field details, transaction id); a 5xx without one is transient; anything else unreadable is a protocol error.
 * `context` names the call in one text or both languages; what SAP answered is quoted as it came.
 */
export function sapErrorFromResponse(res: HttpResult, context: string | BothLanguages): Error {
  const error = errorOfAnswer(res, context);
  // a throttled or overloaded SAP says when to come back: the caller's retry waits at least that long
  error.retryAfterMs = retryAfterMs(res.headers.get('retry-after'));
  return error;
}

/** `Retry-After` (delay-seconds or an HTTP-date, RFC 9110 §10.2.3) in ms; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** What SAP's OData error JSON says: code, message, the error-level details and the transaction id; undefined if none. */
export function sapErrorBody(text: string): { code: string; message: string; details: SapErrorDetail[]; transactionId: string | undefined } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = SapErrorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  const details = (e.innererror?.errordetails ?? [])
    .filter((d) => d.severity === undefined || d.severity === 'error')
    .map((d) => ({ code: d.code, message: d.message, target: d.target, propertyref: d.propertyref, severity: d.severity }));
  return { code: e.code, message: typeof e.message === 'string' ? e.message : e.message.value, details, transactionId: e.innererror?.transactionid };
}

function errorOfAnswer(res: HttpResult, context: string | BothLanguages): SapRemoteError | SapTransientError | SapProtocolError {
  const e = sapErrorBody(res.text);
  if (e) return new SapRemoteError(res.status, e.code, e.message, e.details, e.transactionId, context);
  const snippet = res.text.replace(/\s+/g, ' ').slice(0, 120);
  const quoted = snippet ? `: ${snippet}` : '';
  if (res.status >= 500) return new SapTransientError(within(context, { en: `SAP ${res.status}${quoted}`, it: `SAP ${res.status}${quoted}` }));
  return new SapProtocolError(within(context, { en: `unexpected SAP answer ${res.status}${quoted}`, it: `risposta inattesa di SAP ${res.status}${quoted}` }));
}
