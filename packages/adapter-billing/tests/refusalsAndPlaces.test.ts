
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Db } from '@provvigo/store';
import { importFile } from '../src/file-import.js';
import { BillingMappingSchema } from '../src/mapping.js';
import { createWebhookHandler, startWebhookServer, type WebhookHandlerOptions, type WebhookRequest, type WebhookServerOptions } from '../src/receiver.js';
import { listBillingQuarantine, processInbox, requeueEvents, storeInInbox } from '../src/store.js';
import { utilityExportMapping } from '../src/testing/index.js';
import { postgresReachable, schemaPerCall } from './helpers.js';
import { signStripe, stripeVerifier, type Verifier } from '../src/verify.js';

const available = await postgresReachable();
const freshDb = schemaPerCall('billing_refusals', available);

const NOW = 1_795_000_000;
const utility = BillingMappingSchema.parse(utilityExportMapping());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * One request over HTTP. `body` is sent with its Content-Length; `chunks` one by one without a length (chunked
 * transfer encoding); `open` with a declared Content-Length it never completes (the request is dropped once answered).
 */
function send(url: string, method: string, what: { body?: Buffer; chunks?: Buffer[]; open?: { declared: number; sent: Buffer } }, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const declared = what.open ? { 'content-length': String(what.open.declared) } : {};
    const req = request(url, { method, headers: { 'content-type': 'application/json', ...declared, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
        if (what.open) req.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(Buffer.concat(chunks).toString()) });
      });
    });
    req.on('error', reject);
    if (what.open) req.write(what.open.sent);
    else if (what.chunks) {
      for (const c of what.chunks) req.write(c);
      req.end();
    } else req.end(what.body ?? Buffer.alloc(0));
  });
}

/** The rejection audit, oldest first. */
const rejections = async (db: Db) =>
  (await db.query<{ reason: string; reason_it: string | null }>('SELECT reason, reason_it FROM billing_rejections ORDER BY seq')).rows.map((r) => [r.reason, r.reason_it]);

/** The refusal body every answer but 2xx has: `error` in English as before, `messages` in both languages. */
const refusal = (en: string, it: string) => ({ error: en, messages: { en, it } });

describe.skipIf(!available)('every refusal of the webhook receiver is answered in English and Italian', () => {
  it('405, 401 (each verifier fault), 413, 400, 429, a custom English-only verifier, 503', async () => {
    const db = await freshDb();
    const options: WebhookHandlerOptions = {
      db,
      mapping: utility,
      verifier: stripeVerifier({ secrets: ['s'] }),
      nowSeconds: () => NOW,
      maxBodyBytes: 64,
      // the GET and the three refusals below: the budget, then a fifth unauthenticated refusal is over it
      rejections: { perClient: 4, windowSeconds: 3600 },
    };
    const server = await startWebhookServer(createWebhookHandler(options));
    const body = Buffer.from('{"ID_EVENTO":"W1"}');
    const signed = (b: Buffer, at = NOW) => ({ 'stripe-signature': signStripe('s', b, at) });
    try {
      const answers = [
        await send(server.url, 'GET', {}),
        await send(server.url, 'POST', { body }),
        await send(server.url, 'POST', { body }, signed(body, NOW - 301)),
        // 100 bytes, above the handler's 64: read (below the server's 1 MiB) and refused by the handler
        await send(server.url, 'POST', { body: Buffer.alloc(100, 0x20) }),
        // signed but not UTF-8: not rate-limited (the sender is authenticated)
        await send(server.url, 'POST', { body: Buffer.from([0xff]) }, signed(Buffer.from([0xff]))),
        // a fifth unauthenticated refusal from this address (the GET counts), beyond perClient 4
        await send(server.url, 'POST', { body }, { 'stripe-signature': signStripe('other', body, NOW) }),
      ];
      expect(answers.map((a) => [a.status, a.body])).toEqual([
        [405, refusal('method not allowed', 'metodo non consentito')],
        [401, refusal('missing Stripe-Signature header', "manca l'intestazione Stripe-Signature")],
        [401, refusal('timestamp outside the 300 s tolerance (replay?)', 'marca temporale fuori dalla tolleranza di 300 s (richiesta ripetuta?)')],
        [413, refusal('payload too large', 'corpo della richiesta troppo grande')],
        [400, refusal('the body is not valid UTF-8; send the event encoded as UTF-8', "il corpo della richiesta non è UTF-8 valido; invia l'evento codificato in UTF-8")],
        [429, refusal('too many rejected requests', 'troppe richieste rifiutate')],
      ]);
      // the four refusals within the budget (the 405 one of them) and the 400 are audited; the 429 is not
      expect(await rejections(db)).toEqual([
        ['method GET not allowed', 'metodo GET non consentito'],
        ['stripe-v1: missing Stripe-Signature header', "stripe-v1: manca l'intestazione Stripe-Signature"],
        ['stripe-v1: timestamp outside the 300 s tolerance (replay?)', 'stripe-v1: marca temporale fuori dalla tolleranza di 300 s (richiesta ripetuta?)'],
        ['body of 100 bytes exceeds 64', 'il corpo della richiesta di 100 byte supera il limite di 64'],
        ['stripe-v1: body is not valid UTF-8', 'stripe-v1: il corpo della richiesta non è UTF-8 valido'],
      ]);
    } finally {
      await server.close();
    }

    // a custom verifier that gives its reason in English only: the sender reads it inside an Italian sentence
    const custom: Verifier = { name: 'custom', verify: () => ({ ok: false, status: 401, reason: 'token expired' }) };
    const customServer = await startWebhookServer(createWebhookHandler({ ...options, verifier: custom }));
    try {
      const answer = await send(customServer.url, 'POST', { body });
      expect([answer.status, answer.body]).toEqual([401, refusal('token expired', 'richiesta rifiutata: token expired')]);
    } finally {
      await customServer.close();
    }

    // storage fails (the store is closed): 503, the event not acknowledged, so the sender retries
    await db.close();
    const downServer = await startWebhookServer(createWebhookHandler(options));
    try {
      const answer = await send(downServer.url, 'POST', { body }, signed(body));
      expect([answer.status, answer.body]).toEqual([503, refusal('temporarily unavailable', 'servizio temporaneamente non disponibile')]);
    } finally {
      await downServer.close();
    }
  });
});

describe.skipIf(!available)('a body above the HTTP server limit', () => {
  it('is refused unread with 413, audited in both languages and rate-limited as the handler refusals are', async () => {
    const db = await freshDb();
    const handler = createWebhookHandler({ db, mapping: utility, verifier: stripeVerifier({ secrets: ['s'] }), nowSeconds: () => NOW, rejections: { perClient: 3, windowSeconds: 3600 } });
    // what the handler is given: the body it gets (nothing) and the flag
    const seen: { bytes: number; flag: WebhookRequest['bodyOverLimit'] }[] = [];
    const server = await startWebhookServer(
      (req) => {
        seen.push({ bytes: req.rawBody.length, flag: req.bodyOverLimit });
        return handler(req);
      },
      { maxBodyBytes: 1024 },
    );
    const TOO_LARGE = refusal('payload too large', 'corpo della richiesta troppo grande');
    try {
      // 5,000 bytes with their Content-Length: refused before any of the body is read
      const declared = await send(server.url, 'POST', { body: Buffer.alloc(5000, 0x20) });
      expect([declared.status, declared.body, declared.headers.connection]).toEqual([413, TOO_LARGE, 'close']);
      expect(await rejections(db)).toEqual([['body of 5000 bytes exceeds 1024', 'il corpo della richiesta di 5000 byte supera il limite di 1024']]);

      // 2,000 bytes in two chunks and no Content-Length: refused once the bytes read pass 1,024, the size unknown
      const chunked = await send(server.url, 'POST', { chunks: [Buffer.alloc(1000, 0x20), Buffer.alloc(1000, 0x20)] });
      expect([chunked.status, chunked.body, chunked.headers.connection]).toEqual([413, TOO_LARGE, 'close']);

      // 10 MB announced, 10 bytes sent and the request never finished: answered at once, nothing waited for
      const open = await send(server.url, 'POST', { open: { declared: 10_000_000, sent: Buffer.alloc(10, 0x20) } });
      expect([open.status, open.body]).toEqual([413, TOO_LARGE]);

      // a fourth refusal from this address: the same budget as the handler's own refusals, nothing written
      const flood = await send(server.url, 'POST', { body: Buffer.alloc(2048, 0x20) });
      expect([flood.status, flood.body]).toEqual([429, refusal('too many rejected requests', 'troppe richieste rifiutate')]);

      expect(await rejections(db)).toEqual([
        ['body of 5000 bytes exceeds 1024', 'il corpo della richiesta di 5000 byte supera il limite di 1024'],
        ['body exceeds 1024 bytes', 'il corpo della richiesta supera il limite di 1024 byte'],
        ['body of 10000000 bytes exceeds 1024', 'il corpo della richiesta di 10000000 byte supera il limite di 1024'],
      ]);
      expect(seen).toEqual([
        { bytes: 0, flag: { limitBytes: 1024, declaredBytes: 5000 } },
        { bytes: 0, flag: { limitBytes: 1024, declaredBytes: undefined } },
        { bytes: 0, flag: { limitBytes: 1024, declaredBytes: 10_000_000 } },
        { bytes: 0, flag: { limitBytes: 1024, declaredBytes: 2048 } },
      ]);
      // a body within the limit still reaches the handler whole (here refused for its missing signature)
      const small = await send(server.url, 'POST', { body: Buffer.alloc(1024, 0x20) });
      expect(small.status).toBe(429);
      expect(seen.at(-1)).toEqual({ bytes: 1024, flag: undefined });
    } finally {
      await server.close();
      await db.close();
    }
  });
});

describe.skipIf(!available)('a JSON Lines event quarantined for its content names its file and line', () => {
  const jsonl = BillingMappingSchema.parse({ ...utilityExportMapping(), file: { kind: 'jsonl' } });
  const line = (id: string, fields: Record<string, string> = {}) =>
    JSON.stringify({ ID_EVENTO: id, CONTRATTO: `C-${id}`, CODICE_PARTNER: 'AGT-1', TIPO_EVENTO: 'ATTIVAZIONE', DATA_EVENTO: '01/10/2026', ...fields });

  it('a bad date, a missing partner and a value the database refuses, at import and after a requeue; a webhook event has no place', async () => {
    const db = await freshDb();
    try {
      const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-places-'));
      const path = join(dir, 'eventi.jsonl');
      // line 3 is blank and line 6 has no rule (ignored): both still count as lines
      const lines = [
        line('J1'),
        line('J2', { DATA_EVENTO: '31/02/2026' }),
        '',
        line('J4', { CODICE_PARTNER: '' }),
        // `\u0000` written as an escape: the line is stored, then PostgreSQL refuses U+0000 in the fact's jsonb
        line('J5').replace('"C-J5"', '"C-\\u0000J5"'),
        line('J6', { TIPO_EVENTO: 'LETTURA' }),
        line('J7', { DATA_EVENTO: '2026-10-01' }),
      ];
      writeFileSync(path, `${lines.join('\n')}\n`);
      const report = await importFile(db, path, jsonl);
      expect(report).toMatchObject({ received: 6, stored: 6, facts: 1, quarantined: 4, ignored: 1, duplicates: 0 });
      // a webhook's event has no place: its reason is as it always was
      await storeInInbox(db, 'isu-export', 'webhook', [{ eventId: 'W1', raw: line('W1', { DATA_EVENTO: 'ieri' }) }]);
      await processInbox(db, jsonl);

      const expected = (why: string) => [
        ['J2', 'DATA_EVENTO', { en: 'eventi.jsonl:2: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"', it: 'eventi.jsonl:2: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "31/02/2026"' }],
        ['J4', 'CODICE_PARTNER', { en: 'eventi.jsonl:4: CODICE_PARTNER: partner is missing', it: 'eventi.jsonl:4: CODICE_PARTNER: manca il partner' }],
        ['J5', '(event)', { en: `eventi.jsonl:5: the event could not be stored: ${why}`, it: `eventi.jsonl:5: non è stato possibile salvare l'evento: ${why}` }],
        ['J7', 'DATA_EVENTO', { en: 'eventi.jsonl:7: DATA_EVENTO: expected a dd/MM/yyyy date, got "2026-10-01"', it: 'eventi.jsonl:7: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "2026-10-01"' }],
        ['W1', 'DATA_EVENTO', { en: 'DATA_EVENTO: expected a dd/MM/yyyy date, got "ieri"', it: 'DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "ieri"' }],
      ];
      const quarantine = async () => (await listBillingQuarantine(db, 'isu-export')).map((q) => [q.eventId, q.field, q.reasons]);
      // the database's own words, whatever language the server speaks: read from the row, then checked in both texts
      const refused = (await listBillingQuarantine(db, 'isu-export')).find((q) => q.eventId === 'J5')!;
      const why = refused.reason.slice('eventi.jsonl:5: the event could not be stored: '.length);
      expect(why).not.toBe('');
      expect(await quarantine()).toEqual(expected(why));

      // the same reasons, places included, when processed again after a requeue
      expect(await requeueEvents(db, 'isu-export')).toBe(5);
      expect(await processInbox(db, jsonl)).toEqual({ processed: 5, facts: 0, quarantined: 5, ignored: 0 });
      expect(await quarantine()).toEqual(expected(why));
    } finally {
      await db.close();
    }
  });
});

describe.skipIf(!available)('a 429 says when to try again (Retry-After, RFC 6585 §4)', () => {
  /** A receiver refusing every request it gets (no signature), `perClient` refusals audited per window. */
  async function receiver(db: Db, perClient: number, windowSeconds: number) {
    const handler = createWebhookHandler({ db, mapping: utility, verifier: stripeVerifier({ secrets: ['s'] }), nowSeconds: () => NOW, rejections: { perClient, windowSeconds } });
    return { handler, server: await startWebhookServer(handler) };
  }
  const TOO_MANY = refusal('too many rejected requests', 'troppe richieste rifiutate');
  const body = Buffer.from('{"ID_EVENTO":"W1"}');

  it('in whole seconds, the rest of the window: about 3600 for a window of an hour opened a moment ago', async () => {
    const db = await freshDb();
    const { handler, server } = await receiver(db, 1, 3600);
    try {
      expect((await send(server.url, 'POST', { body })).status).toBe(401);
      const over = await send(server.url, 'POST', { body });
      expect([over.status, over.body]).toEqual([429, TOO_MANY]);
      // whole seconds; the window opened with the 401 above, well under a minute ago even on a busy machine
      expect(over.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(3600 - 60);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(3600);
      // the handler's own answer carries it, for a server of one's own around the handler
      const direct = await handler({ method: 'POST', headers: {}, rawBody: body, remoteAddress: '127.0.0.1' });
      expect(direct.status).toBe(429);
      expect(Object.keys(direct.headers ?? {})).toEqual(['retry-after']);
      // a refusal within the budget carries no Retry-After
      const other = await handler({ method: 'POST', headers: {}, rawBody: body, remoteAddress: '192.0.2.1' });
      expect([other.status, other.headers]).toEqual([401, undefined]);
      expect((await rejections(db)).length).toBe(2);
    } finally {
      await server.close();
      await db.close();
    }
  });

  it('rounded up: a sender that waits that long is let through (a window of 2 s: Retry-After 2, then audited again)', async () => {
    const db = await freshDb();
    const { server } = await receiver(db, 1, 2);
    try {
      expect((await send(server.url, 'POST', { body })).status).toBe(401);
      const over = await send(server.url, 'POST', { body });
      // the 2 s window opened moments ago: what is left, rounded up (usually 2; 1 if the machine took over a second
      // between the two requests). Rounded down, waiting that long would come back inside the window and get 429.
      expect(over.status).toBe(429);
      expect(['1', '2']).toContain(over.headers['retry-after']);
      await new Promise((resolve) => setTimeout(resolve, Number(over.headers['retry-after']) * 1000));
      const again = await send(server.url, 'POST', { body });
      expect(again.status).toBe(401);
      expect(await rejections(db)).toEqual([
        ['stripe-v1: missing Stripe-Signature header', "stripe-v1: manca l'intestazione Stripe-Signature"],
        ['stripe-v1: missing Stripe-Signature header', "stripe-v1: manca l'intestazione Stripe-Signature"],
      ]);
    } finally {
      await server.close();
      await db.close();
    }
  });
});

describe.skipIf(!available)('a request with a method other than POST (a probe of the endpoint)', () => {
  it('is answered 405, audited in both languages and rate-limited as the other refusals: a flood fills nothing', async () => {
    const db = await freshDb();
    const handler = createWebhookHandler({ db, mapping: utility, verifier: stripeVerifier({ secrets: ['s'] }), nowSeconds: () => NOW, rejections: { perClient: 2, windowSeconds: 3600 } });
    const server = await startWebhookServer(handler);
    const NOT_ALLOWED = refusal('method not allowed', 'metodo non consentito');
    try {
      const answers = [await send(server.url, 'GET', {}), await send(server.url, 'PUT', { body: Buffer.from('{}') })];
      expect(answers.map((a) => [a.status, a.body])).toEqual([
        [405, NOT_ALLOWED],
        [405, NOT_ALLOWED],
      ]);
      // the third from this address is over perClient 2: 429 with its wait, nothing written
      const flood: Answer[] = [];
      for (let i = 0; i < 5; i++) flood.push(await send(server.url, 'GET', {}));
      expect(flood.map((a) => [a.status, a.body])).toEqual(Array.from({ length: 5 }, () => [429, refusal('too many rejected requests', 'troppe richieste rifiutate')]));
      expect(flood.every((a) => /^\d+$/.test(String(a.headers['retry-after'])))).toBe(true);
      expect(await rejections(db)).toEqual([
        ['method GET not allowed', 'metodo GET non consentito'],
        ['method PUT not allowed', 'metodo PUT non consentito'],
      ]);
      // a handler given any text as its method (behind another framework) stores at most 20 characters of it
      const odd = await handler({ method: `X${'Y'.repeat(99)}`, headers: {}, rawBody: Buffer.alloc(0), remoteAddress: '192.0.2.1' });
      expect(odd.status).toBe(405);
      expect((await rejections(db)).at(-1)).toEqual([`method X${'Y'.repeat(19)} not allowed`, `metodo X${'Y'.repeat(19)} non consentito`]);
    } finally {
      await server.close();
      await db.close();
    }
  });
});

describe.skipIf(!available)('behind a reverse proxy (startWebhookServer trustProxy): each client keeps its own rejection budget', () => {
  /** A receiver refusing every request (no signature), one audited refusal per client and hour, its own limiter. */
  async function receiver(db: Db, trustProxy?: WebhookServerOptions['trustProxy']) {
    const handler = createWebhookHandler({ db, mapping: utility, verifier: stripeVerifier({ secrets: ['s'] }), nowSeconds: () => NOW, rejections: { perClient: 1, windowSeconds: 3600 } });
    return startWebhookServer(handler, trustProxy === undefined ? {} : { trustProxy });
  }
  const body = Buffer.from('{"ID_EVENTO":"W1"}');
  /** What the proxy sends on: the client's own X-Forwarded-For, if any, with the address it saw appended last. */
  const via = (seen: string, written?: string) => ({ 'x-forwarded-for': written === undefined ? seen : `${written}, ${seen}` });
  const status = async (url: string, headers: Record<string, string> = {}) => (await send(url, 'POST', { body }, headers)).status;

  it('with trustProxy two clients (different last hops) are counted apart; without it the header is ignored and they share one budget', async () => {
    const db = await freshDb();
    const proxied = await receiver(db, true);
    const plain = await receiver(db);
    try {
      // every request comes from 127.0.0.1 here, the proxy's address: only the last hop tells the clients apart
      expect(await status(proxied.url, via('198.51.100.7'))).toBe(401);
      expect(await status(proxied.url, via('198.51.100.7'))).toBe(429);
      // a second client behind the same proxy has its own budget: its signature failure is answered and audited
      expect(await status(proxied.url, via('198.51.100.8'))).toBe(401);
      expect(await status(proxied.url, via('198.51.100.8'))).toBe(429);
      // a request without the header (the proxy host itself) is keyed by the socket's address, a budget of its own
      expect(await status(proxied.url)).toBe(401);
      expect((await rejections(db)).length).toBe(3);
      // without the option (the default) the header is ignored: both clients are the socket's 127.0.0.1
      expect(await status(plain.url, via('198.51.100.7'))).toBe(401);
      expect(await status(plain.url, via('198.51.100.8'))).toBe(429);
      expect(await status(plain.url, via('198.51.100.9', '203.0.113.1'))).toBe(429);
      expect((await rejections(db)).length).toBe(4);
    } finally {
      await proxied.close();
      await plain.close();
      await db.close();
    }
  });

  it('a forged first hop changes nothing: the client over its budget stays over it, and the last hop alone keys the budget', async () => {
    const db = await freshDb();
    const proxied = await receiver(db, true);
    try {
      expect(await status(proxied.url, via('198.51.100.7'))).toBe(401);
      // the client writes X-Forwarded-For itself, a new address each time; the proxy appends the one it saw
      expect(await status(proxied.url, via('198.51.100.7', '203.0.113.1'))).toBe(429);
      expect(await status(proxied.url, via('198.51.100.7', '203.0.113.2, 203.0.113.3'))).toBe(429);
      // another client writing the same first hop is still itself, with its own budget
      expect(await status(proxied.url, via('198.51.100.8', '203.0.113.1'))).toBe(401);
      expect(await rejections(db)).toEqual([
        ['stripe-v1: missing Stripe-Signature header', "stripe-v1: manca l'intestazione Stripe-Signature"],
        ['stripe-v1: missing Stripe-Signature header', "stripe-v1: manca l'intestazione Stripe-Signature"],
      ]);
    } finally {
      await proxied.close();
      await db.close();
    }
  });

  it('behind two proxies (trustProxy: 2) two clients keep their own budgets, and a forged first hop is still its client', async () => {
    const db = await freshDb();
    const proxied = await receiver(db, 2);
    try {
      // a load balancer (10.0.0.2) appended the client, the proxy next to the server (the socket) the load balancer
      expect(await status(proxied.url, via('10.0.0.2', '198.51.100.7'))).toBe(401);
      expect(await status(proxied.url, via('10.0.0.2', '198.51.100.7'))).toBe(429);
      // with the last hop as the key both clients were 10.0.0.2, and the second one's refusal was a 429
      expect(await status(proxied.url, via('10.0.0.2', '198.51.100.8'))).toBe(401);
      expect(await status(proxied.url, via('10.0.0.2', '203.0.113.1, 198.51.100.7'))).toBe(429);
      expect((await rejections(db)).length).toBe(2);
    } finally {
      await proxied.close();
      await db.close();
    }
  });

  it('the proxies by subnet: the client is the first hop from the right outside them; a socket outside them is the client', async () => {
    const db = await freshDb();
    const proxied = await receiver(db, ['loopback', '10.0.0.0/8']);
    const elsewhere = await receiver(db, '10.0.0.0/8');
    try {
      expect(await status(proxied.url, via('10.0.0.2', '198.51.100.7'))).toBe(401);
      expect(await status(proxied.url, via('10.0.0.2', '198.51.100.8, 10.0.0.3'))).toBe(401);
      expect(await status(proxied.url, via('10.0.0.2', '203.0.113.1, 198.51.100.7'))).toBe(429);
      // 127.0.0.1 is no trusted proxy of this one: the socket is the client, the header ignored
      expect(await status(elsewhere.url, via('198.51.100.7'))).toBe(401);
      expect(await status(elsewhere.url, via('198.51.100.8'))).toBe(429);
      expect((await rejections(db)).length).toBe(3);
    } finally {
      await proxied.close();
      await elsewhere.close();
      await db.close();
    }
  });

  it('a setting it cannot use is refused when the server is created, naming the option, in both languages', async () => {
    const handler = async () => ({ status: 200, body: '{}' });
    for (const bad of [-2, 2.5, 'loopback, 10.0.0.300', []]) {
      const refused = await startWebhookServer(handler, { trustProxy: bad }).then(
        async (s) => void (await s.close()),
        (e: unknown) => e as { message: string; messages?: { en: string; it: string } },
      );
      expect(refused?.message).toMatch(/^startWebhookServer trustProxy: /);
      expect(refused?.messages?.it).toMatch(/^startWebhookServer trustProxy: .*(non è un'impostazione di proxy valida|non è un indirizzo IP)/);
    }
  });
});
