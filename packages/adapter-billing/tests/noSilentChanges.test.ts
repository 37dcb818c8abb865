// Values are never changed on the way in: what the export or the event says is taken exactly, or refused with the
// file, record and field named. Three ways a value used to change without a word: an instant on a day the month does
// not have rolled over into the next month (the runtime's Date does that), a CSV header naming one column twice kept
// only the last of the two cells, and a webhook body that is not UTF-8 had its bad bytes replaced by U+FFFD.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileImportError, importFile, importReconciles } from '../src/file-import.js';
import { BillingMappingSchema, parseEventDate } from '../src/mapping.js';
import { createWebhookHandler, startWebhookServer } from '../src/receiver.js';
import { listBillingQuarantine, loadServiceEvents } from '../src/store.js';
import { middlewareWebhookMapping, signStripe, stripeMapping, utilityExportMapping } from '../src/testing/index.js';
import { stripeVerifier } from '../src/verify.js';
import { n, sharedDb } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-exact-'));
const file = (name: string, content: string) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

describe('ISO instants on days the month does not have', () => {
  it('are refused, not rolled into the next month (30 February is not 2 March)', () => {
    expect(parseEventDate('2026-02-30T10:00:00Z', 'iso', 'Europe/Rome')).toBeUndefined();
    expect(parseEventDate('2027-02-29T23:30:00+01:00', 'iso', 'Europe/Rome')).toBeUndefined();
    expect(parseEventDate('2026-04-31T12:00:00.000+0200', 'iso', 'UTC')).toBeUndefined();
    // real days still convert, leap day included
    expect(parseEventDate('2028-02-29T23:30:00Z', 'iso', 'Europe/Rome')).toBe('2028-03-01');
    expect(parseEventDate('2026-02-28T10:00:00Z', 'iso', 'Europe/Rome')).toBe('2026-02-28');
  });

  it('an import quarantines such an event with its field named; the other events go through and counts reconcile', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse({ ...middlewareWebhookMapping(), fields: { ...middlewareWebhookMapping().fields, eventId: 'id' } });
    const line = (id: string, at: string) => JSON.stringify({ id, type: 'contract.activated', occurredAt: at, contract: { id: `C-${id}`, partnerCode: 'AGT-1' } });
    const path = file('events.jsonl', `${line('e1', '2026-02-28T10:00:00Z')}\n${line('e2', '2026-02-30T10:00:00Z')}\n`);
    const r = await importFile(db, path, mapping);
    expect(r).toMatchObject({ received: 2, stored: 2, facts: 1, quarantined: 1, ignored: 0, duplicates: 0 });
    expect(importReconciles(r)).toBe(true);
    expect((await loadServiceEvents(db)).map((e) => [e.id, e.date])).toEqual([['e1', '2026-02-28']]);
    expect((await listBillingQuarantine(db, 'cpi')).map((q) => [q.eventId, q.field, q.reasons])).toEqual([
      [
        'e2',
        'occurredAt',
        {
          // the second line of events.jsonl
          en: 'events.jsonl:2: occurredAt: expected a iso date, got "2026-02-30T10:00:00Z"',
          it: 'events.jsonl:2: occurredAt: data attesa nel formato iso, trovato "2026-02-30T10:00:00Z"',
        },
      ],
    ]);
  });
});

describe('a CSV header naming a column twice', () => {
  it('is a file fault naming the column and its positions, in both languages; nothing is imported', async () => {
    const db = await sharedDb();
    const mapping = BillingMappingSchema.parse(utilityExportMapping());
    // two partner columns (say, agency and sub-agent): keeping either one silently credits a partner nobody chose
    const csv = 'ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO;CODICE_PARTNER\nEV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026;AGT-0009\n';
    const error: unknown = await importFile(db, file('twice.csv', csv), mapping).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FileImportError);
    const e = error as FileImportError;
    expect({ line: e.line, message: e.message, messages: e.messages }).toEqual({
      line: 1,
      message: 'twice.csv:1: header names a column more than once: CODICE_PARTNER (columns 3, 6); a row would keep only one of its cells',
      messages: {
        en: 'twice.csv:1: header names a column more than once: CODICE_PARTNER (columns 3, 6); a row would keep only one of its cells',
        it: "twice.csv:1: nell'intestazione una colonna compare più volte: CODICE_PARTNER (colonne 3, 6); di ogni riga si terrebbe una sola delle sue celle",
      },
    });
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_inbox')).toBe(0);
    expect(await n(db, 'SELECT count(*)::int AS n FROM billing_events')).toBe(0);
  });
});

const NOW = 1_795_000_000;

/** POSTs `body` byte for byte to the receiver over real HTTP. */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject).end(body);
  });
}

/** A Stripe event whose id is `evt_` followed by `idBytes`, as raw bytes. */
const stripeEvent = (idBytes: Buffer, prefix = Buffer.alloc(0)) =>
  Buffer.concat([
    prefix,
    Buffer.from('{"id":"evt_'),
    idBytes,
    Buffer.from(`","type":"customer.subscription.created","created":${NOW},"data":{"object":{"metadata":{"contract_id":"C1","partner_id":"AGY-1"}}}}`),
  ]);

/** A receiver for the Stripe example mapping on a real HTTP server; `send` signs the bytes it is given. */
async function stripeReceiver() {
  const db = await sharedDb();
  const handler = createWebhookHandler({ db, mapping: BillingMappingSchema.parse(stripeMapping()), verifier: stripeVerifier({ secrets: ['whsec_s'] }), nowSeconds: () => NOW });
  const server = await startWebhookServer(handler);
  const send = (body: Buffer, secret = 'whsec_s') => post(server.url, body, { 'stripe-signature': signStripe(secret, body, NOW) });
  return { db, server, send };
}

describe('a webhook body that is not UTF-8', () => {
  it('is refused with 400 in English and Italian and audited; nothing is stored, so two ids differing only in bad bytes are not one', async () => {
    const { db, server, send } = await stripeReceiver();
    try {
      // evt_<FF> and evt_<FE> both decoded to evt_\uFFFD: the second was acknowledged as a duplicate of the first
      const answers = [await send(stripeEvent(Buffer.from([0xff]))), await send(stripeEvent(Buffer.from([0xfe])))];
      const refusal = {
        error: 'the body is not valid UTF-8; send the event encoded as UTF-8',
        messages: {
          en: 'the body is not valid UTF-8; send the event encoded as UTF-8',
          it: 'il corpo della richiesta non è UTF-8 valido; invia l\'evento codificato in UTF-8',
        },
      };
      expect(answers.map((a) => [a.status, JSON.parse(a.body)])).toEqual([
        [400, refusal],
        [400, refusal],
      ]);
      // a forged signature is still refused as such: the signature is checked first, over the raw bytes
      expect((await send(stripeEvent(Buffer.from([0xff])), 'whsec_other')).status).toBe(401);
      expect(await n(db, 'SELECT count(*)::int AS n FROM billing_inbox')).toBe(0);
      const { rows } = await db.query<{ reason: string }>('SELECT reason FROM billing_rejections ORDER BY seq');
      expect(rows.map((r) => r.reason)).toEqual(['stripe-v1: body is not valid UTF-8', 'stripe-v1: body is not valid UTF-8', 'stripe-v1: signature does not match']);
    } finally {
      await server.close();
    }
  });

  it('a UTF-8 body is stored exactly as sent, its byte order mark and multi-byte characters included', async () => {
    const { db, server, send } = await stripeReceiver();
    try {
      const body = stripeEvent(Buffer.from('città-€-😀'), Buffer.from([0xef, 0xbb, 0xbf]));
      expect((await send(body)).status).toBe(200);
      // compared as the stored bytes: the embedded database's driver drops a leading U+FEFF when it reads text back
      const { rows } = await db.query<{ hex: string }>("SELECT encode(convert_to(raw, 'UTF8'), 'hex') AS hex FROM billing_inbox");
      expect(rows.map((r) => r.hex)).toEqual([body.toString('hex')]);
    } finally {
      await server.close();
    }
  });
});
