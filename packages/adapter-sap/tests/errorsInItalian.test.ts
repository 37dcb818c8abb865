import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeS4Hana } from '../src/testing/index.js';
import {
  JournalEntryClient,
  MemoryPostingLog,
  SapAuthError,
  SapConfigError,
  SapProtocolError,
  SapRemoteError,
  SupplierInvoicePoster,
  ValidationError,
  accrualSetFromRows,
  buildAccrualJournalEntries,
  formatReconciliation,
  mapSupplierInvoice,
  parseSapConfig,
  resolveAuth,
  toCoreIssues,
  tryMapSupplierInvoice,
  type InvoiceOutcome,
  type PostReport,
} from '../src/index.js';
import { schemaMessageInItalian } from '../src/texts.js';
import { PASSWORD, configInput, makeConfig, makeInvoice } from './fixtures.js';

// The adapter's errors and the outcomes of a posting used to be English only: an Italian finance user or integrator
// read "SAP rejected the invoice", "not attempted", "SAP config is invalid" in English. Each now carries its Italian
// (`messages.it`); `message` stays the English text, word for word, for the logs and the callers that read it. SAP's
// own code and message are quoted as SAP gave them, in both languages.

let fake: FakeS4Hana | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ref = (i: number) => `CM202611-${String(i).padStart(5, '0')}`;

function poster(f: FakeS4Hana, partners: number, over = {}) {
  const config = makeConfig(f.url, partners, { timeoutMs: 30_000, concurrency: 1, ...over });
  return new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog(), sleep: async () => {}, fetch: f.fetch });
}

/** The failed outcome of invoice `i` of the report: its English and Italian texts, which must differ. */
function failed(report: PostReport, i: number): Extract<InvoiceOutcome, { status: 'failed' }> {
  const outcome = report.results[i]!.outcome;
  if (outcome.status !== 'failed') return expect.unreachable(`invoice ${i} did not fail`);
  expect(outcome.messages.en).toBe(outcome.message);
  expect(outcome.messages.it).not.toBe(outcome.message);
  return outcome;
}

/** What `work` is refused with: an error of `type` whose `messages.en` is its `message` and whose Italian differs. */
async function refused<E extends Error & { messages?: { en: string; it: string } | undefined }>(
  work: Promise<unknown> | (() => unknown),
  type: new (...args: never[]) => E,
): Promise<{ en: string; it: string }> {
  let error: unknown;
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(type);
  const e = error as E;
  expect(e.messages?.en).toBe(e.message);
  expect(e.messages?.it).not.toBe(e.message);
  return { en: e.message, it: e.messages!.it };
}

describe('posting outcomes in Italian and English', () => {
  it('a validation failure, a rejection by SAP and a reference twice in the batch; the reconciliation line', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    fake.inject({ op: 'create', reference: ref(3), action: { validationError: 'Tax code V2 is not permitted for supplier 17300003', code: 'FS/217' } });
    const invoices = [makeInvoice(1), { ...makeInvoice(2), partnerId: 'UNKNOWN' }, makeInvoice(3), { ...makeInvoice(1), invoiceNumber: 'CM202611-99999', reference: ref(1) }];
    const report = await poster(fake, 5).postAll(invoices);

    const invalid = failed(report, 1);
    expect(invalid.message).toBe('CM202611-00002: partnerId: partner "UNKNOWN" has no SAP supplier in config.suppliers');
    expect(invalid.messages.it).toBe('CM202611-00002: partnerId: il partner "UNKNOWN" non ha un fornitore SAP in config.suppliers');
    expect(invalid.issues?.[0]?.messages).toEqual({
      en: 'partner "UNKNOWN" has no SAP supplier in config.suppliers',
      it: 'il partner "UNKNOWN" non ha un fornitore SAP in config.suppliers',
    });

    // SAP's code and message stay as SAP gave them
    const rejected = failed(report, 2);
    expect(rejected.message).toBe('CM202611-00003: SAP rejected the invoice: FS/217: Tax code V2 is not permitted for supplier 17300003');
    expect(rejected.messages.it).toBe('CM202611-00003: SAP ha rifiutato la fattura: FS/217: Tax code V2 is not permitted for supplier 17300003');

    const twice = failed(report, 3);
    expect(twice.message).toBe('CM202611-99999: same SAP reference CM202611-00001 as invoice CM202611-00001 in this batch');
    expect(twice.messages.it).toBe('CM202611-99999: stesso riferimento SAP CM202611-00001 della fattura CM202611-00001 in questo lotto');

    expect(formatReconciliation(report)).toBe('invoices 4 = posted 1 + already present 0 + failed 3');
    expect(formatReconciliation(report, 'it')).toBe('fatture 4 = registrate 1 + già presenti 0 + non riuscite 3');
  });

  it('a CSRF token refused twice stops the batch: the refusal, then each invoice not attempted', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    fake.inject({ op: 'create', action: 'csrf-expired', times: 2 });
    const report = await poster(fake, 5).postAll([makeInvoice(1), makeInvoice(2)]);

    const auth = failed(report, 0);
    expect(auth.reason).toBe('auth');
    expect(auth.message).toBe('invoice CM202611-00001: create: SAP refused the CSRF token twice (check session affinity and the communication user)');
    expect(auth.messages.it).toBe(
      "fattura CM202611-00001: registrazione: SAP ha rifiutato due volte il token CSRF (controlla l'affinità di sessione e l'utente di comunicazione)",
    );
    const notAttempted = failed(report, 1);
    expect(notAttempted.reason).toBe('not-attempted');
    expect(notAttempted.message).toBe(`not attempted: ${auth.message}`);
    expect(notAttempted.messages.it).toBe(`non inviata: ${auth.messages.it}`);
  });

  it('a write whose answer is never readable: not posted after every attempt, the proxy page quoted as it came', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    fake.inject({ op: 'create', action: 'status-503-html', times: 5 });
    const report = await poster(fake, 5, { maxAttempts: 2 }).postAll([makeInvoice(1)]);

    const unknown = failed(report, 0);
    const page = '<html><body><h1>503 Service Unavailable</h1></body></html>';
    expect(unknown.message).toBe(
      `CM202611-00001: not posted after 2 attempts (last: invoice CM202611-00001: create: SAP 503: ${page}); SAP has no invoice with reference CM202611-00001; re-run to retry`,
    );
    expect(unknown.messages.it).toBe(
      `CM202611-00001: non registrata dopo 2 tentativi (ultimo: fattura CM202611-00001: registrazione: SAP 503: ${page}); SAP non ha alcuna fattura con riferimento CM202611-00001; rilancia per riprovare`,
    );
    expect(fake.invoices).toHaveLength(0);
  });
});

describe('errors in Italian and English', () => {
  it('the connection check: a wrong password (SAP logon page quoted) and a wrong service path', async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const config = makeConfig(fake.url, 1);
    const wrongPassword = new SupplierInvoicePoster(config, { type: 'basic', username: 'INTEGRATION', password: 'nope-nope' }, { log: new MemoryPostingLog() });
    const password = await refused(wrongPassword.checkConnection(), SapAuthError);
    expect(password.en).toBe('connection check: CSRF token: SAP answered 401 Unauthorized (Logon failed); check the communication user or client credentials');
    expect(password.it).toBe(
      "verifica della connessione: token CSRF: SAP ha risposto 401 Unauthorized (Logon failed); controlla l'utente di comunicazione o le credenziali client",
    );

    const servicePath = '/sap/opu/odata/sap/API_SUPPLIERINVOICE_SRV';
    const wrongPath = { ...config, connection: { ...config.connection, servicePath } };
    const path = await refused(new SupplierInvoicePoster(wrongPath, resolveAuth(config.connection.auth), { log: new MemoryPostingLog() }).checkConnection(), SapProtocolError);
    expect(path.en).toBe(`connection check: SAP returned no CSRF token on ${servicePath}/`);
    expect(path.it).toBe(`verifica della connessione: SAP non ha restituito alcun token CSRF su ${servicePath}/`);
  });

  it('an OAuth client secret SAP refuses', async () => {
    fake = await FakeS4Hana.start({ oauth: { clientId: 'provvigo', clientSecret: 'cl!ent-secret' } });
    const input = configInput(fake.url);
    input.connection.auth = { type: 'oauth2-client-credentials', tokenUrl: `${fake.url}/sap/bc/sec/oauth2/token`, clientId: 'provvigo', clientSecret: 'wrong-secret' };
    const config = parseSapConfig(input);
    const p = new SupplierInvoicePoster(config, resolveAuth(config.connection.auth), { log: new MemoryPostingLog() });
    const m = await refused(p.checkConnection(), SapAuthError);
    expect(m.en).toBe('OAuth token request refused (401); check clientId and client secret');
    expect(m.it).toBe('richiesta del token OAuth rifiutata (401); controlla clientId e il client secret');
  });

  it("a SOAP fault of the journal-entry service: our words translated, SAP's fault as it came", async () => {
    fake = await FakeS4Hana.start({ password: PASSWORD });
    const config = makeConfig(fake.url, 5);
    const lines = [
      { partnerId: 'P00001', amount: '1200.50' },
      { partnerId: 'P00002', amount: '-80.00' },
    ];
    const docs = buildAccrualJournalEntries({ accrualId: 'ACC-2026-11', periodId: '2026-11', postingDate: '2026-11-30', currency: 'EUR', lines }, config);
    // the first partner's expense left out: the service refuses the entry as unbalanced
    const broken = [{ ...docs[0]!, items: docs[0]!.items.slice(1) }];
    const m = await refused(new JournalEntryClient(config, resolveAuth(config.connection.auth)).send(broken), SapRemoteError);
    expect(m.en).toBe('accruals ACC-2026-11: SAP 500 SOAP_FAULT: JournalEntry[0] is not balanced (-1200.5)');
    expect(m.it).toBe('ratei ACC-2026-11: SAP 500 SOAP_FAULT: JournalEntry[0] is not balanced (-1200.5)');
  });

  it('a configuration that cannot be used: invalid fields, a missing secret, no journal-entry path', async () => {
    const bad = { ...configInput('not a url'), posting: { companyCode: 'IT001' }, glAccounts: { default: '0061010000-EXTRA' }, taxCodes: [] };
    const invalid = await refused(() => parseSapConfig(bad, 'sap.json'), SapConfigError);
    expect(invalid.en).toBe(
      [
        'sap.json is invalid:',
        '  connection.baseUrl: Invalid URL',
        '  posting.companyCode: a company code has exactly 4 characters',
        '  glAccounts.default: a G/L account has at most 10 characters in SAP',
        '  taxCodes: configure at least one tax code rule',
      ].join('\n'),
    );
    expect(invalid.it).toBe(
      [
        'sap.json non è una configurazione SAP valida:',
        '  connection.baseUrl: URL non valido',
        '  posting.companyCode: il codice società ha esattamente 4 caratteri',
        '  glAccounts.default: un conto Co.Ge. ha al massimo 10 caratteri in SAP',
        '  taxCodes: configura almeno una regola per i codici IVA',
      ].join('\n'),
    );

    const unset = { type: 'basic' as const, username: 'INTEGRATION', passwordEnv: 'SAP_UNSET_PASSWORD' };
    const secret = await refused(() => resolveAuth(unset, {}), SapConfigError);
    expect(secret.en).toBe('connection.auth.passwordEnv: environment variable SAP_UNSET_PASSWORD is not set');
    expect(secret.it).toBe("connection.auth.passwordEnv: la variabile d'ambiente SAP_UNSET_PASSWORD non è impostata");

    const config = makeConfig('http://127.0.0.1:1', 1);
    const noPath = { ...config, connection: { ...config.connection, journalEntryPath: undefined } };
    const client = await refused(() => new JournalEntryClient(noPath, resolveAuth(config.connection.auth)), SapConfigError);
    expect(client.en).toBe(
      'connection.journalEntryPath is not set: copy the URL path of "Journal Entry - Post (Asynchronous)" from the communication arrangement (SAP_COM_0002)',
    );
    expect(client.it).toBe(
      'connection.journalEntryPath non è impostato: copia il percorso URL di "Journal Entry - Post (Asynchronous)" dall\'accordo di comunicazione (SAP_COM_0002)',
    );
  });
});

describe('validation issues in Italian and English', () => {
  const config = makeConfig('http://127.0.0.1:1', 5);

  it('an invoice whose IVA and withholding cannot be posted: every issue, and the core issues the studio lists', async () => {
    const invoice = { ...makeInvoice(1), vat: [], withholdings: [{ type: 'inps', base: '100.00', amount: '4.00' }] };
    const m = await refused(() => mapSupplierInvoice(invoice, config), ValidationError);
    // makeInvoice(1): commission 179.19 + bonus 47.29 at 22 %
    const lines = '226.48';
    expect(m.en).toBe(
      `CM202611-00001: vat: no IVA summary for rate 22% (the lines at that rate total ${lines}); ` +
        'CM202611-00001: withholdings[0].type: no SAP withholding tax type for "inps" (withholding)',
    );
    expect(m.it).toBe(
      `CM202611-00001: vat: nessun riepilogo IVA per l'aliquota 22% (le righe a quell'aliquota sommano ${lines}); ` +
        'CM202611-00001: withholdings[0].type: nessun tipo ritenuta SAP per "inps" (withholding)',
    );
    const mapped = tryMapSupplierInvoice(invoice, config);
    expect(mapped.ok ? [] : toCoreIssues(mapped.issues).map((i) => i.messages.it)).toEqual([
      `nessun riepilogo IVA per l'aliquota 22% (le righe a quell'aliquota sommano ${lines})`,
      'nessun tipo ritenuta SAP per "inps" (withholding)',
    ]);
  });

  it("an invoice of the wrong shape: the schema's own messages and zod's", () => {
    const mapped = tryMapSupplierInvoice({ ...makeInvoice(1), currency: 'euro', postingDate: '2026-02-30', lines: 'none' }, config);
    expect(mapped.ok ? [] : mapped.issues.map((i) => [i.field, i.message, i.messages.it])).toEqual([
      ['postingDate', 'is not a real calendar date', 'non è una data del calendario'],
      ['currency', 'must be an ISO 4217 code such as "EUR"', 'deve essere un codice ISO 4217, ad es. "EUR"'],
      ['lines', 'Invalid input: expected array, received string', 'valore non valido: serve un elenco, trovato un testo'],
    ]);
  });

  it('accruals from ledger rows that cannot make one set', async () => {
    const rows = [
      { period: '2026-02', partnerId: 'A', currency: 'EUR', payable: '100.00', paid: '0.00' },
      { period: '2026-02', partnerId: 'B', currency: 'CHF', payable: '50.00', paid: '0.00' },
    ];
    const several = await refused(() => accrualSetFromRows(rows, { periodId: '2026-02' }), ValidationError);
    expect(several.en).toBe('2026-02: currency: accrual rows in several currencies (EUR, CHF): one set per currency');
    expect(several.it).toBe('2026-02: currency: righe di rateo in più valute (EUR, CHF): serve un insieme di ratei per valuta');
    const none = await refused(() => accrualSetFromRows(rows, { periodId: '2026-05' }), ValidationError);
    expect(none.en).toBe('2026-05: rows: no accrual rows for period 2026-05');
    expect(none.it).toBe('2026-05: rows: nessuna riga di rateo per il periodo 2026-05');
  });

  it("every plain message of the adapter's schemas has its Italian", () => {
    const files = ['config.ts', 'invoice.ts', 'supplierInvoicePayload.ts'];
    const schemas = files.map((f) => readFileSync(fileURLToPath(new URL(`../src/${f}`, import.meta.url)), 'utf8')).join('\n');
    const given = /(?:message:\s*|\.(?:regex|min|max|length|refine)\([^'"\n]*?,\s*(?:\{\s*message:\s*)?)(['"])((?:(?!\1).)+)\1/g;
    const texts = [...schemas.matchAll(given)].map((m) => m[2]!);
    expect(texts.length).toBeGreaterThanOrEqual(18);
    for (const en of texts) expect(schemaMessageInItalian(en), en).not.toBe(en);
    // and the messages built from a number or a name
    expect(schemaMessageInItalian('has at most 16 characters in SAP')).toBe('ha al massimo 16 caratteri in SAP');
    expect(schemaMessageInItalian('a cost centre holds only letters, digits, _ and -')).toBe('un centro di costo contiene solo lettere, cifre, _ e -');
  });
});
