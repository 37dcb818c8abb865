import { requireOptions, type BothLanguages } from '@provvigo/core';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Request data a verifier sees: header names lower-cased, the body exactly as received. */
export interface SignedRequest {
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

export type Verification =
  | { ok: true; /** Event id carried by the signing scheme itself (Standard Webhooks `webhook-id`). */ eventId?: string }
  | {
      ok: false;
      status: 400 | 401;
      /** Why, in English (the HTTP answer's `error`). */
      reason: string;
      /**
       * Why, in both languages (`reasons.en === reason`), for the audit row. Optional so a custom verifier written
       * before it still fits: its rejections are audited with the English only and no Italian.
       */
      reasons?: BothLanguages;
    };

/** A refusal with 401, worded in both languages. */
const refused = (reasons: BothLanguages): Verification => ({ ok: false, status: 401, reason: reasons.en, reasons });

/** The timestamp refusal all timestamped verifiers share. */
const staleTimestamp = (tolerance: number): BothLanguages => ({
  en: `timestamp outside the ${tolerance} s tolerance (replay?)`,
  it: `marca temporale fuori dalla tolleranza di ${tolerance} s (richiesta ripetuta?)`,
});

const NO_MATCH: BothLanguages = { en: 'signature does not match', it: 'la firma non corrisponde' };

/** A pluggable signature check. `nowSeconds` is injected so tolerance windows are testable. */
export interface Verifier {
  readonly name: string;
  verify(request: SignedRequest, nowSeconds: number): Verification;
}

/** Constant-time comparison that does not leak the length through an exception or an early return. */
export function safeEqual(a: Buffer | string, b: Buffer | string): boolean {
  const x = Buffer.isBuffer(a) ? a : Buffer.from(a);
  const y = Buffer.isBuffer(b) ? b : Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // spend comparable time
    return false;
  }
  return timingSafeEqual(x, y);
}

function withinTolerance(ts: number, now: number, tolerance: number): boolean {
  return Math.abs(now - ts) <= tolerance;
}

/**
 * Stripe style: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>]`, v1 = HMAC-SHA256(secret, `${t}.${rawBody}`).
 * Several secrets are accepted during rotation. Default tolerance 300 s, in both directions.
 */
export function stripeVerifier(options: { secrets: string[]; toleranceSeconds?: number }): Verifier {
  requireOptions('stripeVerifier', options, ['secrets']);
  if (options.secrets.length === 0) throw new Error('stripeVerifier: at least one secret is required');
  const tolerance = options.toleranceSeconds ?? 300;
  return {
    name: 'stripe-v1',
    verify(req, now) {
      const header = req.headers['stripe-signature'];
      if (!header) return refused({ en: 'missing Stripe-Signature header', it: "manca l'intestazione Stripe-Signature" });
      let t: number | undefined;
      const v1: string[] = [];
      for (const part of header.split(',')) {
        const [k, v] = part.split('=', 2).map((s) => s.trim());
        if (k === 't' && v && /^\d+$/.test(v)) t = Number(v);
        else if (k === 'v1' && v) v1.push(v);
      }
      if (t === undefined || v1.length === 0) return refused({ en: 'malformed Stripe-Signature header', it: "l'intestazione Stripe-Signature non è nel formato atteso" });
      const signed = Buffer.concat([Buffer.from(`${t}.`), req.rawBody]);
      const match = options.secrets.some((secret) => {
        const expected = createHmac('sha256', secret).update(signed).digest('hex');
        return v1.some((candidate) => safeEqual(candidate, expected));
      });
      if (!match) return refused(NO_MATCH);
      // Checked after the signature so an attacker learns nothing from the timestamp alone.
      if (!withinTolerance(t, now, tolerance)) return refused(staleTimestamp(tolerance));
      return { ok: true };
    },
  };
}

/** Signs like Stripe does (for tests and for senders we control). */
export function signStripe(secret: string, rawBody: string | Buffer, t: number): string {
  const mac = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${t}.`), Buffer.from(rawBody)])).digest('hex');
  return `t=${t},v1=${mac}`;
}

function standardKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
}

/**
 * Standard Webhooks (Svix): `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>[ v1,<base64>]`,
 * HMAC-SHA256 over `${id}.${timestamp}.${body}` with the base64 key after `whsec_`. Tolerance 300 s both ways.
 */
export function standardWebhooksVerifier(options: { secrets: string[]; toleranceSeconds?: number }): Verifier {
  requireOptions('standardWebhooksVerifier', options, ['secrets']);
  if (options.secrets.length === 0) throw new Error('standardWebhooksVerifier: at least one secret is required');
  const keys = options.secrets.map(standardKey);
  const tolerance = options.toleranceSeconds ?? 300;
  return {
    name: 'standard-webhooks',
    verify(req, now) {
      const id = req.headers['webhook-id'];
      const ts = req.headers['webhook-timestamp'];
      const sig = req.headers['webhook-signature'];
      if (!id || !ts || !sig) {
        return refused({
          en: 'missing webhook-id, webhook-timestamp or webhook-signature header',
          it: "manca l'intestazione webhook-id, webhook-timestamp o webhook-signature",
        });
      }
      if (!/^\d+$/.test(ts)) return refused({ en: 'malformed webhook-timestamp', it: 'webhook-timestamp non è nel formato atteso' });
      const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`), req.rawBody]);
      const candidates = sig
        .split(' ')
        .map((s) => s.split(',', 2))
        .filter(([version, value]) => version === 'v1' && value)
        .map(([, value]) => value!);
      const match = keys.some((key) => {
        const expected = createHmac('sha256', key).update(signed).digest('base64');
        return candidates.some((c) => safeEqual(c, expected));
      });
      if (!match) return refused(NO_MATCH);
      if (!withinTolerance(Number(ts), now, tolerance)) return refused(staleTimestamp(tolerance));
      return { ok: true, eventId: id };
    },
  };
}

export function signStandardWebhook(secret: string, id: string, timestamp: number, rawBody: string | Buffer): string {
  const mac = createHmac('sha256', standardKey(secret))
    .update(Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(rawBody)]))
    .digest('base64');
  return `v1,${mac}`;
}

/**
 * A plain HMAC-SHA256 hex signature in one header (optionally prefixed, e.g. `sha256=`).
 *
 * Without `timestamp` the signature covers the body only, so a captured request can be replayed for ever: the
 * verifier's name says "no-replay-protection" and only the inbox's idempotency by event id limits the damage (a
 * replay of an event already received is a duplicate). With `timestamp`, the sender puts the Unix time in that
 * header and signs `${timestamp}.${body}`; requests outside the tolerance (default 300 s, both ways) are refused.
 */
export function hmacHexVerifier(options: { header: string; secrets: string[]; prefix?: string; timestamp?: { header: string; toleranceSeconds?: number } }): Verifier {
  requireOptions('hmacHexVerifier', options, ['header', 'secrets']);
  const header = options.header.toLowerCase();
  const prefix = options.prefix ?? '';
  const ts = options.timestamp;
  const tolerance = ts?.toleranceSeconds ?? 300;
  return {
    name: ts ? 'hmac-sha256-hex+timestamp' : 'hmac-sha256-hex (no-replay-protection)',
    verify(req, now) {
      const value = req.headers[header];
      if (!value || !value.startsWith(prefix)) return refused({ en: `missing ${options.header} header`, it: `manca l'intestazione ${options.header}` });
      const stamp = ts ? req.headers[ts.header.toLowerCase()] : undefined;
      if (ts && !stamp) return refused({ en: `missing ${ts.header} header`, it: `manca l'intestazione ${ts.header}` });
      if (stamp !== undefined && !/^\d+$/.test(stamp)) return refused({ en: `malformed ${ts!.header} header`, it: `l'intestazione ${ts!.header} non è nel formato atteso` });
      const signed = stamp === undefined ? req.rawBody : Buffer.concat([Buffer.from(`${stamp}.`), req.rawBody]);
      const given = value.slice(prefix.length);
      const match = options.secrets.some((s) => safeEqual(given, createHmac('sha256', s).update(signed).digest('hex')));
      if (!match) return refused(NO_MATCH);
      if (stamp !== undefined && !withinTolerance(Number(stamp), now, tolerance)) return refused(staleTimestamp(tolerance));
      return { ok: true };
    },
  };
}

/** HTTP Basic auth, for sources that offer nothing better (Chargebee). No replay protection: say so to users. */
export function basicAuthVerifier(options: { username: string; password: string }): Verifier {
  requireOptions('basicAuthVerifier', options, ['username', 'password']);
  const expected = Buffer.from(`${options.username}:${options.password}`);
  return {
    name: 'basic-auth',
    verify(req) {
      const value = req.headers.authorization;
      if (!value?.startsWith('Basic ')) return refused({ en: 'missing Basic authorization', it: "manca l'autorizzazione Basic" });
      const given = Buffer.from(value.slice(6).trim(), 'base64');
      return safeEqual(given, expected) ? { ok: true } : refused({ en: 'wrong credentials', it: 'credenziali errate' });
    },
  };
}
