import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { computeFiscalOrThrow, type Issue } from '@provvigo/core';
import { itPack } from '@provvigo/fiscal-it';
import {
  DeliveryLogError,
  DeliveryRecordSchema,
  DocumentError,
  JsonlDeliveryLog,
  buildInvoiceDocument,
  buildInvoiceDocumentOrThrow,
  renderFatturaPA,
  type BuildInvoiceInput,
  type DeliveryRecord,
} from '../src/index.js';
import { textCallsUnder } from '../../../tests/bilingualCalls.js';
import { thrownError } from '../../../tests/thrownError.js';
import { fiscalFor, partner, period, principal, statement } from './helpers.js';

/**
 * Everything a user reads is in the user's language: the refusals of the documents package carry `messages` in
 * Italian and English beside their English `message` (unchanged, as tests and logs read it), and the delivery log's
 * `reasons` both languages of its `reason`. Each refusal below is driven through the package's public functions.
 */

const st = statement('P1', [['activation', 'Attivazioni', '100.00']]);
const input = (over: Partial<BuildInvoiceInput> = {}): BuildInvoiceInput => ({
  principal,
  partner: partner('P1'),
  period,
  statement: st,
  fiscal: fiscalFor('simple', st.total),
  number: 'X1',
  date: '2026-04-10',
  transmissionId: '00001',
  ...over,
});

/** [message, messages.it] of the DocumentError `run` throws. */
function texts(run: () => unknown): [string, string | undefined] {
  const e = thrownError(run);
  expect(e).toBeInstanceOf(DocumentError);
  expect(e.messages?.en).toBe(e.message);
  return [e.message, e.messages?.it];
}

describe('DocumentError in Italian and English', () => {
  const billing = partner('P1').billing!;

  it('a partner without billing data, or without an IBAN', () => {
    expect(texts(() => buildInvoiceDocumentOrThrow(input({ partner: partner('P1', { billing: undefined }) })))).toEqual([
      'partner P1, period 2026-03: the partner has no billing data',
      'partner P1, periodo 2026-03: il partner non ha dati di fatturazione',
    ]);
    const { iban: _iban, ...withoutIban } = billing;
    expect(texts(() => buildInvoiceDocumentOrThrow(input({ partner: partner('P1', { billing: withoutIban }) })))).toEqual([
      'partner P1, period 2026-03: no IBAN (partner.billing.iban or payment.iban)',
      "partner P1, periodo 2026-03: manca l'IBAN (partner.billing.iban o payment.iban)",
    ]);
  });

  it('a wrong partita IVA, thrown and as the result contract’s issue', () => {
    const bad = input({ principal: { ...principal, vatId: 'IT01234567890' } });
    const en = 'partner P1, period 2026-03: principal.vatId: "IT01234567890" fails the partita IVA check digit';
    const it = 'partner P1, periodo 2026-03: principal.vatId: "IT01234567890" ha la cifra di controllo della partita IVA errata';
    expect(texts(() => buildInvoiceDocumentOrThrow(bad))).toEqual([en, it]);
    const result = buildInvoiceDocument(bad);
    expect(result.ok).toBe(false);
    expect((result.issues[0] as Issue).messages).toEqual({ en, it });
    expect(result.issues[0]!.message).toBe(en);
  });

  it('a principal or billing data the schema refuses: zod’s words and the schema’s own sentences in Italian too', () => {
    const { legalName: _name, ...nameless } = principal;
    expect(texts(() => buildInvoiceDocumentOrThrow(input({ principal: nameless as never })))).toEqual([
      'partner P1, period 2026-03: principal: legalName: Invalid input: expected string, received undefined',
      'partner P1, periodo 2026-03: committente: legalName: valore mancante: serve un testo',
    ]);
    expect(texts(() => buildInvoiceDocumentOrThrow(input({ payment: { iban: 'IT60-X054-2811-1010-0000-0123-456' } })))).toEqual([
      'partner P1, period 2026-03: payment.iban: must be an IBAN without spaces',
      'partner P1, periodo 2026-03: payment.iban: deve essere un IBAN senza spazi',
    ]);
  });

  it('a VAT amount that is not the rate of the taxable', () => {
    const wrongVat = input({ fiscal: { ...fiscalFor('simple', st.total), vatAmount: '23.00' } });
    expect(texts(() => buildInvoiceDocumentOrThrow(wrongVat))).toEqual([
      'partner P1, period 2026-03: VAT 23.00 is not 22% of the taxable 100.00 (22.00)',
      "partner P1, periodo 2026-03: l'IVA 23.00 non è 22% dell'imponibile 100.00 (22.00)",
    ]);
  });

  it('the FatturaPA of a pro-forma, of a partner without VAT id, of an address without street, CAP and city', () => {
    expect(texts(() => renderFatturaPA(buildInvoiceDocumentOrThrow(input({ kind: 'proforma', number: 'PF1' }))))).toEqual([
      'pro-forma PF1 (partner P1) is not a fiscal document: the FatturaPA is issued at payment (provvigo invoices issue)',
      'la pro forma PF1 (partner P1) non è un documento fiscale: la FatturaPA si emette al pagamento (provvigo invoices issue)',
    ]);
    const { vatId: _vatId, ...withoutVatId } = billing;
    expect(texts(() => renderFatturaPA(buildInvoiceDocumentOrThrow(input({ partner: partner('P1', { billing: withoutVatId }) }))))).toEqual([
      'invoice X1 (partner P1): the partner has no VAT id (partner.billing.vatId), required for CedentePrestatore',
      'fattura X1 (partner P1): il partner non ha la partita IVA (partner.billing.vatId), obbligatoria per CedentePrestatore',
    ]);
    const noStreet = { ...billing, address: { country: 'IT' } };
    expect(texts(() => renderFatturaPA(buildInvoiceDocumentOrThrow(input({ partner: partner('P1', { billing: noStreet }) }))))).toEqual([
      'invoice X1 (partner P1): partner.billing.address: street, zip and city are required for FatturaPA',
      'fattura X1 (partner P1): partner.billing.address: via, CAP e città sono obbligatori per la FatturaPA',
    ]);
  });

  it('a fiscal result with errors lists its issues in Italian when they carry it', () => {
    const agent = { ...partner('P1'), fiscalProfile: 'it:agent-individual-mono' as const };
    const fiscal = computeFiscalOrThrow([itPack], { partner: agent, period, currency: 'EUR', lines: [{ component: 'activation', amount: st.total }] });
    const issues: Issue[] = [
      { code: 'missing_input', severity: 'error', message: 'the Enasarco cap is missing', messages: { en: 'the Enasarco cap is missing', it: 'manca il massimale Enasarco' }, path: [] },
      { code: 'invalid_input', severity: 'error', message: 'no Italian here', path: [] },
    ];
    expect(texts(() => buildInvoiceDocumentOrThrow(input({ partner: agent, fiscal: { ...fiscal, issues } })))).toEqual([
      'partner P1, period 2026-03: fiscal result has errors: the Enasarco cap is missing; no Italian here',
      'partner P1, periodo 2026-03: il risultato fiscale contiene errori: manca il massimale Enasarco; no Italian here',
    ]);
  });
});

describe('DeliveryLogError in Italian and English', () => {
  const record: DeliveryRecord = {
    key: `P1|2026-10|${'a'.repeat(64)}`,
    partnerId: 'P1',
    period: '2026-10',
    documentHash: 'a'.repeat(64),
    invoiceNumber: 'PV-2026/P1',
    recipient: 'p1@partners.example',
    status: 'sent',
    messageId: '<P1@smtp.example>',
    response: '250 OK',
    attempt: 1,
    at: '2026-11-05T09:00:00.000Z',
  };

  async function refusal(text: string): Promise<DeliveryLogError> {
    const file = join(await mkdtemp(join(tmpdir(), 'provvigo-log-it-')), 'deliveries.jsonl');
    await writeFile(file, text);
    const error = await new JsonlDeliveryLog(file).list().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryLogError);
    return error as DeliveryLogError;
  }

  it('a record with a field of the wrong type: place and reason in both languages, the reason worded in Italian too', async () => {
    const mistyped = { ...record, attempt: '1' };
    const zod = DeliveryRecordSchema.safeParse(mistyped).error!.issues[0]!.message;
    const e = await refusal(`${JSON.stringify(record)}\n${JSON.stringify(mistyped)}\n`);
    expect(e.reason).toBe(`not a delivery record: ${zod}`);
    const it = 'non è un record di invio: valore non valido: serve un numero, trovato un testo';
    expect(e.reasons).toEqual({ en: e.reason, it });
    expect(e.message).toBe(`${e.file}, line 2, field attempt: not a delivery record: ${zod}`);
    expect(e.messages).toEqual({ en: e.message, it: `${e.file}, riga 2, campo attempt: ${it}` });
  });

  it('a line that is not JSON, and a folder', async () => {
    const e = await refusal(`${JSON.stringify(record)}\n\nnot json\n`);
    expect(e.messages.it).toBe(`${e.file}, riga 3: ${e.reasons.it}`);
    expect(e.reasons.it).toMatch(/^JSON non valido: /);
    const folder = await mkdtemp(join(tmpdir(), 'provvigo-log-it-'));
    const f = await new JsonlDeliveryLog(folder).list().catch((err: DeliveryLogError) => err);
    expect(f).toMatchObject({ message: `${folder}: this is a folder, not a file`, messages: { it: `${folder}: questa è una cartella, non un file` } });
  });
});

describe('no refusal of the documents package is English only (source scan)', () => {
  it('every DocumentError and DeliveryLogError in src gives its text as { en, it }', () => {
    // the text is DocumentError's first argument, DeliveryLogError's second (after the file)
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const found = textCallsUnder(root, ['src'], new Map([['DocumentError', 0], ['DeliveryLogError', 1]]));
    // the scan sees the package's refusals (25 when written), so an empty pass cannot hide a broken scan
    expect(found.length).toBeGreaterThanOrEqual(25);
    expect(found.filter((r) => !r.both).map((r) => r.at)).toEqual([]);
  });
});
