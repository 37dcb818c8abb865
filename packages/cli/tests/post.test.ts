import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeS4Hana } from '@provvigo/adapter-sap/testing';
import { SAP_MIGRATIONS, SqlPostingLock } from '@provvigo/adapter-sap';
import { Store, migrate, openDatabase, openPeriod } from '@provvigo/store';
import { postSapCommand } from '../src/commands/post.js';
import { CliError } from '../src/io/errors.js';

let dir: string;
let fake: FakeS4Hana;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) }, out, err };
}

const invoice = (i: number) => {
  const ref = `CM202611-${String(i).padStart(4, '0')}`;
  return {
    invoiceNumber: ref,
    periodId: '2026-11',
    partnerId: `P${i}`,
    documentDate: '2026-11-30',
    postingDate: '2026-11-30',
    currency: 'EUR',
    lines: [{ component: 'commission', amount: `${100 + i}.00`, vatRate: '22' }],
    vat: [{ rate: '22', taxable: `${100 + i}.00`, amount: (((100 + i) * 22) / 100).toFixed(2) }],
    withholdings: [{ type: 'ritenuta', base: `${(100 + i) / 2}`, amount: '1.00' }],
  };
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-post-'));
  fake = await FakeS4Hana.start({ password: 'cli-Pa55' });
  const config = {
    connection: { baseUrl: fake.url, journalEntryPath: '/sap/bc/srt/scs_ext/sap/journalentrybulkcreationreques', auth: { type: 'basic', username: 'INTEGRATION', passwordEnv: 'SAP_TEST_PASSWORD' }, retryBaseDelayMs: 0, timeoutMs: 30000 },
    posting: { companyCode: 'IT01' },
    suppliers: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`P${i}`, String(17300000 + i)])),
    glAccounts: { default: '0061010000' },
    taxCodes: [{ rate: '22', taxCode: 'V2' }],
    withholding: { ritenuta: { withholdingTaxType: 'RA', withholdingTaxCode: 'R2' } },
    accruals: { accruedLiabilityGlAccount: '0021900000' },
  };
  await writeFile(join(dir, 'sap.json'), JSON.stringify(config));
  await writeFile(join(dir, 'invoices.json'), JSON.stringify({ invoices: Array.from({ length: 20 }, (_, i) => invoice(i)) }));
  await writeFile(
    join(dir, 'accruals.json'),
    JSON.stringify({ accrualId: 'ACC-2026-11', periodId: '2026-11', postingDate: '2026-11-30', currency: 'EUR', lines: [{ partnerId: 'P1', amount: '10.00' }] }),
  );
});

afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe('provvigo post sap', () => {
  it('posts exactly once, reports SAP failures and the reconciliation line; a re-run posts only what is missing; --status shows the log', async () => {
    fake.inject({ op: 'create', reference: 'CM202611-0007', action: { validationError: 'Supplier 17300007 is blocked for posting', code: 'M8/152' }, times: 1 });
    fake.inject({ op: 'create', reference: 'CM202611-0003', action: 'timeout-after-commit' });
    const env = { SAP_TEST_PASSWORD: 'cli-Pa55' };
    const opts = { period: '2026-11', config: join(dir, 'sap.json'), invoices: join(dir, 'invoices.json'), db: join(dir, 'db') };
    const first = capture();
    const code = await postSapCommand(opts, first.io, { env, fetch: fake.fetch });
    expect(first.out.join('')).toContain('period 2026-11: invoices 20 = posted 19 + already present 0 + failed 1\n');
    expect(first.err.join('')).toContain('failed  CM202611-0007  partner P7: CM202611-0007: SAP rejected the invoice: M8/152: Supplier 17300007 is blocked for posting');
    expect(code).toBe(1);
    expect(first.err.join('') + first.out.join('')).not.toContain('cli-Pa55');

    const second = capture();
    expect(await postSapCommand(opts, second.io, { env })).toBe(0);
    expect(second.out.join('')).toContain('invoices 20 = posted 1 + already present 19 + failed 0');
    expect(fake.invoices).toHaveLength(20);
    expect([...fake.countByReference().values()].every((n) => n === 1)).toBe(true);

    const status = capture();
    expect(await postSapCommand({ ...opts, invoices: undefined, status: true }, status.io, { env })).toBe(0);
    expect(status.out.at(-1)).toBe('period 2026-11: 20 invoice(s): posted 20, pending 0, unknown 0, failed 0\n');
  }, 180_000);

  it('writes accruals as a flat file, or sends them as a journal entry once', async () => {
    const csv = join(dir, 'accruals.csv');
    const c = capture();
    const opts = { period: '2026-11', config: join(dir, 'sap.json'), accruals: join(dir, 'accruals.json') };
    expect(await postSapCommand({ ...opts, accrualsCsv: csv }, c.io)).toBe(0);
    expect((await readFile(csv, 'utf8')).split('\r\n')[1]).toBe('ACC-2026-11;accrual;ACC-2026-11;IT01;2026-11-30;2026-11-30;P1;17300001;;0061010000;;S;10.00;EUR;Rateo 2026-11 P1');
    const s = capture();
    const sendOpts = { ...opts, db: join(dir, 'db') };
    expect(await postSapCommand(sendOpts, s.io, { env: { SAP_TEST_PASSWORD: 'cli-Pa55' } })).toBe(0);
    const messageId = /^accruals: message ([0-9a-f-]{36}): /.exec(s.out.join(''))?.[1];
    expect(s.out.join('')).toBe(`accruals: message ${messageId}: 1 journal entry (ACC-2026-11) accepted by SAP; results in the SAP Message Dashboard\n`);
    const again = capture();
    expect(await postSapCommand(sendOpts, again.io, { env: { SAP_TEST_PASSWORD: 'cli-Pa55' } })).toBe(0);
    expect(again.out.join('')).toBe(`accruals: message ${messageId}: 1 journal entry (ACC-2026-11) already accepted by SAP, not sent again (--resend ACC-2026-11 to send again)\n`);
    expect(fake.journalEntries.map((j) => j.originalReferenceDocument)).toEqual(['ACC-2026-11']);
  });

  it('reads the ledger accrual rows of `provvigo accruals --format json`', async () => {
    await writeFile(join(dir, 'ledger-accruals.json'), JSON.stringify({ columns: [], rows: [
      { period: '2026-11', partnerId: 'P1', currency: 'EUR', payable: '120.00', paid: '20.00' },
      { period: '2026-10', partnerId: 'P2', currency: 'EUR', payable: '99.00', paid: '0.00' },
    ] }));
    const csv = join(dir, 'ledger-accruals.csv');
    const c = capture();
    expect(await postSapCommand({ period: '2026-11', config: join(dir, 'sap.json'), accruals: join(dir, 'ledger-accruals.json'), accrualsCsv: csv, reverseAccruals: true }, c.io)).toBe(0);
    const lines = (await readFile(csv, 'utf8')).trimEnd().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(';').slice(1, 6).concat(l.split(';').slice(11, 13)).join(' '))).toEqual([
      'accrual ACC-2026-11 IT01 2026-11-30 2026-11-30 S 100.00',
      'accrual ACC-2026-11 IT01 2026-11-30 2026-11-30 H -100.00',
      'reversal ACC-2026-11R IT01 2026-12-01 2026-12-01 H -100.00',
      'reversal ACC-2026-11R IT01 2026-12-01 2026-12-01 S 100.00',
    ]);
  });

  it('writes the invoices as a flat file instead of posting them', async () => {
    const out = join(dir, 'invoices.csv');
    const c = capture();
    expect(await postSapCommand({ period: '2026-11', config: join(dir, 'sap.json'), invoices: join(dir, 'invoices.json'), invoicesCsv: out }, c.io)).toBe(0);
    expect(c.out.join('')).toBe(`period 2026-11: invoices 20 = written 20 + failed 0 (flat file ${out})\n`);
    expect((await readFile(out, 'utf8')).trimEnd().split('\r\n')).toHaveLength(21);
  });

  it('--check tests the connection without posting', async () => {
    const c = capture();
    expect(await postSapCommand({ period: '2026-11', config: join(dir, 'sap.json'), check: true }, c.io, { env: { SAP_TEST_PASSWORD: 'cli-Pa55' } })).toBe(0);
    expect(c.out.join('')).toBe(`SAP connection ok: ${fake.url}/sap/opu/odata/sap/API_SUPPLIERINVOICE_PROCESS_SRV (CSRF token, reference lookup)\n`);
    await expect(postSapCommand({ period: '2026-11', config: join(dir, 'sap.json'), check: true }, c.io, { env: { SAP_TEST_PASSWORD: 'wrong' } })).rejects.toThrow(/connection check failed: .*401/);
  });

  it('an invalid config or a missing secret is a usage error naming the file and field', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ connection: { baseUrl: 'x' } }));
    const c = capture();
    await expect(postSapCommand({ period: '2026-11', config: join(dir, 'bad.json'), invoices: join(dir, 'invoices.json') }, c.io)).rejects.toThrow(CliError);
    await expect(postSapCommand({ period: '2026-11', config: join(dir, 'bad.json'), invoices: join(dir, 'invoices.json') }, c.io)).rejects.toThrow(/connection.baseUrl/);
    await expect(postSapCommand({ period: '2026-11', config: join(dir, 'sap.json'), invoices: join(dir, 'invoices.json') }, c.io, { env: {} })).rejects.toThrow(/SAP_TEST_PASSWORD is not set/);
  });

  it('reads the invoices index with fiscal results and maps suppliers from partner master data (dry run)', async () => {
    const fiscal = {
      partnerId: 'AG-1',
      period: '2026-11',
      currency: 'EUR',
      items: [{ code: 'RITENUTA', base: '500.00', ratePercent: '23', amount: '57.50', effect: 'withheld', codes: { tipoRitenuta: 'RT01' } }],
      invoiceLines: [{ component: 'commission', amount: '500.00', vatRatePercent: '22', kind: 'fee' }],
      totals: { documentTotal: '610.00', vatSummary: [{ vatRatePercent: '22', taxable: '500.00', vat: '110.00' }] },
    };
    await writeFile(join(dir, 'index.json'), JSON.stringify({ date: '2026-11-30', invoices: [{ partnerId: 'AG-1', number: 'AF202611-0001', fiscal }, { partnerId: 'AG-2', number: 'AF202611-0002', fiscal: { ...fiscal, partnerId: 'AG-2' } }] }));
    await writeFile(join(dir, 'partners.json'), JSON.stringify([{ id: 'AG-1', attributes: { sapSupplier: '17309999' } }, { id: 'AG-2', attributes: { sapSupplier: 'bad id!' } }]));
    const c = capture();
    const code = await postSapCommand({ period: '2026-11', config: join(dir, 'sap.json'), invoices: join(dir, 'index.json'), partners: join(dir, 'partners.json'), dryRun: true }, c.io);
    expect(c.out.join('')).toBe('period 2026-11: dry run: 1 of 2 invoice(s) valid, nothing sent\n');
    expect(c.err.join('')).toContain('partner AG-2: attributes.sapSupplier "bad id!" is not an SAP supplier id');
    expect(c.err.join('')).toContain('invalid AF202611-0002: partnerId: partner "AG-2" has no SAP supplier');
    expect(code).toBe(1);
  });

  it('holds back invoices of a run the store has not approved', async () => {
    const dbDir = join(dir, 'db-runs');
    const store = await Store.open(await openDatabase(dbDir));
    await openPeriod(store, { period: { id: '2026-10', start: '2026-10-01', end: '2026-10-31' }, actor: { id: 'calc', roles: ['calculator'] }, at: '2026-11-01T09:00:00Z' });
    await store.close();
    const draft = { ...invoice(1), invoiceNumber: 'CM202610-0001', periodId: '2026-10', runId: '2026-10-r1', postingDate: '2026-10-31', documentDate: '2026-10-31' };
    const unknownRun = { ...invoice(2), invoiceNumber: 'CM202610-0002', periodId: '2026-10', runId: 'elsewhere-1', postingDate: '2026-10-31', documentDate: '2026-10-31' };
    await writeFile(join(dir, 'october.json'), JSON.stringify([draft, unknownRun]));
    const c = capture();
    const code = await postSapCommand({ period: '2026-10', config: join(dir, 'sap.json'), invoices: join(dir, 'october.json'), db: dbDir }, c.io, { env: { SAP_TEST_PASSWORD: 'cli-Pa55' }, fetch: fake.fetch });
    expect(c.out.join('')).toBe('period 2026-10: invoices 2 = posted 1 + already present 0 + failed 1\n');
    expect(c.err.join('')).toContain('failed  CM202610-0001  partner P1: run 2026-10-r1 is draft, not approved: not posted');
    expect(c.err.join('')).toContain('run elsewhere-1 is not in the store');
    expect(code).toBe(1);
    expect(fake.invoices.some((i) => i.SupplierInvoiceIDByInvcgParty === 'CM202610-0001')).toBe(false);
  }, 180_000);

  it('refuses to run while another run holds the period; --unlock clears a dead run\'s lock', async () => {
    const dbDir = join(dir, 'db-lock');
    const db = await openDatabase(dbDir);
    await migrate(db, SAP_MIGRATIONS);
    await new SqlPostingLock(db).acquire('sap:2026-11', 'ghost:1', new Date('2026-11-30T08:00:00Z'));
    await db.close();
    const opts = { period: '2026-11', config: join(dir, 'sap.json'), invoices: join(dir, 'invoices.json'), db: dbDir };
    const env = { SAP_TEST_PASSWORD: 'cli-Pa55' };
    await expect(postSapCommand(opts, capture().io, { env, fetch: fake.fetch })).rejects.toThrow(/holds period 2026-11 since 2026-11-30T08:00:00.000Z \(ghost:1\)/);
    const c = capture();
    expect(await postSapCommand({ ...opts, unlock: true }, c.io, { env, fetch: fake.fetch })).toBe(0);
    expect(c.out.join('')).toContain('invoices 20 = posted 0 + already present 20 + failed 0');
  }, 180_000);

  it('--status reads a failure back in the CLI\'s language; the failures name a missing invoice number and partner in it', async () => {
    const page = '<html><body><h1>503 Service Unavailable</h1></body></html>';
    const blocked = { ...invoice(1), invoiceNumber: 'IT202609-0001', periodId: '2026-09' };
    const unanswered = { ...invoice(2), invoiceNumber: 'IT202609-0002', periodId: '2026-09' };
    const { invoiceNumber: _n, partnerId: _p, ...nameless } = { ...invoice(3), periodId: '2026-09' };
    await writeFile(join(dir, 'september.json'), JSON.stringify([blocked, unanswered, nameless]));
    fake.inject({ op: 'create', reference: 'IT202609-0001', action: { validationError: 'Supplier 17300001 is blocked for posting', code: 'M8/152' } });
    fake.inject({ op: 'create', reference: 'IT202609-0002', action: 'status-503-html', times: 3 });
    const env = { SAP_TEST_PASSWORD: 'cli-Pa55' };
    const opts = { period: '2026-09', config: join(dir, 'sap.json'), invoices: join(dir, 'september.json'), db: join(dir, 'db-it') };
    vi.stubEnv('PROVVIGO_LOCALE', 'it');
    try {
      const posting = capture();
      expect(await postSapCommand(opts, posting.io, { env, fetch: fake.fetch })).toBe(1);
      expect(posting.out.join('')).toBe('periodo 2026-09: fatture 3 = registrate 0 + già presenti 0 + non riuscite 3\n');
      expect(posting.err.join('')).toContain('  non riuscita  (senza numero di fattura)  partner (senza partner): ');

      const status = capture();
      expect(await postSapCommand({ ...opts, invoices: undefined, status: true }, status.io, { env })).toBe(1);
      const lines = status.out.join('').split('\n');
      // SAP's code and message are SAP's words in either language; our own reason is read back in Italian
      expect(lines.find((l) => l.includes('IT202609-0001'))).toMatch(/^non riuscita IT202609-0001 .* {2}M8\/152: Supplier 17300001 is blocked for posting$/);
      // its gross amount (101.00 + 22 % VAT) as an Italian reads money
      expect(lines.find((l) => l.includes('IT202609-0001'))).toContain(' 123,22 € ');
      expect(lines.find((l) => l.includes('IT202609-0002'))).toMatch(/^non riuscita IT202609-0002 .* {2}UNKNOWN: /);
      expect(lines.find((l) => l.includes('IT202609-0002'))?.split('  UNKNOWN: ')[1]).toBe(
        `IT202609-0002: non registrata dopo 3 tentativi (ultimo: fattura IT202609-0002: registrazione: SAP 503: ${page}); SAP non ha alcuna fattura con riferimento IT202609-0002; rilancia per riprovare`,
      );
      expect(lines.at(-2)).toBe('periodo 2026-09: fatture: 2; registrate 0, in corso 0, esito sconosciuto 0, non riuscite 2');

      // the same log in English
      vi.stubEnv('PROVVIGO_LOCALE', 'en');
      const english = capture();
      expect(await postSapCommand({ ...opts, invoices: undefined, status: true }, english.io, { env })).toBe(1);
      expect(english.out.join('').split('\n').find((l) => l.includes('IT202609-0001'))).toContain(' €123.22 ');
      expect(english.out.join('').split('\n').find((l) => l.includes('IT202609-0002'))?.split('  UNKNOWN: ')[1]).toBe(
        `IT202609-0002: not posted after 3 attempts (last: invoice IT202609-0002: create: SAP 503: ${page}); SAP has no invoice with reference IT202609-0002; re-run to retry`,
      );
    } finally {
      vi.unstubAllEnvs();
    }
    expect(fake.invoices.some((i) => i.SupplierInvoiceIDByInvcgParty.startsWith('IT202609-'))).toBe(false);
  }, 180_000);
});
