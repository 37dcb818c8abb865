
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, type Db } from '@provvigo/store';
import { FileImportError, importFile } from '../src/file-import.js';
import { BillingMappingSchema } from '../src/mapping.js';
import { createWebhookHandler } from '../src/receiver.js';
import { BILLING_MIGRATIONS, listBillingQuarantine, loadServiceEvents, migrateBilling, processInbox, recordRejection, requeueEvents } from '../src/store.js';
import { utilityExportMapping } from '../src/testing/index.js';
import { postgresReachable, schemaPerCall } from './helpers.js';
import { basicAuthVerifier, hmacHexVerifier, signStripe, standardWebhooksVerifier, stripeVerifier, type Verifier } from '../src/verify.js';

const available = await postgresReachable();
const freshDb = schemaPerCall('billing_origins', available, { migrated: false });

const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-origins-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const jsonl = BillingMappingSchema.parse({ ...utilityExportMapping(), file: { kind: 'jsonl' } });
const J1 = '{"ID_EVENTO":"J1","CONTRATTO":"C","CODICE_PARTNER":"P","TIPO_EVENTO":"ATTIVAZIONE","DATA_EVENTO":"01/10/2026"}';
const J1_FACT = { id: 'J1', subject: 'C', partnerId: 'P', type: 'activated', date: '2026-10-01' };

/** The quarantine as [field, reasons] pairs. */
const quarantine = async (db: Db) => (await listBillingQuarantine(db)).map((q) => [q.field, q.reasons]);

describe.skipIf(!available)('a JSON line keeps where it came from', () => {
  it('a line that is not JSON names its file and line when quarantined again after a requeue', async () => {
    const db = await freshDb();
    try {
      const r = await importFile(db, file('origin.jsonl', `${J1}\nnot json\n`), jsonl);
      expect(r).toMatchObject({ received: 2, stored: 2, facts: 1, quarantined: 1, ignored: 0 });
      const reasons = {
        en: "origin.jsonl:2: the payload is not valid JSON: JSON value expected but got 'n' at position 0",
        it: "origin.jsonl:2: il contenuto non è un JSON valido: JSON value expected but got 'n' at position 0",
      };
      expect(await quarantine(db)).toEqual([['(body)', reasons]]);
      expect(await requeueEvents(db, 'isu-export', ['quarantined', 'ignored'])).toBe(1);
      expect(await processInbox(db, jsonl)).toEqual({ processed: 1, facts: 0, quarantined: 1, ignored: 0 });
      expect(await quarantine(db)).toEqual([['(body)', reasons]]);
      // a second requeue and processing: still the same place
      await requeueEvents(db, 'isu-export');
      await processInbox(db, jsonl);
      expect(await quarantine(db)).toEqual([['(body)', reasons]]);
    } finally {
      await db.close();
    }
  });

  it('a complete last line the parser refuses (a duplicate key, no newline) is quarantined with its cause, file and line', async () => {
    const db = await freshDb();
    try {
      const r = await importFile(db, file('dup.jsonl', `${J1}\n{"ID_EVENTO":"a","ID_EVENTO":"b"}`), jsonl);
      expect(r).toMatchObject({ received: 2, stored: 2, duplicates: 0, facts: 1, quarantined: 1, ignored: 0 });
      expect(await loadServiceEvents(db)).toEqual([J1_FACT]);
      // `{"ID_EVENTO":"a","` is 17 characters: the second key's first letter is at position 18
      const reasons = {
        en: "dup.jsonl:2: the payload is not valid JSON: Duplicate key 'ID_EVENTO' encountered at position 18",
        it: "dup.jsonl:2: il contenuto non è un JSON valido: Duplicate key 'ID_EVENTO' encountered at position 18",
      };
      expect(await quarantine(db)).toEqual([['(body)', reasons]]);
      await requeueEvents(db, 'isu-export');
      await processInbox(db, jsonl);
      expect(await quarantine(db)).toEqual([['(body)', reasons]]);
    } finally {
      await db.close();
    }
  });

  it('a last line that stops inside a value is still a truncated file, wherever it is cut, and imports nothing', async () => {
    const db = await freshDb();
    try {
      // inside a string, inside a keyword (the parser then speaks of a missing value, not of the end), after a backslash
      for (const cut of ['{"ID_EVENTO":"J2","CONTR', '{"ID_EVENTO":"J2","X":tr', '{"ID_EVENTO":"J2\\', '{"ID_EVENTO":"J2","X":[1,']) {
        const error: unknown = await importFile(db, file('cut.jsonl', `${J1}\n${cut}`), jsonl).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(FileImportError);
        expect((error as FileImportError).messages).toEqual({
          en: 'cut.jsonl:2: the last line is not complete JSON (truncated file?)',
          it: "cut.jsonl:2: l'ultima riga non è un JSON completo (file troncato?)",
        });
      }
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM billing_inbox');
      expect(rows[0]!.n).toBe(0);
    } finally {
      await db.close();
    }
  });
});

describe('built-in verifiers word every refusal in both languages', () => {
  const body = Buffer.from('{"id":"evt_1"}');
  const NOW = 1_795_000_000;
  const refusal = (en: string, it: string) => ({ ok: false, status: 401, reason: en, reasons: { en, it } });

  it('Stripe, Standard Webhooks, HMAC with a timestamp, Basic', () => {
    const stripe = stripeVerifier({ secrets: ['s'] });
    expect(stripe.verify({ headers: {}, rawBody: body }, NOW)).toEqual(refusal('missing Stripe-Signature header', "manca l'intestazione Stripe-Signature"));
    expect(stripe.verify({ headers: { 'stripe-signature': 'v1=ab' }, rawBody: body }, NOW)).toEqual(
      refusal('malformed Stripe-Signature header', "l'intestazione Stripe-Signature non è nel formato atteso"),
    );
    expect(stripe.verify({ headers: { 'stripe-signature': signStripe('other', body, NOW) }, rawBody: body }, NOW)).toEqual(
      refusal('signature does not match', 'la firma non corrisponde'),
    );
    expect(stripe.verify({ headers: { 'stripe-signature': signStripe('s', body, NOW - 301) }, rawBody: body }, NOW)).toEqual(
      refusal('timestamp outside the 300 s tolerance (replay?)', 'marca temporale fuori dalla tolleranza di 300 s (richiesta ripetuta?)'),
    );
    const standard = standardWebhooksVerifier({ secrets: ['whsec_c2VjcmV0'] });
    expect(standard.verify({ headers: {}, rawBody: body }, NOW)).toEqual(
      refusal('missing webhook-id, webhook-timestamp or webhook-signature header', "manca l'intestazione webhook-id, webhook-timestamp o webhook-signature"),
    );
    expect(standard.verify({ headers: { 'webhook-id': 'm', 'webhook-timestamp': 'soon', 'webhook-signature': 'v1,x' }, rawBody: body }, NOW)).toEqual(
      refusal('malformed webhook-timestamp', 'webhook-timestamp non è nel formato atteso'),
    );
    const hmac = hmacHexVerifier({ header: 'X-Signature', secrets: ['s'], prefix: 'sha256=', timestamp: { header: 'X-Timestamp' } });
    expect(hmac.verify({ headers: {}, rawBody: body }, NOW)).toEqual(refusal('missing X-Signature header', "manca l'intestazione X-Signature"));
    expect(hmac.verify({ headers: { 'x-signature': 'sha256=ab' }, rawBody: body }, NOW)).toEqual(refusal('missing X-Timestamp header', "manca l'intestazione X-Timestamp"));
    expect(hmac.verify({ headers: { 'x-signature': 'sha256=ab', 'x-timestamp': 'now' }, rawBody: body }, NOW)).toEqual(
      refusal('malformed X-Timestamp header', "l'intestazione X-Timestamp non è nel formato atteso"),
    );
    const basic = basicAuthVerifier({ username: 'u', password: 'p' });
    expect(basic.verify({ headers: {}, rawBody: body }, NOW)).toEqual(refusal('missing Basic authorization', "manca l'autorizzazione Basic"));
    expect(basic.verify({ headers: { authorization: `Basic ${Buffer.from('u:x').toString('base64')}` }, rawBody: body }, NOW)).toEqual(
      refusal('wrong credentials', 'credenziali errate'),
    );
  });
});

describe.skipIf(!available)('billing_rejections keeps the reason in English and Italian', () => {
  const NOW = 1_795_000_000;
  const rejections = async (db: Db) =>
    (await db.query<{ source: string; reason: string; reason_it: string | null }>('SELECT source, reason, reason_it FROM billing_rejections ORDER BY seq')).rows;

  it("a store's older rows get no Italian; the webhook's refusals are recorded in both; an English-only reason stays so", async () => {
    const db = await freshDb();
    try {
      // the store as it was before the Italian was kept: a rejection with its English reason only
      await migrate(db, BILLING_MIGRATIONS.filter((m) => m.id !== 'billing/004_rejection_reason_it'));
      await db.query("INSERT INTO billing_rejections (source, reason) VALUES ('isu-export', 'stripe-v1: signature does not match')");
      await migrateBilling(db);
      // the column is added with IF NOT EXISTS: running its SQL again on a store that has it changes nothing
      await db.exec(BILLING_MIGRATIONS.find((m) => m.id === 'billing/004_rejection_reason_it')!.sql);

      const mapping = BillingMappingSchema.parse(utilityExportMapping());
      const handler = createWebhookHandler({ db, mapping, verifier: stripeVerifier({ secrets: ['s'] }), maxBodyBytes: 64, nowSeconds: () => NOW });
      const post = (rawBody: Buffer, headers: Record<string, string> = {}) => handler({ method: 'POST', headers, rawBody, remoteAddress: '192.0.2.1' });
      const body = Buffer.from('{"ID_EVENTO":"W1"}');
      const statuses = [
        (await post(Buffer.alloc(100, 0x20))).status,
        (await post(body)).status,
        (await post(body, { 'stripe-signature': signStripe('other', body, NOW) })).status,
        (await post(body, { 'stripe-signature': signStripe('s', body, NOW - 301) })).status,
        (await post(Buffer.from([0xff]), { 'stripe-signature': signStripe('s', Buffer.from([0xff]), NOW) })).status,
      ];
      expect(statuses).toEqual([413, 401, 401, 401, 400]);
      // a custom verifier that words its refusal in English only, and a caller recording one English string
      const custom: Verifier = { name: 'custom', verify: () => ({ ok: false, status: 401, reason: 'token expired' }) };
      expect((await createWebhookHandler({ db, mapping, verifier: custom })({ method: 'POST', headers: {}, rawBody: body })).status).toBe(401);
      await recordRejection(db, 'isu-export', 'refused upstream');

      expect(await rejections(db)).toEqual([
        { source: 'isu-export', reason: 'stripe-v1: signature does not match', reason_it: null },
        { source: 'isu-export', reason: 'body of 100 bytes exceeds 64', reason_it: 'il corpo della richiesta di 100 byte supera il limite di 64' },
        { source: 'isu-export', reason: 'stripe-v1: missing Stripe-Signature header', reason_it: "stripe-v1: manca l'intestazione Stripe-Signature" },
        { source: 'isu-export', reason: 'stripe-v1: signature does not match', reason_it: 'stripe-v1: la firma non corrisponde' },
        {
          source: 'isu-export',
          reason: 'stripe-v1: timestamp outside the 300 s tolerance (replay?)',
          reason_it: 'stripe-v1: marca temporale fuori dalla tolleranza di 300 s (richiesta ripetuta?)',
        },
        { source: 'isu-export', reason: 'stripe-v1: body is not valid UTF-8', reason_it: 'stripe-v1: il corpo della richiesta non è UTF-8 valido' },
        { source: 'isu-export', reason: 'custom: token expired', reason_it: null },
        { source: 'isu-export', reason: 'refused upstream', reason_it: null },
      ]);
    } finally {
      await db.close();
    }
  });
});
