import type { MiddlewareHandler } from 'hono';
import { HttpError } from './errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence (OWASP ASVS 3.5 / 4.2.2): a state-changing request must come from the studio's own origin when the
 * browser says where it comes from (Origin, else Referer), and any body must be JSON — a cross-site form or a
 * `text/plain` fetch cannot be JSON without a CORS preflight, which the studio never grants. Session cookies are
 * SameSite=Strict on top. Requests with neither header (scripts, the CLI) are not from a browser page and pass.
 */
export function sameOriginJsonOnly(allowedOrigins: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (!STATE_CHANGING.has(c.req.method)) return next();
    const own = new URL(c.req.url).origin;
    const ok = (origin: string) => origin === own || allowedOrigins.includes(origin);
    const origin = c.req.header('origin');
    const referer = c.req.header('referer');
    if (origin !== undefined) {
      if (!ok(origin)) throw new HttpError(403, 'cross_origin', 'requests from another site are refused');
    } else if (referer !== undefined) {
      let from: string | undefined;
      try {
        from = new URL(referer).origin;
      } catch {
        from = undefined;
      }
      if (!from || !ok(from)) throw new HttpError(403, 'cross_origin', 'requests from another site are refused');
    }
    const type = c.req.header('content-type');
    const hasBody = (c.req.header('content-length') ?? '0') !== '0' || c.req.header('transfer-encoding') !== undefined;
    if ((type !== undefined || hasBody) && !/^application\/json\s*(;|$)/i.test(type ?? '')) {
      throw new HttpError(415, 'json_only', 'request bodies must be application/json');
    }
    return next();
  };
}
