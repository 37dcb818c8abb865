import { type ClientAddressRule, clientAddressRule, requireOptions, type BothLanguages, type TrustProxy } from '@provvigo/core';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@provvigo/store';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { tryParseEventJson } from './json.js';
import type { BillingMapping } from './mapping.js';
import { eventIdOf, MAX_STORED_REJECTIONS, recordRejection, storeInInbox } from './store.js';
import type { Verifier } from './verify.js';

export interface WebhookRequest {
  method: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
  /**
   * The client's address, the key of the rejection rate limit. `startWebhookServer` fills it in: the socket's address,
   * or with its `trustProxy` the one X-Forwarded-For gives behind those proxies (see core's `clientAddressRule`).
   */
  remoteAddress?: string | undefined;
  /**
   * Set by the HTTP layer when it stopped reading a body above its own limit (`startWebhookServer` beyond its
   * `maxBodyBytes`): `rawBody` is then empty, and the handler answers 413 and audits the refusal as it does a body
   * above its own `maxBodyBytes`. `declaredBytes` is the request's Content-Length, when it gave one.
   */
  bodyOverLimit?: { limitBytes: number; declaredBytes?: number | undefined } | undefined;
}

/**
 * The answer. A refusal's body is `{ "error": <English>, "messages": { "en", "it" } }`: `error` as it always was, for
 * the clients that read it, and `messages` in both languages (`messages.en === error`).
 */
export interface WebhookResponse {
  status: number;
  body: string;
  /**
   * Headers to send besides `content-type: application/json` (names in lower case), e.g. the `retry-after` of a 429.
   * `startWebhookServer` sends them; a server of your own around the handler should too.
   */
  headers?: Record<string, string>;
}

export interface WebhookHandlerOptions {
  db: Db;
  mapping: BillingMapping;
  verifier: Verifier;
  /** Bodies above this size are refused with 413 and audited (default 1 MiB). */
  maxBodyBytes?: number;
  nowSeconds?: () => number;
  /** Called after an event is durably stored and before the 2xx is sent (tests use it to crash there). */
  onStored?: (eventId: string, duplicate: boolean) => void;
  /**
   * Refused requests (a method other than POST, bad signature, stale timestamp, oversized body) per client address
   * and window: beyond `perClient` (default 60 per 60 s) the client gets 429, with `Retry-After` in seconds, and
   * nothing is written. The audit table keeps the newest `maxStored` rows (default 10,000). Authenticated requests are
   * never limited: a signed body that is not UTF-8 is refused with 400 and audited, whatever the count.
   */
  rejections?: { perClient?: number; windowSeconds?: number; maxStored?: number };
}

const json = (status: number, body: unknown): WebhookResponse => ({ status, body: JSON.stringify(body) });

/** A refusal: `error` in English as before, for the clients that read it, and `messages` in both languages. */
const refusal = (status: number, texts: BothLanguages): WebhookResponse => json(status, { error: texts.en, messages: texts });

const NOT_POST: BothLanguages = { en: 'method not allowed', it: 'metodo non consentito' };

/**
 * The audit text of a request with a method other than POST. Audited, not just answered: nobody who sends events
 * sends a GET, so it is someone finding or probing the endpoint, worth knowing about; it goes through the same rate
 * limit as the other refusals, so a flood of them cannot fill the table. The method is cut to 20 characters: a handler
 * behind another framework may be given any text there, and the row should not hold much of the sender's choosing.
 */
function notPostReason(method: string): BothLanguages {
  const shown = method.slice(0, 20);
  return { en: `method ${shown} not allowed`, it: `metodo ${shown} non consentito` };
}

const TOO_LARGE: BothLanguages = { en: 'payload too large', it: 'corpo della richiesta troppo grande' };
const TOO_MANY: BothLanguages = { en: 'too many rejected requests', it: 'troppe richieste rifiutate' };
const UNAVAILABLE: BothLanguages = { en: 'temporarily unavailable', it: 'servizio temporaneamente non disponibile' };

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
  return refusal(400, NOT_UTF8);
}

/** The audit text of a body too large: with its size when known (the body read, or the Content-Length declared). */
function oversizeReason(size: number | undefined, limit: number): BothLanguages {
  if (size === undefined) return { en: `body exceeds ${limit} bytes`, it: `il corpo della richiesta supera il limite di ${limit} byte` };
  return { en: `body of ${size} bytes exceeds ${limit}`, it: `il corpo della richiesta di ${size} byte supera il limite di ${limit}` };
}

/** Why the body is too large, if it is: above the HTTP layer's limit (which then did not read it) or above ours. */
function oversized(req: WebhookRequest, maxBody: number): BothLanguages | undefined {
  if (req.bodyOverLimit) return oversizeReason(req.bodyOverLimit.declaredBytes, req.bodyOverLimit.limitBytes);
  return req.rawBody.length > maxBody ? oversizeReason(req.rawBody.length, maxBody) : undefined;
}

/**
 * The audit text of a failed check, after the verifier's name: in both languages when the verifier gives both, else its
 * English alone (a custom verifier's), which leaves the row's Italian empty rather than made up.
 */
function auditedReason(name: string, failed: { reason: string; reasons?: BothLanguages }): string | BothLanguages {
  return failed.reasons ? { en: `${name}: ${failed.reasons.en}`, it: `${name}: ${failed.reasons.it}` } : `${name}: ${failed.reason}`;
}

/**
 * What the sender reads of a failed check: `error` is the verifier's English `reason`, as before. A custom verifier
 * that gives no Italian has its English quoted inside an Italian sentence: the sender still learns the cause.
 */
function answeredReason(failed: { reason: string; reasons?: BothLanguages }): BothLanguages {
  return { en: failed.reason, it: failed.reasons?.it ?? `richiesta rifiutata: ${failed.reason}` };
}

/**
 * The 429 of a client over its budget. RFC 6585 §4: a 429 MAY say how long to wait with Retry-After; without it a sender
 * that backs off blindly keeps hammering. The wait is the limiter's own (`msBeforeNext`, until its window for this
 * client ends) in whole seconds, rounded up so a sender that waits that long is let through, and at least 1 (a 0 would
 * invite an immediate retry). Anything else thrown by the limiter gets the 429 without the header, as before.
 */
function tooMany(over: unknown): WebhookResponse {
  if (!(over instanceof RateLimiterRes)) return refusal(429, TOO_MANY);
  const seconds = Math.max(1, Math.ceil(over.msBeforeNext / 1000));
  return { ...refusal(429, TOO_MANY), headers: { 'retry-after': String(seconds) } };
}

/** Audits a refusal unless the client is over its budget, in which case the answer becomes 429 and nothing is stored. */
function rejectionGate(
  options: WebhookHandlerOptions,
): (req: WebhookRequest, status: number, reason: string | BothLanguages, answer: BothLanguages) => Promise<WebhookResponse> {
  const limits = options.rejections ?? {};
  const limiter = new RateLimiterMemory({ points: limits.perClient ?? 60, duration: limits.windowSeconds ?? 60 });
  const maxStored = limits.maxStored ?? MAX_STORED_REJECTIONS;
  return async (req, status, reason, answer) => {
    try {
      await limiter.consume(req.remoteAddress ?? 'unknown');
    } catch (over) {
      return tooMany(over);
    }
    await recordRejection(options.db, options.mapping.source, reason, maxStored);
    return refusal(status, answer);
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
    if (req.method !== 'POST') return reject(req, 405, notPostReason(req.method), NOT_POST);
    const tooLarge = oversized(req, maxBody);
    if (tooLarge) return reject(req, 413, tooLarge, TOO_LARGE);
    const verification = options.verifier.verify({ headers: req.headers, rawBody: req.rawBody }, now());
    if (!verification.ok) return reject(req, verification.status, auditedReason(options.verifier.name, verification), answeredReason(verification));
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

/**
 * The body, or undefined as soon as it is known to pass `limit`: from its Content-Length before any of it is read, else
 * at the chunk that takes the bytes read past the limit, which is dropped. Reading then stops (the request is paused,
 * neither drained nor buffered), so a sender cannot make the server read or hold much more than the limit, however long
 * it sends; the answer closes the connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData).off('end', onEnd).off('error', reject).pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/** The handler's request; a body the server did not read (above `limit`) is empty and flagged `bodyOverLimit`. */
function webhookRequest(req: IncomingMessage, body: Buffer | undefined, limit: number, addressOf: ClientAddressRule): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  // node joins repeated X-Forwarded-For headers with ', ', so the hops keep the order the proxies added them in
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const remoteAddress = addressOf(req.socket.remoteAddress, headers['x-forwarded-for']);
  const request = { method: req.method ?? 'GET', headers, rawBody: body ?? Buffer.alloc(0), remoteAddress };
  if (body !== undefined) return request;
  const declared = Number(req.headers['content-length']);
  return { ...request, bodyOverLimit: { limitBytes: limit, declaredBytes: declared > limit ? declared : undefined } };
}

export interface WebhookServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export interface WebhookServerOptions {
  port?: number;
  host?: string;
  /** Bodies above this size are not read past it (default 1 MiB); the handler refuses them with 413. */
  maxBodyBytes?: number;
  /**
   * The reverse proxies in front of the server, each appending the address it saw to X-Forwarded-For (nginx's
   * `$proxy_add_x_forwarded_for`, not `$http_x_forwarded_for`): the client they name keys its rejection budget instead
   * of the socket's address, which is the nearest proxy's for everyone. `true`: one proxy (the last hop); a whole
   * number: that many; addresses or subnets (`'10.0.0.0/8, loopback'` or a list): the first hop from the right outside
   * them. The same setting as the studio's, read by core's `clientAddressRule`; one it cannot use is refused here. Set
   * it only as the deployment is: one proxy too many lets a client write its own address. Default false (the socket).
   */
  trustProxy?: TrustProxy;
}

/**
 * A tiny node:http adapter around the handler; any path is accepted (mount it behind your reverse proxy, and set
 * `trustProxy`). A body above `maxBodyBytes` (default 1 MiB) is not read past the limit: the handler gets it flagged
 * (`bodyOverLimit`), so the 413 is audited and rate-limited as the handler's other refusals are. The handler's
 * `headers` are sent with its answer.
 */
export async function startWebhookServer(
  handler: (req: WebhookRequest) => Promise<WebhookResponse>,
  options: WebhookServerOptions = {},
): Promise<WebhookServer> {
  const limit = options.maxBodyBytes ?? 1024 * 1024;
  const addressOf = clientAddressRule(options.trustProxy, 'startWebhookServer trustProxy');
  const server = createServer((req, res) => {
    void (async () => {
      let unread = false;
      // the rest of an unread body is still on the connection: it cannot carry another request, so it is closed
      const answer = (out: WebhookResponse) =>
        res.writeHead(out.status, { 'content-type': 'application/json', ...out.headers, ...(unread ? { connection: 'close' } : {}) }).end(out.body);
      try {
        const body = await readBody(req, limit);
        unread = body === undefined;
        answer(await handler(webhookRequest(req, body, limit, addressOf)));
      } catch {
        // Storage failed: answer 503 so the sender retries; the event was not acknowledged.
        if (!res.headersSent) answer(refusal(503, UNAVAILABLE));
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
