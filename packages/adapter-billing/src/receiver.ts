import { requireOptions, type BothLanguages } from '@provvigo/core';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@provvigo/store';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { tryParseEventJson } from './json.js';
import type { BillingMapping } from './mapping.js';
import { eventIdOf, MAX_STORED_REJECTIONS, recordRejection, storeInInbox } from './store.js';
import type { Verifier } from './verify.js';

export interface WebhookRequest {
  method: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  /** The client's address, the key of the rejection rate limit (`startWebhookServer` fills it in). */
  remoteAddress?: string | undefined;
}

export interface WebhookResponse {
  status: number;
  body: string;
}

export interface WebhookHandlerOptions {
  db: Db;
  mapping: BillingMapping;
  verifier: Verifier;
  /** Bodies above this size are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  nowSeconds?: () => number;
  /** Called after an event is durably stored and before the 2xx is sent (tests use it to crash there). */
  onStored?: (eventId: string, duplicate: boolean) => void;
  /**
   * Refused requests (bad signature, stale timestamp, oversized body) per client address and window: beyond
   * `perClient` (default 60 per 60 s) the client gets 429 and nothing is written. The audit table keeps the newest
   * `maxStored` rows (default 10,000). Authenticated requests are never limited: a signed body that is not UTF-8 is
   * refused with 400 and audited, whatever the count.
   */
  rejections?: { perClient?: number; windowSeconds?: number; maxStored?: number };
}

const json = (status: number, body: unknown): WebhookResponse => ({ status, body: JSON.stringify(body) });

/**
 * The body as text, or undefined when it is not UTF-8. `fatal`: a lossy decoding would replace bad bytes with U+FFFD,
 * changing values without a word and making two different event ids one. `ignoreBOM`: a leading U+FEFF is kept, so
 * the stored text, and an id hashed from it, stay what they always were.
 */
function decodeBody(body: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return undefined;
  }
}

const NOT_UTF8 = {
  en: 'the body is not valid UTF-8; send the event encoded as UTF-8',
  it: "il corpo della richiesta non è UTF-8 valido; invia l'evento codificato in UTF-8",
};

/**
 * A signed body that is not UTF-8 cannot be kept as sent (the inbox holds text), so it is refused with 400 rather
 * than stored changed, and audited. Not rate-limited: the sender is authenticated, and a 429 would hide the cause.
 */
async function refuseUndecodable(options: WebhookHandlerOptions): Promise<WebhookResponse> {
  const name = options.verifier.name;
  const reason = { en: `${name}: body is not valid UTF-8`, it: `${name}: il corpo della richiesta non è UTF-8 valido` };
  await recordRejection(options.db, options.mapping.source, reason, options.rejections?.maxStored ?? MAX_STORED_REJECTIONS);
  return json(400, { error: NOT_UTF8.en, messages: NOT_UTF8 });
}

/**
 * The audit text of a failed check, after the verifier's name: in both languages when the verifier gives both, else its
 * English alone (a custom verifier's), which leaves the row's Italian empty rather than made up.
 */
function auditedReason(name: string, failed: { reason: string; reasons?: BothLanguages }): string | BothLanguages {
  return failed.reasons ? { en: `${name}: ${failed.reasons.en}`, it: `${name}: ${failed.reasons.it}` } : `${name}: ${failed.reason}`;
}

/** Audits a refusal unless the client is over its budget, in which case the answer becomes 429 and nothing is stored. */
function rejectionGate(
  options: WebhookHandlerOptions,
): (req: WebhookRequest, status: number, reason: string | BothLanguages, error: string) => Promise<WebhookResponse> {
  const limits = options.rejections ?? {};
  const limiter = new RateLimiterMemory({ points: limits.perClient ?? 60, duration: limits.windowSeconds ?? 60 });
  const maxStored = limits.maxStored ?? MAX_STORED_REJECTIONS;
  return async (req, status, reason, error) => {
    try {
      await limiter.consume(req.remoteAddress ?? 'unknown');
    } catch {
      return json(429, { error: 'too many rejected requests' });
    }
    await recordRejection(options.db, options.mapping.source, reason, maxStored);
    return json(status, { error });
  };
}

/**
 * A framework-agnostic webhook handler: verify the signature, persist the raw event in the inbox (idempotent by
 * event id), and only then acknowledge. Mapping and validation happen later, from the inbox (`processInbox`), so a
 * crash after the acknowledgement loses nothing. Failed checks store only audit metadata.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): (req: WebhookRequest) => Promise<WebhookResponse> {
  requireOptions('createWebhookHandler', options, ['db', 'mapping', 'verifier']);
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  const now = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  const source = options.mapping.source;
  const reject = rejectionGate(options);
  return async (req) => {
    if (req.method !== 'POST') return json(405, { error: 'method not allowed' });
    if (req.rawBody.length > maxBody) {
      const size = req.rawBody.length;
      const reason = { en: `body of ${size} bytes exceeds ${maxBody}`, it: `il corpo della richiesta di ${size} byte supera il limite di ${maxBody}` };
      return reject(req, 413, reason, 'payload too large');
    }
    const verification = options.verifier.verify({ headers: req.headers, rawBody: req.rawBody }, now());
    if (!verification.ok) return reject(req, verification.status, auditedReason(options.verifier.name, verification), verification.reason);
    const raw = decodeBody(req.rawBody);
    if (raw === undefined) return refuseUndecodable(options);
    // a signed but malformed payload is still stored, and quarantined by processing with the parser's cause
    const parsed = tryParseEventJson(raw);
    const eventId = eventIdOf(options.mapping, parsed.ok ? parsed.value : undefined, raw, verification.eventId);
    const { stored } = await storeInInbox(options.db, source, 'webhook', [{ eventId, raw }]);
    options.onStored?.(eventId, stored === 0);
    return json(200, { received: true, eventId, duplicate: stored === 0 });
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface WebhookServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** A tiny node:http adapter around the handler; any path is accepted (mount it behind your reverse proxy). */
export async function startWebhookServer(
  handler: (req: WebhookRequest) => Promise<WebhookResponse>,
  options: { port?: number; host?: string; maxBodyBytes?: number } = {},
): Promise<WebhookServer> {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const body = await readBody(req, limit);
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        const out = body === undefined ? json(413, { error: 'payload too large' }) : await handler({ method: req.method ?? 'GET', headers, rawBody: body, remoteAddress: req.socket.remoteAddress });
        res.writeHead(out.status, { 'content-type': 'application/json' }).end(out.body);
      } catch {
        // Storage failed: answer 503 so the sender retries; the event was not acknowledged.
        if (!res.headersSent) res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"temporarily unavailable"}');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
