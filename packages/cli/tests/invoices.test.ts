import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invoices, type InvoicesOptions } from '../src/commands/invoices.js';
import { invoicesIssue } from '../src/commands/invoicesIssue.js';
import { fiscalSettle } from '../src/commands/fiscal.js';
import { createProgram } from '../src/program.js';
// The real SMTP server child process of @provvigo/documents' tests.
import { startSmtp } from '../../documents/tests/smtp.js';
import { capture } from './helpers/capture.js';
import { monomandatario, principal } from './helpers/italianParties.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const example = join(root, 'examples/utility');
const XSD = join(root, 'packages/documents/tests/fixtures/xsd/Schema_VFPR12_v1.2.2.xsd');



let dir: string;
let partnersFile: string;
let principalFile: string;
beforeAll(async () => {
  // the partner errors of `invoices issue` are asserted in English: pinned, whatever the machine's LANG
  vi.stubEnv('PROVVIGO_LOCALE', 'en');
  dir = await mkdtemp(join(tmpdir(), 'provvigo-invoices-'));
  principalFile = join(dir, 'principal.json');
  await writeFile(principalFile, JSON.stringify(principal));
  // The sample's partners, with one bouncing mailbox for the delivery test.
  const partners = JSON.parse(await readFile(join(example, 'fixtures/small/partners.json'), 'utf8')) as Array<{ id: string; billing: { email?: string } }>;
  for (const p of partners) if (p.id === 'AGT-0002') p.billing.email = 'bounce-agt2@partners.example';
  partnersFile = join(dir, 'partners.json');
  await writeFile(partnersFile, JSON.stringify(partners));
  // `provvigo run` on the sample: its output folder is the input of `provvigo invoices --statements`.
  await createProgram().parseAsync(
    ['run', '-p', join(example, 'plans'), '-s', join(example, 'factSchema.json'), '--partners', partnersFile, '-f', join(example, 'fixtures/small/facts'), '--period', '2026-10', '-o', join(dir, 'run'), '-q'],
    { from: 'user' },
  );
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const base = (over: Partial<InvoicesOptions>): InvoicesOptions => ({
  period: '2026-10',
  partners: partnersFile,
  principal: principalFile,
  statements: join(dir, 'run'),
  out: join(dir, 'out'),
  date: '2026-11-05',
  numberPrefix: 'PV',
  paymentDays: 30,
  selfBilling: true,
  xml: true,
  ...over,
});

describe('provvigo invoices', () => {
  it('writes both PDFs and an XSD-valid FatturaPA per statement of a run folder', async () => {
    const c = capture();
    expect(await invoices(base({}), c.io)).toBe(0);
    const files = await readdir(join(dir, 'out'));
    const index = JSON.parse(await readFile(join(dir, 'out', 'invoices.json'), 'utf8')) as { invoices: Array<{ partnerId: string; files: string[]; totals: { netToPay: string } }> };
    expect(index.invoices).toHaveLength(20);
    for (const inv of index.invoices) for (const f of inv.files) expect(files).toContain(f);
    // The pro-forma is not a fiscal document: no XML until the payment.
    expect(files.filter((f) => f.endsWith('.xml'))).toEqual([]);
    expect(c.out.join('')).toMatch(/period 2026-10: 20 invoice\(s\) written/);
    // one line per invoice, its amount ending where every other one ends (amounts of different lengths line up)
    const listed = c.out.join('').split('\n').filter((l) => index.invoices.some((inv) => l.startsWith(`  ${inv.partnerId} `)));
    expect(listed).toHaveLength(20);
    expect(new Set(listed.map((l) => l.length)).size).toBe(1);
    expect(new Set(listed.map((l) => l.trimEnd().split(/\s+/).pop()!.length)).size).toBeGreaterThan(1);
    // At payment: e-invoices dated that day, SdI file names, each partner's own sequence, XSD-valid.
    const ci = capture();
    const issued = await invoicesIssue({ period: '2026-10', paidOn: '2026-11-20', partners: partnersFile, principal: principalFile, out: join(dir, 'out'), numberPrefix: 'PV' }, ci.io);
    expect(ci.err.join(''), ci.err.join('')).toBe('');
    expect(issued).toBe(0);
    // each e-invoice's total ends at the same column, before any credit note's reference
    const totals = ci.out.join('').split('\n').filter((l) => / TD0[14] /.test(l)).map((l) => l.replace(/ +→ .*$/, ''));
    expect(totals.length).toBeGreaterThanOrEqual(20);
    expect(new Set(totals.map((l) => l.length)).size).toBe(1);
    const xmls = (await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.xml'));
    expect(xmls.length).toBeGreaterThanOrEqual(20);
    for (const f of xmls) expect(f).toMatch(/^IT01234567897_[0-9A-Z]{5}\.xml$/);
    const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, ...xmls.map((f) => join(dir, 'out', f))]);
    expect(stderr.match(/validates/g)).toHaveLength(xmls.length);
    const register = JSON.parse(await readFile(join(dir, 'e-invoice-register.json'), 'utf8')) as { invoices: Array<{ number: string; date: string }> };
    expect(register.invoices.every((i) => i.date === '2026-11-20' && /^PV2026\/000[12]$/.test(i.number))).toBe(true);
    // Issuing again is a no-op.
    expect(await invoicesIssue({ period: '2026-10', paidOn: '2026-11-20', partners: partnersFile, principal: principalFile, out: join(dir, 'out'), numberPrefix: 'PV' }, capture().io)).toBe(0);
    expect((await readdir(join(dir, 'out'))).filter((f) => f.endsWith('.xml'))).toHaveLength(xmls.length);
    // The English partner gets English documents.
    expect(files).toContain('INS-0003_2026-10_proforma-invoice.pdf');
  });

  it('isolates a partner with bad data: the others are written, exit code 1', async () => {
    const partners = JSON.parse(await readFile(partnersFile, 'utf8')) as Array<{ id: string; billing: { iban?: string } }>;
    delete partners.find((p) => p.id === 'AGT-0001')!.billing.iban;
    const bad = join(dir, 'partners-bad.json');
    await writeFile(bad, JSON.stringify(partners));
    const c = capture();
    expect(await invoices(base({ partners: bad, out: join(dir, 'out-bad') }), c.io)).toBe(1);
    expect(c.err.join('')).toMatch(/partner AGT-0001: .*no IBAN/);
    expect(c.out.join('')).toMatch(/19 invoice\(s\) written .*1 partner\(s\) failed/);
  });

  it("tells an Italian user why a partner failed in Italian (the documents' refusal carries both languages)", async () => {
    const partners = JSON.parse(await readFile(partnersFile, 'utf8')) as Array<{ id: string; billing: { iban?: string } }>;
    delete partners.find((p) => p.id === 'AGT-0001')!.billing.iban;
    const bad = join(dir, 'partners-bad-it.json');
    await writeFile(bad, JSON.stringify(partners));
    vi.stubEnv('PROVVIGO_LOCALE', 'it');
    try {
      const c = capture();
      expect(await invoices(base({ partners: bad, out: join(dir, 'out-bad-it') }), c.io)).toBe(1);
      expect(c.err.join('')).toMatch(/^partner AGT-0001: .*manca l'IBAN \(partner\.billing\.iban o payment\.iban\)\n$/);
      expect(c.out.join('')).toMatch(/partner non riusciti: 1/);
    } finally {
      vi.stubEnv('PROVVIGO_LOCALE', 'en');
    }
  });

  it('--send e-mails every partner once; a rejected mailbox fails with the server reason and is the only one re-sent', async () => {
    const log = join(dir, 'deliveries.jsonl');
    const refusing = await startSmtp('^bounce-');
    const c1 = capture();
    try {
      expect(await invoices(base({ out: join(dir, 'out-send'), send: true, smtp: refusing.url, deliveryLog: log }), c1.io)).toBe(1);
      expect(await refusing.received()).toHaveLength(19);
    } finally {
      await refusing.stop();
    }
    expect(c1.out.join('')).toMatch(/failed\s+AGT-0002\s+bounce-agt2@partners.example\s+550/);
    expect(c1.out.join('')).toMatch(/sent 19, failed 1, already sent 0/);
    const accepting = await startSmtp();
    const c2 = capture();
    try {
      expect(await invoices(base({ out: join(dir, 'out-send'), send: true, smtp: accepting.url, deliveryLog: log }), c2.io)).toBe(0);
      const mails = await accepting.received();
      expect(mails.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).toEqual(['bounce-agt2@partners.example']);
    } finally {
      await accepting.stop();
    }
    expect(c2.out.join('')).toMatch(/sent 1, failed 0, already sent 19/);
  }, 120_000);

  it('reads the approved run from the store, and refuses a run that is not approved', async () => {
    const db = join(dir, 'db');
    const p = (args: string[]) => createProgram().parseAsync(args, { from: 'user' });
    await p(['period', 'open', '--period', '2026-10', '--db', db, '--as', 'alice', '--at', '2026-11-01T08:00:00Z']);
    await p(['period', 'calculate', '--period', '2026-10', '--db', db, '--as', 'alice', '--at', '2026-11-01T08:01:00Z', '--plan', join(example, 'plans'), '--schema', join(example, 'factSchema.json'), '--partners', partnersFile, '--facts', join(example, 'fixtures/small/facts')]);
    const early = capture();
    await expect(invoices(base({ statements: undefined, db, out: join(dir, 'out-db') }), early.io)).rejects.toThrow(/is calculated: approve it first/);
    await p(['period', 'validate', '--period', '2026-10', '--db', db, '--as', 'alice', '--at', '2026-11-01T08:02:00Z']);
    await p(['period', 'approve', '--period', '2026-10', '--db', db, '--as', 'bob', '--at', '2026-11-01T08:03:00Z']);
    process.exitCode = undefined;
    const c = capture();
    expect(await invoices(base({ statements: undefined, db, out: join(dir, 'out-db') }), c.io)).toBe(0);
    const index = JSON.parse(await readFile(join(dir, 'out-db', 'invoices.json'), 'utf8')) as { invoices: unknown[] };
    expect(index.invoices).toHaveLength(20);
  }, 240_000); // PGlite + a full period calculation: slow on a loaded 2-core machine
});

describe('provvigo invoices --ytd', () => {
  it('carries the Enasarco year-to-date base across periods: the cap stops the contribution', async () => {
    const partners = [monomandatario('AGT-CAP')];
    const pf = join(dir, 'partners-cap.json');
    await writeFile(pf, JSON.stringify(partners));
    const st = (amount: string) => [{ partnerId: 'AGT-CAP', currency: 'EUR', lines: [{ id: 'l1', component: 'commission', label: 'Provvigioni', amount, currency: 'EUR', source: { system: 'salesforce', table: 'contracts', id: 'C-1' } }] }];
    const ytd = join(dir, 'ytd.json');
    const runPeriod = async (period: string, amount: string) => {
      const file = join(dir, `st-${period}.json`);
      await writeFile(file, JSON.stringify(st(amount)));
      const out = join(dir, `out-ytd-${period}`);
      expect(await invoices(base({ period, partners: pf, statements: file, out, ytd }), capture().io)).toBe(0);
      const index = JSON.parse(await readFile(join(out, 'invoices.json'), 'utf8')) as { invoices: Array<{ totals: { withholdings: string }; fiscal: { items: Array<{ code: string; codes: Record<string, string>; amount: string }> } }> };
      const rt04 = index.invoices[0]!.fiscal.items.find((i) => i.codes['tipoRitenuta'] === 'RT04');
      return { withholdings: index.invoices[0]!.totals.withholdings, rt04: rt04?.amount };
    };
    // 2026 monomandatario cap €45,717 (italy-tax.md §1.3): 45,000 then 2,000 → Enasarco on 45,000 and on 717 only.
    const first = await runPeriod('2026-03', '45000.00');
    expect(first.rt04).toBe('3825.00'); // 8.5% × 45,000
    const second = await runPeriod('2026-04', '2000.00');
    expect(second.rt04).toBe('60.95'); // 8.5% × 717
    const state = JSON.parse(await readFile(ytd, 'utf8')) as Record<string, { periods: string[] }>;
    expect(state['AGT-CAP']!.periods).toEqual(['2026-03', '2026-04']);

    // Q2 has no statement ending on 30 June: settle it explicitly from the year-to-date file. Total contributions of
    // the quarter: round(45,717 × 17%) − round(45,000 × 17%) = 7,771.89 − 7,650.00 = 121.89; the minimum (2 × 256.50)
    // is long exceeded, so no top-up. Due 20 August 2026.
    const q2 = capture();
    expect(await fiscalSettle('quarter', { year: '2026', quarter: '2', partners: pf, ytd }, q2.io)).toBe(0);
    expect(q2.out.join('')).toMatch(/AGT-CAP\s+ENASARCO_SETTLEMENT\s+€121\.89\s+due 2026-08-20/);
    expect(q2.out.join('')).not.toMatch(/MINIMUM_TOPUP/);
    const again = capture();
    expect(await fiscalSettle('quarter', { year: '2026', quarter: '2', partners: pf, ytd }, again.io)).toBe(0);
    expect(again.err.join('')).toMatch(/already settled/);
    // FIRR mono on 47,000: 12,400 × 4% + 6,200 × 2% + 28,400 × 1% = 496 + 124 + 284 = 904.00, due 31 March 2027.
    const y = capture();
    expect(await fiscalSettle('year', { year: '2026', partners: pf, ytd }, y.io)).toBe(0);
    expect(y.out.join('')).toMatch(/AGT-CAP\s+FIRR\s+€904\.00\s+due 2027-03-31/);
  });
});

describe('provvigo invoices issue: credit notes and their originals', () => {
  it('a TD04 links the invoice it corrects; without one in the register it is refused naming partner and document', async () => {
    const partners = [monomandatario('AGT-CN')];
    const pf = join(dir, 'partners-cn.json');
    await writeFile(pf, JSON.stringify(partners));
    const line = (id: string, component: string, label: string, amount: string) => ({ id, component, label, amount, currency: 'EUR', source: { system: 'salesforce', table: 'contracts', id } });
    const proforma = async (period: string, lines: unknown[]) => {
      const file = join(dir, `st-cn-${period}.json`);
      await writeFile(file, JSON.stringify([{ partnerId: 'AGT-CN', currency: 'EUR', lines }]));
      const out = join(dir, 'cn', period);
      expect(await invoices(base({ period, partners: pf, statements: file, out }), capture().io)).toBe(0);
      return out;
    };
    const issue = (period: string, out: string, paidOn: string, register: string, c = capture()) =>
      invoicesIssue({ period, paidOn, partners: pf, principal: principalFile, out, numberPrefix: 'PV', register }, c.io);
    // May: 1,000.00 of commissions and a clawback of 200.00 (a contract of an earlier month cancelled).
    const may = await proforma('2026-05', [line('C-10', 'commission', 'Provvigioni', '1000.00'), line('C-3', 'clawback', 'Storno provvigione C-3', '-200.00')]);

    // 1. The register has no earlier invoice of the partner: the credit note cannot name its original → refused, and
    //    the partner's May invoice waits with it (nothing issued half); exit 1.
    const lonely = join(dir, 'cn', 'register-empty.json');
    const refused = capture();
    expect(await issue('2026-05', may, '2026-06-10', lonely, refused)).toBe(1);
    expect(refused.err.join('')).toMatch(/partner AGT-CN: .*the credit note \(TD04\) of period 2026-05, from pro-forma PV202605-0001, cannot name the invoice it corrects/);
    expect(refused.err.join('')).toMatch(/Storno provvigione C-3/);
    expect((await readdir(may)).filter((f) => f.endsWith('.xml'))).toEqual([]);

    // 2. April's invoice issued first (paid 10 May): May's credit note links it through DatiFattureCollegate.
    const register = join(dir, 'cn', 'register.json');
    const april = await proforma('2026-04', [line('C-3', 'commission', 'Provvigioni', '500.00')]);
    expect(await issue('2026-04', april, '2026-05-10', register)).toBe(0);
    const ok = capture();
    expect(await issue('2026-05', may, '2026-06-10', register, ok)).toBe(0);
    const reg = JSON.parse(await readFile(register, 'utf8')) as { invoices: Array<{ period: string; number: string; documentType: string; file: string; related: Array<{ number: string; date: string }> }> };
    const note = reg.invoices.find((i) => i.documentType === 'TD04')!;
    expect(reg.invoices.map((i) => [i.period, i.number, i.documentType])).toEqual([
      ['2026-04', 'PV2026/0001', 'TD01'],
      ['2026-05', 'PV2026/0002', 'TD01'],
      ['2026-05', 'PV2026/0003', 'TD04'],
    ]);
    expect(note.related).toEqual([{ number: 'PV2026/0001', date: '2026-05-10' }]);
    const xml = await readFile(join(may, note.file), 'utf8');
    expect(xml).toMatch(/<TipoDocumento>TD04<\/TipoDocumento>/);
    expect(xml).toMatch(/<DatiFattureCollegate>\s*<IdDocumento>PV2026\/0001<\/IdDocumento>\s*<Data>2026-05-10<\/Data>/);
    const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, join(may, note.file)]);
    expect(stderr).toMatch(/validates/);
  });
});
