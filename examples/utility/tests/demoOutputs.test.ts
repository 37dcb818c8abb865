/**
 * The demo's own documents (issue 13, "Done when"): one run of the period demo (three months on the embedded store)
 * and of its documents step (pro-formas, then the e-invoices at simulated payment), the same functions `pnpm demo`
 * calls, then:
 *   - every FatturaPA XML validates against the official XSD (xmllint --schema, Schema_VFPR12_v1.2.2.xsd) and passes
 *     the semantic check (sums, ritenute, bollo, Natura, file names, numbering per issuer, credit-note links);
 *   - there is at least one TD04, and it links an invoice of the same partner issued earlier;
 *   - Italian PDFs contain none of a fixed list of English words, English PDFs none of a list of Italian words.
 * One demo run for the whole file (beforeAll), to keep CI time modest.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '@provvigo/cli';
import { checkFatturaPASet } from '@provvigo/documents';
import { EXAMPLE_ROOT, SAMPLE_FILES } from '../src/index.js';
import { runInvoiceDemo, type InvoiceDemoResult } from '../scripts/invoice-demo.js';
import { runPeriodDemo } from '../scripts/period-demo.js';

const run = promisify(execFile);
const XSD = resolve(EXAMPLE_ROOT, '../../packages/documents/tests/fixtures/xsd/Schema_VFPR12_v1.2.2.xsd');

/** Words that betray an untranslated label or ledger text in an Italian document (matched as whole words). */
const ENGLISH = ['Released', 'activated', 'held since', 'Commission', 'Commissions', 'Clawback', 'Adjustment', 'Reserve', 'withheld', 'Invoice', 'Net to pay', 'Amount', 'Due', 'VAT', 'Withholding', 'Stamp duty', 'Balance', 'brought forward', 'carried forward', 'Advance', 'recovery', 'Supplier', 'Customer', 'Bank transfer', 'Page', 'Courtesy copy', 'Total', 'Period', 'line', 'lines', 'Statement'];
/**
 * The same in the other direction: Italian state and label words in an English document. Not the plan's payout
 * labels ("Provvigione contratti"): the approved run localised them to each partner's language at calculation, and
 * the demo's partners all speak Italian, so December re-rendered in English keeps them (the plan's data, not ours).
 */
// "Rettifica 20…" is our adjustment label ("Rettifica 2026-10: …"); the outbound plan's payout "Rettifica qualità e
// tetto" is plan data, as above.
const ITALIAN = ['Provvigioni', 'provvigione', 'Storno', 'Rettifica 20', 'Riserva', 'Fattura', 'Netto a pagare', 'Importo', 'Imponibile', 'Totale', 'Pagina', 'Scadenza', 'Ritenuta', 'Bonifico', 'Periodo', 'Riepilogo', 'rilasciata', 'maturata', 'Nota di credito', 'Saldo', 'Recupero', 'Committente', 'Prestatore', 'riga', 'righe', 'Estratto'];

const wordsIn = (text: string, words: readonly string[]) => words.filter((w) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'u').test(text));

let dir: string;
let docs: InvoiceDemoResult;
let files: Array<{ dir: string; name: string }>;
let english: string;
let englishCode: number;
const printed: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provvigo-demo-outputs-'));
  // what `pnpm demo` prints: the CLI writes to stdout; kept to check the plan versions each calculation names
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  let periods: Awaited<ReturnType<typeof runPeriodDemo>>;
  try {
    periods = await runPeriodDemo({ out: join(dir, 'period-demo'), echo: () => {} });
  } finally {
    process.stdout.write = write;
  }
  docs = await runInvoiceDemo({ months: periods.months, db: periods.db, partners: join(periods.out, 'partners.json'), out: join(dir, 'invoices'), echo: () => {} });
  // The demo's 16 partners are all Italian-speaking: December's documents again in English, from the same store.
  const last = periods.months[periods.months.length - 1]!;
  english = join(dir, 'invoices-en', last);
  process.exitCode = 0;
  await createProgram().parseAsync(['invoices', '--period', last, '--locale', 'en', '--principal', join(EXAMPLE_ROOT, 'principal.json'), '--db', periods.db, '--out', english, '--date', `${last}-28`, '--as', 'anna'], { from: 'user' });
  englishCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  files = [];
  for (const d of [...Object.values(docs.dirs), english]) for (const name of await readdir(d)) files.push({ dir: d, name });
}, 600_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the period demo (pnpm demo)', () => {
  it('prints the plan versions each month’s calculation used', async () => {
    // expected from the sample plan files themselves: every plan, version 1 (one fresh store, plans never edited),
    // once per calculated month (three months)
    const ids = await Promise.all(SAMPLE_FILES.plans.map(async (f) => (JSON.parse(await readFile(f, 'utf8')) as { id: string }).id));
    const text = printed.join('');
    for (const id of ids) {
      const lines = text.split('\n').filter((l) => l.startsWith(`  plan ${id} version `));
      expect(lines, id).toHaveLength(3);
      for (const l of lines) expect(l).toMatch(new RegExp(`^  plan ${id} version 1 \\([0-9a-f]{12}…\\)`));
    }
  });
});

describe('the demo’s e-invoices', () => {
  it('every command of the documents step succeeds', () => {
    expect(docs.exitCode).toBe(0);
    expect(englishCode).toBe(0);
  });

  it('every FatturaPA XML validates against the official XSD', async () => {
    const xmls = files.filter((f) => f.name.endsWith('.xml'));
    expect(xmls.length).toBeGreaterThan(20);
    const { stderr } = await run('xmllint', ['--noout', '--schema', XSD, ...xmls.map((f) => join(f.dir, f.name))], { maxBuffer: 1 << 24 });
    expect(stderr.match(/ validates$/gm)).toHaveLength(xmls.length);
  });

  it('every XML passes the semantic check as one set: numbering per issuer, progressives, credit-note links', async () => {
    const xmls = await Promise.all(files.filter((f) => f.name.endsWith('.xml')).map(async (f) => ({ file: f.name, xml: await readFile(join(f.dir, f.name), 'utf8') })));
    expect(checkFatturaPASet(xmls).problems).toEqual([]);
    // The checker is not vacuous on these files: a changed payment amount is caught.
    const [first] = xmls;
    const broken = first!.xml.replace(/<ImportoPagamento>([\d.]+)<\/ImportoPagamento>/, (_m, v: string) => `<ImportoPagamento>${(Number(v) + 1).toFixed(2)}</ImportoPagamento>`);
    expect(checkFatturaPASet([{ file: first!.file, xml: broken }]).problems.join()).toMatch(/ImportoPagamento/);
  });

  it('holds at least one TD04 credit note, linked to an earlier invoice of the same partner', async () => {
    const register = JSON.parse(await readFile(docs.register, 'utf8')) as { invoices: Array<{ partnerId: string; period: string; number: string; date: string; documentType: string; related: Array<{ number: string; date: string }> }> };
    const notes = register.invoices.filter((i) => i.documentType === 'TD04');
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) {
      expect(n.related.length).toBeGreaterThan(0);
      for (const r of n.related) {
        const original = register.invoices.find((i) => i.partnerId === n.partnerId && i.documentType === 'TD01' && i.number === r.number && i.date === r.date);
        expect(original, `${n.partnerId} ${n.number} → ${r.number}`).toBeDefined();
        expect(original!.period < n.period).toBe(true);
      }
    }
  });
});

describe('the demo’s PDFs speak the document’s language', () => {
  const italian = /_(fattura-proforma|fattura_|nota-di-credito|estratto-conto)/;
  const english = /_(proforma-invoice|invoice_|credit-note|statement)/;

  it('Italian PDFs contain no English words, English PDFs no Italian ones', async () => {
    const pdfs = files.filter((f) => f.name.endsWith('.pdf'));
    const it = pdfs.filter((f) => italian.test(f.name));
    const en = pdfs.filter((f) => english.test(f.name));
    expect(it.length + en.length).toBe(pdfs.length);
    expect(it.length).toBeGreaterThan(0);
    expect(en.length).toBeGreaterThan(0);
    const problems: string[] = [];
    const jobs = [...it.map((f) => ({ f, words: ENGLISH })), ...en.map((f) => ({ f, words: ITALIAN }))];
    // four pdftotext processes at a time
    const worker = async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) {
        const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', join(job.f.dir, job.f.name), '-']);
        const found = wordsIn(stdout, job.words);
        if (found.length) problems.push(`${job.f.name}: ${found.join(', ')}`);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    problems.sort();
    expect(problems).toEqual([]);
  }, 300_000); // about 150 PDFs through pdftotext on a shared 2-core machine
});
