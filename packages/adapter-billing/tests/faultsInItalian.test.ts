// Everything a user reads is in their language: the file faults, the mapping's outcomes (kept in the quarantine) and
// the mapping's own defects carry an Italian text beside the English one, and the English stays as it always was
// (logs, stored quarantine rows and callers match it).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '@provvigo/store';
import { FileImportError, importFile } from '../src/file-import.js';
import { BillingMappingSchema, mapEvent, parseBillingMapping } from '../src/mapping.js';
import { createWebhookHandler } from '../src/receiver.js';
import { BILLING_MIGRATIONS, listBillingQuarantine, migrateBilling, processInbox, storeInInbox } from '../src/store.js';
import { middlewareWebhookMapping, signStandardWebhook, stripeMapping, utilityExportMapping } from '../src/testing/index.js';
import { standardWebhooksVerifier } from '../src/verify.js';
import { sharedDb } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'provvigo-billing-it-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
const mapping = BillingMappingSchema.parse(utilityExportMapping());
const jsonl = BillingMappingSchema.parse({ ...utilityExportMapping(), file: { kind: 'jsonl' } });
const HEADER = 'ID_EVENTO;CONTRATTO;CODICE_PARTNER;TIPO_EVENTO;DATA_EVENTO';
const ROW = 'EV-1;C-1;AGT-0001;ATTIVAZIONE;01/10/2026';

/** The FileImportError an import of `path` fails with. */
async function fault(path: string, m = mapping): Promise<FileImportError> {
  const error: unknown = await importFile(await sharedDb(), path, m).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FileImportError);
  return error as FileImportError;
}

/**
 * The texts of a file fault: `message` and `detail` in English exactly as before, `messages` and `details` in both
 * languages (the Italian written here by hand), the whole texts with the same `file:line: ` prefix.
 */
function expectTexts(e: FileImportError, where: string, en: string, it: string): void {
  expect({ message: e.message, detail: e.detail, details: e.details, messages: e.messages }).toEqual({
    message: `${where}: ${en}`,
    detail: en,
    details: { en, it },
    messages: { en: `${where}: ${en}`, it: `${where}: ${it}` },
  });
}

describe('file faults in English and Italian', () => {
  it('text that is not UTF-8: in the middle (with the windows-1252 hint) and cut at the end', async () => {
    const latin = await fault(file('latin.csv', Buffer.from(`${HEADER}\nEV-9;C-1;AGENZIA-CITTÀ;ATTIVAZIONE;01/10/2026\n`, 'latin1')));
    expectTexts(
      latin,
      'latin.csv',
      'not valid UTF-8 near byte 0; set file.encoding to "windows-1252" if the export is in that code page',
      'il testo non è UTF-8 valido vicino al byte 0; se l\'esportazione è in codifica Windows-1252, imposta file.encoding a "windows-1252"',
    );
    // the first byte of a two-byte character (à is C3 A0) and then the end of the file
    const cut = await fault(file('cut.csv', Buffer.concat([Buffer.from(`${HEADER}\n${ROW}\nEV-2;C-2;AGT-0001;ATTIVAZIONE;01/10/2026 `), Buffer.from([0xc3])])));
    expectTexts(cut, 'cut.csv', 'not valid UTF-8 at the end of the file (truncated?)', 'il testo non è UTF-8 valido alla fine del file (file troncato?)');
  });

  it('a header without mapped columns: one, several (alternatives joined by |), and a near column as the likely fix', async () => {
    const one = await fault(file('noheader.csv', `ID_EVENTO;CONTRATTO;TIPO_EVENTO;DATA_EVENTO\n${ROW}\n`));
    expect(one.line).toBe(1);
    expectTexts(
      one,
      'noheader.csv:1',
      'header lacks the mapped column(s) CODICE_PARTNER (found: ID_EVENTO, CONTRATTO, TIPO_EVENTO, DATA_EVENTO)',
      "nell'intestazione manca la colonna CODICE_PARTNER prevista dalla mappatura (colonne trovate: ID_EVENTO, CONTRATTO, TIPO_EVENTO, DATA_EVENTO)",
    );
    const several = await fault(file('two.csv', `ID_EVENTO;TIPO_EVENTO;DATA_EVENTO\nEV-1;ATTIVAZIONE;01/10/2026\n`));
    expectTexts(
      several,
      'two.csv:1',
      'header lacks the mapped column(s) CONTRATTO, CODICE_PARTNER (found: ID_EVENTO, TIPO_EVENTO, DATA_EVENTO)',
      "nell'intestazione mancano le colonne CONTRATTO, CODICE_PARTNER previste dalla mappatura (colonne trovate: ID_EVENTO, TIPO_EVENTO, DATA_EVENTO)",
    );
    const near = await fault(file('renamed.csv', `ID_EVENTO;CONTRATTI;CODICE_PARTNERS;TIPO_EVENTO;DATA_EVENTO\n${ROW}\n`));
    expectTexts(
      near,
      'renamed.csv:1',
      'header lacks the mapped column(s) CONTRATTO, CODICE_PARTNER (found: ID_EVENTO, CONTRATTI, CODICE_PARTNERS, TIPO_EVENTO, DATA_EVENTO); did you mean "CONTRATTI" for "CONTRATTO", "CODICE_PARTNERS" for "CODICE_PARTNER"?',
      "nell'intestazione mancano le colonne CONTRATTO, CODICE_PARTNER previste dalla mappatura (colonne trovate: ID_EVENTO, CONTRATTI, CODICE_PARTNERS, TIPO_EVENTO, DATA_EVENTO); forse intendevi \"CONTRATTI\" invece di \"CONTRATTO\", \"CODICE_PARTNERS\" invece di \"CODICE_PARTNER\"?",
    );
  });

  it("malformed CSV: the parser's fault worded in Italian (ragged row, unclosed quote, quotes inside a field)", async () => {
    const ragged = await fault(file('ragged.csv', `${HEADER}\n${ROW}\nEV-2;C;P;ATTIVAZIONE\n`));
    expectTexts(ragged, 'ragged.csv:3', 'malformed CSV: Invalid Record Length: columns length is 5, got 4 on line 3', "CSV non valido: la riga 3 ha 4 campi, l'intestazione 5 colonne");
    const open = await fault(file('quote.csv', `${HEADER}\n${ROW}\nEV-2;"C;P;ATTIVAZIONE;01/10/2026\n`));
    expectTexts(
      open,
      'quote.csv:3',
      'malformed CSV: Quote Not Closed: the quote opened at line 3 (field "CONTRATTO") is never closed; the rest of the file was read as its value',
      'CSV non valido: le virgolette aperte alla riga 3 (campo "CONTRATTO") non sono mai chiuse; il resto del file è stato letto come il suo valore',
    );
    const closing = await fault(file('closing.csv', `${HEADER}\nEV-2;"C"x;P;ATTIVAZIONE;01/10/2026\n`));
    expectTexts(
      closing,
      'closing.csv:2',
      'malformed CSV: Invalid Closing Quote: got "x" at line 2 instead of delimiter, record delimiter, trimable character (if activated) or comment',
      'CSV non valido: alla riga 2 le virgolette di chiusura sono seguite da "x" invece che dal separatore o da un a capo',
    );
    const opening = await fault(file('opening.csv', `${HEADER}\nEV-2;C"X;P;ATTIVAZIONE;01/10/2026\n`));
    expectTexts(
      opening,
      'opening.csv:2',
      'malformed CSV: Invalid Opening Quote: a quote is found on field "CONTRATTO" at line 2, value is "C"',
      'CSV non valido: alla riga 2 c\'è una virgoletta in mezzo al campo "CONTRATTO" (valore "C"); un campo con virgolette deve iniziare con esse',
    );
  });

  it('a cut last JSON line, a file that cannot be read, a file without events', async () => {
    const cut = await fault(file('cut.jsonl', `{"ID_EVENTO":"J1","CONTRATTO":"C","CODICE_PARTNER":"P","TIPO_EVENTO":"ATTIVAZIONE","DATA_EVENTO":"01/10/2026"}\n{"ID_EVENTO":"J2","CONTR`), jsonl);
    expectTexts(cut, 'cut.jsonl:2', 'the last line is not complete JSON (truncated file?)', "l'ultima riga non è un JSON completo (file troncato?)");
    expectTexts(await fault(join(dir, 'missing.csv')), 'missing.csv', 'cannot read the file (ENOENT)', 'impossibile leggere il file (ENOENT)');
    expectTexts(await fault(file('empty.csv', '')), 'empty.csv', 'the file holds no events', 'il file non contiene eventi');
    expectTexts(await fault(file('blank.jsonl', '\n\n'), jsonl), 'blank.jsonl', 'the file holds no events', 'il file non contiene eventi');
  });

  it('a FileImportError built from one English string keeps it, and has no Italian to offer', () => {
    const e = new FileImportError('a.csv', 'something else', 4);
    expect({ message: e.message, detail: e.detail, details: e.details, messages: e.messages }).toEqual({
      message: 'a.csv:4: something else',
      detail: 'something else',
      details: undefined,
      messages: undefined,
    });
  });
});

describe("the mapping's outcomes in English and Italian", () => {
  const row = { ID_EVENTO: 'E', CONTRATTO: 'C-1', CODICE_PARTNER: 'AGT-0001', TIPO_EVENTO: 'ATTIVAZIONE', DATA_EVENTO: '01/10/2026' };
  const reasons = (m: ReturnType<typeof mapEvent>) => (m.kind === 'fact' ? undefined : { kind: m.kind, reason: m.reason, reasons: m.reasons });
  const both = (kind: string, en: string, it: string) => ({ kind, reason: en, reasons: { en, it } });

  it('every invalid reason and the ignore', () => {
    const mapped = BillingMappingSchema.parse({ ...utilityExportMapping(), partnerMap: { 'AGT-0001': 'AGY-0001' } });
    const cases: [unknown, ReturnType<typeof both>][] = [
      [['not', 'an', 'object'], both('invalid', 'the event is not a JSON object', "l'evento non è un oggetto JSON")],
      [{ ...row, TIPO_EVENTO: ' ' }, both('invalid', 'TIPO_EVENTO: event type is missing', 'TIPO_EVENTO: manca il tipo di evento')],
      [{ ...row, TIPO_EVENTO: 'LETTURA' }, both('ignored', 'no rule maps event type "LETTURA"', 'nessuna regola per il tipo di evento "LETTURA"')],
      [{ ...row, CONTRATTO: '' }, both('invalid', 'CONTRATTO: contract reference is missing', 'CONTRATTO: manca il riferimento al contratto')],
      [{ ...row, CODICE_PARTNER: '' }, both('invalid', 'CODICE_PARTNER: partner is missing', 'CODICE_PARTNER: manca il partner')],
      [{ ...row, CODICE_PARTNER: 'X-9' }, both('invalid', 'CODICE_PARTNER: partner "X-9" is not in partnerMap', 'CODICE_PARTNER: il partner "X-9" non è in partnerMap')],
      [
        { ...row, DATA_EVENTO: '31/02/2026' },
        both('invalid', 'DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"', 'DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "31/02/2026"'),
      ],
      [{ ...row, DATA_EVENTO: '' }, both('invalid', 'DATA_EVENTO: expected a dd/MM/yyyy date, got null', 'DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato nessun valore')],
    ];
    for (const [event, expected] of cases) expect(reasons(mapEvent(mapped, event, 'E'))).toEqual(expected);
  });

  it('a field read from several paths is named by all of them, in both languages', () => {
    const stripe = BillingMappingSchema.parse(stripeMapping());
    const event = { id: 'evt_1', type: 'customer.subscription.created', created: 1_795_000_000, data: { object: { status: 'active', metadata: { partner_id: 'AGT-1' } } } };
    const paths = 'data.object.metadata.contract_id | data.object.parent.subscription_details.metadata.contract_id | data.object.subscription_details.metadata.contract_id';
    expect(reasons(mapEvent(stripe, event, 'evt_1'))).toEqual(both('invalid', `${paths}: contract reference is missing`, `${paths}: manca il riferimento al contratto`));
  });
});

describe('the quarantine keeps the Italian beside the English', () => {
  it('row faults of an import, a line that is not JSON, and an event the database refuses', async () => {
    const db = await sharedDb();
    const csv = [HEADER, 'EV-4;C-4;;CESSAZIONE;05/10/2026', 'EV-5;C-5;AGT-0003;SWITCH_OUT;31/02/2026', ''].join('\n');
    await importFile(db, file('rows.csv', csv), mapping);
    await importFile(db, file('rows.jsonl', 'not json\n'), jsonl);
    const cpi = BillingMappingSchema.parse(middlewareWebhookMapping());
    // PostgreSQL text and jsonb cannot hold U+0000: the event is quarantined with the database's own words
    const raw = JSON.stringify({ type: 'contract.activated', occurredAt: '2026-10-03T10:00:00Z', contract: { id: 'C\u00002', partnerCode: 'AGT-1' } });
    await storeInInbox(db, 'cpi', 'webhook', [{ eventId: 'nul', raw }]);
    await processInbox(db, cpi);
    const entries = await listBillingQuarantine(db);
    expect(entries.filter((q) => q.source === 'isu-export').map((q) => [q.field, q.reason, q.reasons])).toEqual([
      ['CODICE_PARTNER', 'rows.csv:2: CODICE_PARTNER: partner is missing', { en: 'rows.csv:2: CODICE_PARTNER: partner is missing', it: 'rows.csv:2: CODICE_PARTNER: manca il partner' }],
      [
        'DATA_EVENTO',
        'rows.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
        {
          en: 'rows.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
          it: 'rows.csv:3: DATA_EVENTO: data attesa nel formato dd/MM/yyyy, trovato "31/02/2026"',
        },
      ],
      [
        '(body)',
        "rows.jsonl:1: the payload is not valid JSON: JSON value expected but got 'n' at position 0",
        {
          en: "rows.jsonl:1: the payload is not valid JSON: JSON value expected but got 'n' at position 0",
          it: "rows.jsonl:1: il contenuto non è un JSON valido: JSON value expected but got 'n' at position 0",
        },
      ],
    ]);
    const refused = entries.find((q) => q.eventId === 'nul')!;
    expect(refused.reason).toMatch(/^the event could not be stored: \S/);
    expect(refused.reasons.en).toBe(refused.reason);
    expect(refused.reasons.it).toBe(`non è stato possibile salvare l'evento: ${refused.reason.slice('the event could not be stored: '.length)}`);
    // the reason column holds the English as it always did
    const { rows } = await db.query<{ reason: string }>("SELECT reason FROM billing_quarantine WHERE source = 'isu-export' ORDER BY event_id");
    expect(rows.map((r) => r.reason)).toEqual([
      'rows.csv:2: CODICE_PARTNER: partner is missing',
      'rows.csv:3: DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
      "rows.jsonl:1: the payload is not valid JSON: JSON value expected but got 'n' at position 0",
    ]);
  });

  it('a row quarantined before the Italian was kept still reads, in English in both languages', async () => {
    const db = await openDatabase('memory://');
    try {
      // a store as the adapter left it before: only the first migration, a quarantine row with its English reason
      await migrate(db, BILLING_MIGRATIONS.slice(0, 1));
      await db.query("INSERT INTO billing_quarantine (source, event_id, field, reason, raw) VALUES ('isu-export', 'OLD-1', 'DATA_EVENTO', $1, '{}')", [
        'DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
      ]);
      await migrateBilling(db);
      expect(await listBillingQuarantine(db)).toEqual([
        {
          source: 'isu-export',
          eventId: 'OLD-1',
          field: 'DATA_EVENTO',
          reason: 'DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"',
          reasons: { en: 'DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"', it: 'DATA_EVENTO: expected a dd/MM/yyyy date, got "31/02/2026"' },
          raw: '{}',
        },
      ]);
    } finally {
      await db.close();
    }
  });
});

describe("JSON that does not parse is quarantined with the parser's own cause", () => {
  const NOW = 1_795_000_000;
  const SECRET = `whsec_${Buffer.from('a test secret of 32 bytes.......').toString('base64')}`;

  it('a signed webhook body with a duplicate key: the cause in both languages, in the parser\'s words', async () => {
    const db = await sharedDb();
    const cpi = BillingMappingSchema.parse(middlewareWebhookMapping());
    const handler = createWebhookHandler({ db, mapping: cpi, verifier: standardWebhooksVerifier({ secrets: [SECRET] }), nowSeconds: () => NOW });
    const body = '{"type":"contract.activated","a":1,"a":2}';
    const headers = { 'webhook-id': 'm1', 'webhook-timestamp': String(NOW), 'webhook-signature': signStandardWebhook(SECRET, 'm1', NOW, body) };
    expect((await handler({ method: 'POST', headers, rawBody: Buffer.from(body) })).status).toBe(200);
    expect(await processInbox(db, cpi)).toMatchObject({ processed: 1, quarantined: 1 });
    const cause = "Duplicate key 'a' encountered at position 36";
    expect((await listBillingQuarantine(db)).map((q) => [q.eventId, q.field, q.reasons])).toEqual([
      ['m1', '(body)', { en: `the payload is not valid JSON: ${cause}`, it: `il contenuto non è un JSON valido: ${cause}` }],
    ]);
  });

  it('a JSON Lines import names the file and the line of each line that does not parse, and the cause', async () => {
    const db = await sharedDb();
    const row = (id: string) => JSON.stringify({ ID_EVENTO: id, CONTRATTO: 'C', CODICE_PARTNER: 'P', TIPO_EVENTO: 'ATTIVAZIONE', DATA_EVENTO: '01/10/2026' });
    const twice = '{"ID_EVENTO":"J2","CONTRATTO":"C","ID_EVENTO":"J3"}';
    // the repeated bad line on line 5 is a duplicate of line 2, whose place the reason keeps
    const lines = [row('J1'), twice, '{"ID_EVENTO":"J4","CONTRATTO":}', row('J5'), twice, ''];
    const report = await importFile(db, file('lines.jsonl', lines.join('\n')), jsonl);
    expect(report).toMatchObject({ received: 5, stored: 4, duplicates: 1, facts: 2, quarantined: 2 });
    const reasons = (await listBillingQuarantine(db)).map((q) => q.reasons).sort((a, b) => a.en.localeCompare(b.en));
    expect(reasons).toEqual([
      {
        en: "lines.jsonl:2: the payload is not valid JSON: Duplicate key 'ID_EVENTO' encountered at position 35",
        it: "lines.jsonl:2: il contenuto non è un JSON valido: Duplicate key 'ID_EVENTO' encountered at position 35",
      },
      {
        en: "lines.jsonl:3: the payload is not valid JSON: Object value expected after ':' at position 30",
        it: "lines.jsonl:3: il contenuto non è un JSON valido: Object value expected after ':' at position 30",
      },
    ]);
  });
});

describe("the mapping's defects in English and Italian", () => {
  it('our own message, zod\'s generic ones and a mapping that is not an object', () => {
    const input = { ...middlewareWebhookMapping(), source: 'CPI', timeZone: 'Europe/Milano', fields: { ...middlewareWebhookMapping().fields, partnerRef: undefined } };
    const r = parseBillingMapping(input);
    expect(r.ok === false && r.messages).toEqual([
      { en: 'source: Invalid string: must match pattern /^[a-z0-9][a-z0-9_.-]{0,63}$/', it: 'source: testo non valido: deve rispettare il modello /^[a-z0-9][a-z0-9_.-]{0,63}$/' },
      { en: 'fields.partnerRef: Invalid input', it: 'fields.partnerRef: valore non valido' },
      { en: 'timeZone: not an IANA time zone name (e.g. "Europe/Rome")', it: 'timeZone: non è il nome di un fuso orario IANA (ad es. "Europe/Rome")' },
    ]);
    expect(r.ok === false && r.issues).toEqual(r.ok === false && r.messages.map((m) => m.en));
    expect(parseBillingMapping(42)).toEqual({
      ok: false,
      issues: ['(root): Invalid input: expected object, received number'],
      messages: [{ en: '(root): Invalid input: expected object, received number', it: '(radice): valore non valido: serve un oggetto, trovato un numero' }],
    });
  });
});
