import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFile } from '../src/file-import.js';
import { BillingMappingSchema } from '../src/mapping.js';
import { createWebhookHandler } from '../src/receiver.js';
import { listBillingQuarantine, loadServiceEvents, processInbox } from '../src/store.js';
import { hmacHexVerifier, signStandardWebhook, standardWebhooksVerifier } from '../src/verify.js';
import { middlewareWebhookMapping, utilityExportMapping } from '../src/testing/index.js';
import { createHmac } from 'node:crypto';
import { n, sharedDb } from './helpers.js';

const NOW = 1_795_000_000;
const SECRET = 'whsec_' + Buffer.from('a test secret of 32 bytes.......').toString('base64');

function signed(id: string, body: string, ts = NOW) {
  return { method: 'POST', headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signStandardWebhook(SECRET, id, ts, body) }, rawBody: Buffer.from(body) };
}

describe('event ids are kept whole', () => {
  it('numeric ids above 2^53 stay exact strings: two ids that differ by one are two events', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse({ ...middlewareWebhookMapping(), fields: { ...middlewareWebhookMapping().fields, eventId: 'id' } });
    const handler = createWebhookHandler({ db, mapping, verifier: standardWebhooksVerifier({ secrets: [SECRET] }), nowSeconds: () => NOW });
    // 2^53 = 9007199254740992; JSON.parse turns ...993 into ...992 and the second event into a "duplicate"
    const ids = ['9007199254740993', '9007199254740992', '12345678901234567890123'];
    for (const [k, id] of ids.entries()) {
      const body = `{"id":${id},"type":"contract.activated","occurredAt":"2026-10-03T10:00:00Z","contract":{"id":"C${k}","partnerCode":"AGT-1"}}`;
      const res = await handler(signed(`w${k}`, body));
      expect(JSON.parse(res.body)).toMatchObject({ eventId: id, duplicate: false });
    }
    await processInbox(db, mapping);
    expect((await loadServiceEvents(db)).map((e) => e.id).sort()).toEqual([...ids].sort());
  });

  it('300-character ids are not cut: two ids sharing their first 200 characters are two events', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse(middlewareWebhookMapping());
    const handler = createWebhookHandler({ db, mapping, verifier: standardWebhooksVerifier({ secrets: [SECRET] }), nowSeconds: () => NOW });
    const a = 'x'.repeat(250) + 'A'.repeat(50);
    const b = 'x'.repeat(250) + 'B'.repeat(50);
    for (const id of [a, b]) {
      const body = JSON.stringify({ type: 'contract.activated', occurredAt: '2026-10-03T10:00:00Z', contract: { id: `C-${id.at(-1)}`, partnerCode: 'AGT-1' } });
      expect(JSON.parse((await handler(signed(id, body))).body)).toMatchObject({ eventId: id, duplicate: false });
    }
    await processInbox(db, mapping);
    expect((await loadServiceEvents(db)).map((e) => e.id).sort()).toEqual([a, b].sort());
  });
});

describe('one bad event never blocks the others', () => {
  it('a partner code "constructor" (or "__proto__") is an unknown code, not a crash of the batch', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse({ ...middlewareWebhookMapping(), partnerMap: { 'AGT-1': 'AGY-0001' } });
    const handler = createWebhookHandler({ db, mapping, verifier: standardWebhooksVerifier({ secrets: [SECRET] }), nowSeconds: () => NOW });
    for (const [id, code] of [['m1', 'constructor'], ['m2', 'AGT-1'], ['m3', '__proto__'], ['m4', 'toString']] as const) {
      const body = JSON.stringify({ type: 'contract.activated', occurredAt: '2026-10-03T10:00:00Z', contract: { id: `C-${id}`, partnerCode: code } });
      expect((await handler(signed(id, body))).status).toBe(200);
    }
    expect(await processInbox(db, mapping)).toEqual({ processed: 4, facts: 1, quarantined: 3, ignored: 0 });
    expect((await loadServiceEvents(db)).map((e) => [e.id, e.partnerId])).toEqual([['m2', 'AGY-0001']]);
    expect((await listBillingQuarantine(db, 'cpi')).map((q) => q.reason)).toEqual([
      'contract.partnerCode: partner "constructor" is not in partnerMap',
      'contract.partnerCode: partner "__proto__" is not in partnerMap',
      'contract.partnerCode: partner "toString" is not in partnerMap',
    ]);
  });

  it('an event the database refuses (a NUL character in a field) is quarantined alone; the rest of its batch becomes facts', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse(middlewareWebhookMapping());
    const handler = createWebhookHandler({ db, mapping, verifier: standardWebhooksVerifier({ secrets: [SECRET] }), nowSeconds: () => NOW });
    for (let i = 0; i < 5; i++) {
      const contract = i === 2 ? 'C\u00002' : `C${i}`; // PostgreSQL text and jsonb cannot hold U+0000
      const body = JSON.stringify({ type: 'contract.activated', occurredAt: '2026-10-03T10:00:00Z', contract: { id: contract, partnerCode: 'AGT-1' } });
      expect((await handler(signed(`m${i}`, body))).status).toBe(200);
    }
    expect(await processInbox(db, mapping)).toEqual({ processed: 5, facts: 4, quarantined: 1, ignored: 0 });
    expect((await loadServiceEvents(db)).map((e) => e.id)).toEqual(['m0', 'm1', 'm3', 'm4']);
    const [q] = await listBillingQuarantine(db, 'cpi');
    expect(q).toMatchObject({ eventId: 'm2' });
    expect(q!.reason).toMatch(/could not be stored/);
    expect(await n(db, "SELECT count(*)::int AS n FROM billing_inbox WHERE status = 'pending'")).toBe(0);
  });
});

describe('unauthenticated requests', () => {
  it('rejections are rate-limited per client (429, nothing stored) and the audit table is bounded', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse(middlewareWebhookMapping());
    const handler = createWebhookHandler({
      db,
      mapping,
      verifier: standardWebhooksVerifier({ secrets: [SECRET] }),
      nowSeconds: () => NOW,
      rejections: { perClient: 5, windowSeconds: 3600, maxStored: 3 },
    });
    const forged = (id: string, from: string) => ({ ...signed(id, '{}'), headers: { ...signed(id, '{}').headers, 'webhook-signature': 'v1,Zm9yZ2Vk' }, remoteAddress: from });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await handler(forged(`f${i}`, '203.0.113.7'))).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // another client is not affected by the first one's flood, and a valid event from the flooder still gets in
    expect((await handler(forged('g1', '198.51.100.1'))).status).toBe(401);
    const ok = await handler({ ...signed('v1', JSON.stringify({ type: 'x', occurredAt: '2026-10-03', contract: { id: 'C', partnerCode: 'A' } })), remoteAddress: '203.0.113.7' });
    expect(ok.status).toBe(200);
    // six rejections were audited (5 + 1) but the table keeps only the newest 3
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_rejections')).toBe(3);
  });
});

describe('plain HMAC verifier with a signed timestamp', () => {
  const body = Buffer.from('{"id":"e1"}');
  const sign = (ts: number) => createHmac('sha256', 'k').update(`${ts}.`).update(body).digest('hex');
  it('checks the timestamp header, signed together with the body, within the tolerance', () => {
    const v = hmacHexVerifier({ header: 'X-Signature', secrets: ['k'], prefix: 'sha256=', timestamp: { header: 'X-Timestamp', toleranceSeconds: 300 } });
    const req = (ts: number, sigTs = ts) => ({ headers: { 'x-signature': `sha256=${sign(sigTs)}`, 'x-timestamp': String(ts) }, rawBody: body });
    expect(v.verify(req(NOW), NOW)).toEqual({ ok: true });
    expect(v.verify(req(NOW - 301), NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/tolerance/) });
    // a replay with a fresh timestamp header but the old signature does not verify
    expect(v.verify(req(NOW, NOW - 3600), NOW)).toMatchObject({ ok: false, reason: 'signature does not match' });
    expect(v.verify({ headers: { 'x-signature': `sha256=${sign(NOW)}` }, rawBody: body }, NOW)).toMatchObject({ ok: false, reason: 'missing X-Timestamp header' });
  });
  it('without a timestamp it says so: the verifier name carries "no-replay-protection"', () => {
    expect(hmacHexVerifier({ header: 'X-Signature', secrets: ['k'] }).name).toBe('hmac-sha256-hex (no-replay-protection)');
  });
});

describe('CSV rows without an id', () => {
  it('get the same key whatever the column order, so re-exports with reordered columns are duplicates', async () => {
    const db = await sharedDb();
    const base = utilityExportMapping();
    const { eventId: _drop, ...fields } = base.fields;
    const mapping = BillingMappingSchema.parse({ ...base, fields });
    const dir = mkdtempSync(join(tmpdir(), 'billing-key-'));
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, 'CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO\n8007Q1;AGY-1;ATTIVAZIONE;03/10/2026\n8007Q2;AGY-1;CESSAZIONE;04/10/2026\n');
    writeFileSync(b, 'DATA_EVENTO;TIPO_EVENTO;CODICE_PARTNER;CONTRATTO\n04/10/2026;CESSAZIONE;AGY-1;8007Q2\n03/10/2026;ATTIVAZIONE;AGY-1;8007Q1\n');
    expect(await importFile(db, a, mapping)).toMatchObject({ received: 2, stored: 2, facts: 2 });
    expect(await importFile(db, b, mapping)).toMatchObject({ received: 2, stored: 0, duplicates: 2 });
  });
});
