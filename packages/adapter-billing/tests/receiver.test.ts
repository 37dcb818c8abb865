import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { BillingMappingSchema } from '../src/mapping.js';
import { createWebhookHandler, startWebhookServer } from '../src/receiver.js';
import { listBillingQuarantine, loadServiceEvents, processInbox } from '../src/store.js';
import { basicAuthVerifier, signStandardWebhook, signStripe, standardWebhooksVerifier, stripeVerifier } from '../src/verify.js';
import { middlewareWebhookMapping, stripeMapping } from '../src/testing/index.js';
import { n, sharedDb } from './helpers.js';

const NOW = 1_795_000_000;
const SECRET = 'whsec_' + Buffer.from('a test secret of 32 bytes.......').toString('base64');

function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject).end(body);
  });
}

describe('signature verifiers', () => {
  const body = Buffer.from('{"id":"evt_1"}');
  it('Stripe v1: valid, rotated secret, wrong secret, stale and future timestamps', () => {
    const v = stripeVerifier({ secrets: ['new', 'old'] });
    expect(v.verify({ headers: { 'stripe-signature': signStripe('old', body, NOW) }, rawBody: body }, NOW)).toEqual({ ok: true });
    expect(v.verify({ headers: { 'stripe-signature': signStripe('other', body, NOW) }, rawBody: body }, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(v.verify({ headers: { 'stripe-signature': signStripe('new', body, NOW - 301) }, rawBody: body }, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/tolerance/) });
    expect(v.verify({ headers: { 'stripe-signature': signStripe('new', body, NOW + 301) }, rawBody: body }, NOW)).toMatchObject({ ok: false });
    expect(v.verify({ headers: { 'stripe-signature': signStripe('new', body, NOW - 300) }, rawBody: body }, NOW)).toEqual({ ok: true });
    // the body must be the raw bytes: one changed byte fails
    expect(v.verify({ headers: { 'stripe-signature': signStripe('new', body, NOW) }, rawBody: Buffer.from('{"id":"evt_2"}') }, NOW)).toMatchObject({ ok: false });
    expect(v.verify({ headers: {}, rawBody: body }, NOW)).toMatchObject({ ok: false, reason: 'missing Stripe-Signature header' });
  });

  it('Standard Webhooks: id, timestamp and base64 signature; several signatures in one header', () => {
    const v = standardWebhooksVerifier({ secrets: [SECRET] });
    const sig = signStandardWebhook(SECRET, 'msg_1', NOW, body);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW), 'webhook-signature': `v1,bm9wZQ== ${sig}` };
    expect(v.verify({ headers, rawBody: body }, NOW)).toEqual({ ok: true, eventId: 'msg_1' });
    expect(v.verify({ headers: { ...headers, 'webhook-id': 'msg_2' }, rawBody: body }, NOW)).toMatchObject({ ok: false });
    expect(v.verify({ headers, rawBody: body }, NOW + 301)).toMatchObject({ ok: false, reason: expect.stringMatching(/replay/) });
  });

  it('basic auth compares in constant time and rejects near misses', () => {
    const v = basicAuthVerifier({ username: 'chargebee', password: 's3cret' });
    const auth = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    expect(v.verify({ headers: auth('chargebee', 's3cret'), rawBody: body }, NOW)).toEqual({ ok: true });
    expect(v.verify({ headers: auth('chargebee', 's3cre'), rawBody: body }, NOW)).toMatchObject({ ok: false });
    expect(v.verify({ headers: {}, rawBody: body }, NOW)).toMatchObject({ ok: false });
  });
});

describe('webhook receiver (node:http, persist first)', () => {
  it('stores valid events once, rejects bad signatures with audit metadata only, quarantines signed garbage, ignores unknown types', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse(middlewareWebhookMapping());
    const stored: string[] = [];
    const handler = createWebhookHandler({ db, mapping, verifier: standardWebhooksVerifier({ secrets: [SECRET] }), nowSeconds: () => NOW, onStored: (id) => void stored.push(id) });
    const server = await startWebhookServer(handler, { maxBodyBytes: 4096 });
    try {
      const send = (id: string, payload: unknown, opts: { ts?: number; secret?: string } = {}) => {
        const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
        const ts = opts.ts ?? NOW;
        return post(server.url, body, {
          'webhook-id': id,
          'webhook-timestamp': String(ts),
          'webhook-signature': signStandardWebhook(opts.secret ?? SECRET, id, ts, body),
        });
      };
      const event = (type: string, contract: string, at = '2026-10-03T23:30:00Z') => ({ type, occurredAt: at, contract: { id: contract, partnerCode: 'AGT-0001' } });
      expect((await send('m1', event('contract.activated', '8007Q0000FMI2SBAAA'))).status).toBe(200);
      const dup = await send('m1', event('contract.activated', '8007Q0000FMI2SBAAA'));
      expect(dup.status).toBe(200);
      expect(JSON.parse(dup.body)).toMatchObject({ duplicate: true });
      expect((await send('m2', event('invoice.first_paid', '8007Q0000FMI2SBAAA'), { secret: 'whsec_' + Buffer.from('wrong').toString('base64') })).status).toBe(401);
      expect((await send('m3', event('contract.terminated', 'X'), { ts: NOW - 3600 })).status).toBe(401);
      expect((await send('m4', '{"type":"contract.activated","occurredAt":')).status).toBe(200);
      expect((await send('m5', event('meter.reading', 'X'))).status).toBe(200);
      expect((await send('m6', { ...event('contract.switched_out', 'Y'), occurredAt: 'yesterday' })).status).toBe(200);
      expect((await send('m7', { pad: 'x'.repeat(5000) })).status).toBe(413);
      expect(stored).toEqual(['m1', 'm1', 'm4', 'm5', 'm6']);
      // acknowledged means durable: the inbox holds them before any processing
      expect(await n(db, "SELECT count(*)::int AS n FROM billing_inbox WHERE status = 'pending'")).toBe(4);
      // bad signature, stale timestamp and the oversized body (refused by the HTTP layer unread, audited by the handler)
      expect(await n(db, 'SELECT count(*)::int AS n FROM billing_rejections')).toBe(3);
      const counts = await processInbox(db, mapping);
      expect(counts).toEqual({ processed: 4, facts: 1, quarantined: 2, ignored: 1 });
      // Europe/Rome is +02:00 on 3 October: 23:30Z on the 3rd is 01:30 on the 4th
      expect(await loadServiceEvents(db)).toEqual([{ id: 'm1', subject: '8007Q0000FMI2SBAAA', partnerId: 'AGT-0001', type: 'activated', date: '2026-10-04' }]);
      const q = await listBillingQuarantine(db, 'cpi');
      expect(q.map((e) => [e.eventId, e.field, e.reason])).toEqual([
        ['m4', '(body)', "the payload is not valid JSON: Object value expected after ':' at position 42"],
        ['m6', 'occurredAt', 'occurredAt: expected a iso date, got "yesterday"'],
      ]);
      expect(await processInbox(db, mapping)).toEqual({ processed: 0, facts: 0, quarantined: 0, ignored: 0 });
    } finally {
      await server.close();
    }
  });

  it('Stripe events map through rules on nested fields', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse(stripeMapping());
    const handler = createWebhookHandler({ db, mapping, verifier: stripeVerifier({ secrets: ['whsec_stripe'] }), nowSeconds: () => NOW });
    const evt = (id: string, type: string, object: Record<string, unknown>) =>
      JSON.stringify({ id, object: 'event', api_version: '2025-01-27', created: NOW, type, data: { object: { ...object, metadata: { contract_id: 'C1', partner_id: 'AGY-0001' } } } });
    for (const body of [
      evt('evt_1', 'customer.subscription.created', { status: 'active' }),
      evt('evt_2', 'invoice.paid', { billing_reason: 'subscription_create' }),
      evt('evt_3', 'invoice.paid', { billing_reason: 'subscription_cycle' }),
    ]) {
      const res = await handler({ method: 'POST', headers: { 'stripe-signature': signStripe('whsec_stripe', body, NOW) }, rawBody: Buffer.from(body) });
      expect(res.status).toBe(200);
    }
    expect(await processInbox(db, mapping)).toEqual({ processed: 3, facts: 2, quarantined: 0, ignored: 1 });
    expect((await loadServiceEvents(db)).map((e) => [e.id, e.type, e.date])).toEqual([
      ['evt_1', 'activated', '2026-11-18'],
      ['evt_2', 'first_invoice_paid', '2026-11-18'],
    ]);
  });
});
