import fc from 'fast-check';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { BillingMappingSchema, mapEvent, parseEventDate } from '../src/mapping.js';
import { signStandardWebhook, signStripe, standardWebhooksVerifier, stripeVerifier } from '../src/verify.js';
import { utilityExportMapping } from '../src/testing/index.js';

const NOW = 1_795_000_000;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('verifier properties', () => {
  it('our Standard Webhooks signatures verify with the reference library, and theirs with ours', () => {
    const reference = new Webhook(SECRET);
    const ours = standardWebhooksVerifier({ secrets: [SECRET] });
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/[\s,]/.test(s)), fc.string({ maxLength: 500 }), (id, body) => {
        const headers = { 'webhook-id': id, 'webhook-timestamp': String(NOW), 'webhook-signature': signStandardWebhook(SECRET, id, NOW, body) };
        const theirs = reference.sign(id, new Date(NOW * 1000), body);
        expect(theirs).toBe(headers['webhook-signature']);
        expect(ours.verify({ headers: { ...headers, 'webhook-signature': theirs }, rawBody: Buffer.from(body) }, NOW)).toEqual({ ok: true, eventId: id });
      }),
      { seed: 2038631879, numRuns: 100 },
    );
  });

  it('flipping any byte of a signed body fails verification (Stripe and Standard Webhooks)', () => {
    const stripe = stripeVerifier({ secrets: ['sk'] });
    const sw = standardWebhooksVerifier({ secrets: [SECRET] });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (bytes, at, xor) => {
        const body = Buffer.from(bytes);
        const tampered = Buffer.from(body);
        tampered[at % tampered.length]! ^= xor;
        const sh = { 'stripe-signature': signStripe('sk', body, NOW) };
        expect(stripe.verify({ headers: sh, rawBody: body }, NOW).ok).toBe(true);
        expect(stripe.verify({ headers: sh, rawBody: tampered }, NOW).ok).toBe(false);
        const wh = { 'webhook-id': 'm', 'webhook-timestamp': String(NOW), 'webhook-signature': signStandardWebhook(SECRET, 'm', NOW, body) };
        expect(sw.verify({ headers: wh, rawBody: body }, NOW).ok).toBe(true);
        expect(sw.verify({ headers: wh, rawBody: tampered }, NOW).ok).toBe(false);
      }),
      { seed: 243547473, numRuns: 200 },
    );
  });

  it('timestamps are accepted exactly within ±tolerance', () => {
    const v = stripeVerifier({ secrets: ['sk'], toleranceSeconds: 300 });
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), (skew) => {
        const ok = v.verify({ headers: { 'stripe-signature': signStripe('sk', 'x', NOW + skew) }, rawBody: Buffer.from('x') }, NOW).ok;
        expect(ok).toBe(Math.abs(skew) <= 300);
      }), { seed: 395144427, numRuns: 100 },
    );
  });
});

describe('mapping properties', () => {
  const mapping = BillingMappingSchema.parse(utilityExportMapping());
  it('every event maps to exactly one of fact / ignored / invalid, and facts carry a valid calendar date', () => {
    const types = ['ATTIVAZIONE', 'PRIMA_FATTURA_PAGATA', 'CESSAZIONE', 'SWITCH_OUT', 'CONSEGNA_EE', 'LETTURA', ''];
    fc.assert(
      fc.property(
        fc.record({
          ID_EVENTO: fc.string(),
          CONTRATTO: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 20 })),
          CODICE_PARTNER: fc.oneof(fc.constant(''), fc.constantFrom('AGT-0001', 'OUT-0002')),
          TIPO_EVENTO: fc.constantFrom(...types),
          DATA_EVENTO: fc.oneof(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).split('-').reverse().join('/')), fc.string()),
        }),
        (row) => {
          const m = mapEvent(mapping, row, 'E');
          if (m.kind === 'fact') {
            expect(m.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(m.date.split('-').reverse().join('/')).toBe(row.DATA_EVENTO);
            expect(m.record).toEqual({ id: 'E', subject: row.CONTRATTO.trim(), partnerId: row.CODICE_PARTNER, type: m.type, date: m.date });
          } else if (m.kind === 'ignored') {
            expect(['LETTURA']).toContain(row.TIPO_EVENTO);
          } else {
            expect(m.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { seed: 1619680381, numRuns: 300 },
    );
  });

  it('parseEventDate rejects impossible calendar dates in every format', () => {
    expect(parseEventDate('29/02/2027', 'dd/MM/yyyy', 'UTC')).toBeUndefined();
    expect(parseEventDate('29.02.2028', 'dd.MM.yyyy', 'UTC')).toBe('2028-02-29');
    expect(parseEventDate('20261301', 'yyyyMMdd', 'UTC')).toBeUndefined();
    expect(parseEventDate('2026-11-02T23:30:00.000+0000', 'iso', 'Europe/Rome')).toBe('2026-11-03');
    expect(parseEventDate(1_795_000_000_000, 'unix-ms', 'UTC')).toBe('2026-11-18');
  });
});

describe('other verifiers and partner mapping', () => {
  it('hmac-sha256-hex with a prefix accepts any of the rotated secrets', async () => {
    const { createHmac } = await import('node:crypto');
    const { hmacHexVerifier } = await import('../src/verify.js');
    const v = hmacHexVerifier({ header: 'X-Signature', prefix: 'sha256=', secrets: ['new', 'old'] });
    const body = Buffer.from('{"a":1}');
    const sig = (k: string) => `sha256=${createHmac('sha256', k).update(body).digest('hex')}`;
    expect(v.verify({ headers: { 'x-signature': sig('old') }, rawBody: body }, NOW)).toEqual({ ok: true });
    expect(v.verify({ headers: { 'x-signature': sig('other') }, rawBody: body }, NOW)).toMatchObject({ ok: false });
    expect(v.verify({ headers: { 'x-signature': sig('new').slice(7) }, rawBody: body }, NOW)).toMatchObject({ ok: false });
  });

  it('partnerMap translates billing partner codes; an unknown code is invalid with the field named', () => {
    const mapping = BillingMappingSchema.parse({ ...utilityExportMapping(), partnerMap: { Z001: 'AGY-0001' } });
    const row = { ID_EVENTO: 'E', CONTRATTO: 'C', TIPO_EVENTO: 'ATTIVAZIONE', DATA_EVENTO: '01/10/2026' };
    expect(mapEvent(mapping, { ...row, CODICE_PARTNER: 'Z001' }, 'E')).toMatchObject({ kind: 'fact', partner: 'AGY-0001' });
    expect(mapEvent(mapping, { ...row, CODICE_PARTNER: 'Z999' }, 'E')).toEqual({
      kind: 'invalid',
      field: 'CODICE_PARTNER',
      reason: 'CODICE_PARTNER: partner "Z999" is not in partnerMap',
      reasons: { en: 'CODICE_PARTNER: partner "Z999" is not in partnerMap', it: 'CODICE_PARTNER: il partner "Z999" non è in partnerMap' },
    });
  });
});
