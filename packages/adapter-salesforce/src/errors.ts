import { BilingualError, maskUrlsIn, type BothLanguages } from '@provvigo/core';

/**
 * Typed errors of the Salesforce adapter. Messages name the object, record or field and a remedy, and never carry
 * secrets (tokens, passwords, private keys); nor does the cause they keep (see `maskedCause`). Every error the
 * adapter raises carries its text in English and Italian (`messages`), so a caller shows it in the user's language;
 * `message` is always the English text. Salesforce's own words inside it (an errorCode, its message) stay as sent.
 */
export type SalesforceErrorKind =
  | 'config'
  | 'auth'
  | 'permission'
  | 'rate-limit'
  | 'transient'
  | 'protocol'
  | 'remote';

/** A text given in one language (the same in both) or in English and Italian. */
export type SalesforceText = string | BothLanguages;

export interface SalesforceErrorOptions {
  errorCode?: string | undefined;
  status?: number | undefined;
  cause?: unknown;
}

export class SalesforceError extends BilingualError {
  readonly kind: SalesforceErrorKind;
  /** Salesforce errorCode when the API sent one (INVALID_SESSION_ID, MALFORMED_QUERY…). */
  readonly errorCode: string | undefined;
  /** HTTP status when the error came from a response. */
  readonly status: number | undefined;
  constructor(kind: SalesforceErrorKind, message: SalesforceText, options: SalesforceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: maskedCause(options.cause) });
    this.kind = kind;
    this.errorCode = options.errorCode;
    this.status = options.status;
  }
}

/**
 * A library's error, kept as the cause, with the URLs in its message and stack masked by core's `maskUrlsIn`:
 * node-fetch (under jsforce) says "request to <url> failed", the URL's password included, and a cause is printed
 * with the error by `console.error` and error trackers. Masked in place, so the cause keeps its class and code.
 */
function maskedCause(cause: unknown): unknown {
  for (let e = cause, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    e.message = maskUrlsIn(e.message);
    if (e.stack) e.stack = maskUrlsIn(e.stack);
  }
  return cause;
}

/** Invalid configuration: no data moves. */
export class ConfigError extends SalesforceError {
  override name = 'ConfigError';
  constructor(message: SalesforceText, options?: { cause?: unknown }) {
    super('config', message, options);
  }
}
/** Login failed, or a 401 persisted after the token refresh. */
export class AuthError extends SalesforceError {
  override name = 'AuthError';
  constructor(message: SalesforceText, options?: SalesforceErrorOptions) {
    super('auth', message, options);
  }
}
/** The org's API limit is exhausted (REQUEST_LIMIT_EXCEEDED) or 429s outlasted the retry policy. The cursor is kept. */
export class RateLimitError extends SalesforceError {
  override name = 'RateLimitError';
  /** The org's daily allocation is used up (stop until it recovers); otherwise a short-term limit (retried). */
  readonly daily: boolean;
  constructor(message: SalesforceText, options?: SalesforceErrorOptions & { daily?: boolean }) {
    super('rate-limit', message, options);
    this.daily = options?.daily ?? false;
  }
}
/** 5xx or network trouble that outlasted the retry policy. */
export class TransientError extends SalesforceError {
  override name = 'TransientError';
  constructor(message: SalesforceText, options?: SalesforceErrorOptions) {
    super('transient', message, options);
  }
}
/** The response did not have the shape of the protocol (HTML, truncated JSON, fetched ≠ totalSize…). */
export class ProtocolError extends SalesforceError {
  override name = 'ProtocolError';
  constructor(message: SalesforceText, options?: SalesforceErrorOptions) {
    super('protocol', message, options);
  }
}
/** A business error from Salesforce (MALFORMED_QUERY, INVALID_FIELD, NOT_FOUND…): retrying will not help. */
export class RemoteError extends SalesforceError {
  override name = 'RemoteError';
  constructor(message: SalesforceText, options?: SalesforceErrorOptions) {
    super('remote', message, options);
  }
}
