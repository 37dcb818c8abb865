/**
 * `pnpm demo`: the sample period end to end.
 *   1. generate the sample (partners, contracts, service events, interventions) into .provvigo/sample/
 *   2. run `provvigo run` over it (plans + partners + CSV facts → statements with traces)
 *   3. print where the results are and what to try next
 * Options: --seed, --partners, --lines, --period (YYYY-MM), --out. Later steps (invoices, approval) add themselves here.
 */
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BothLanguages } from '@provvigo/core';
import { cliLocale, createProgram } from '@provvigo/cli';
import { EXAMPLE_ROOT, SAMPLE_FILES, generateSample, loadFactSchema, writeSample } from '../src/index.js';
import { runInvoiceDemo } from './invoice-demo.js';
import { runPeriodDemo } from './period-demo.js';

const { values } = parseArgs({
  // pnpm passes a literal "--" through: drop it.
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    seed: { type: 'string', default: '2026' },
    partners: { type: 'string', default: '320' },
    lines: { type: 'string', default: '20000' },
    period: { type: 'string', default: '2026-10' },
    out: { type: 'string' },
  },
});
const repo = resolve(EXAMPLE_ROOT, '../..');
const sampleDir = values.out ? resolve(values.out) : join(repo, '.provvigo', 'sample');
const resultsDir = join(sampleDir, 'results', values.period);
// Paths as seen from where `pnpm demo` was typed (pnpm runs the script inside this package and sets INIT_CWD).
const cwd = process.env.INIT_CWD ?? process.cwd();
const show = (p: string) => relative(cwd, p) || '.';
// the demo speaks the CLI's language (PROVVIGO_LOCALE, else the system's), so its narration matches the commands'
const locale = cliLocale();
const say = (text: BothLanguages) => void process.stdout.write(text[locale]);

// 1. Generate.
say({
  en: `\n1/5 Generating the sample period ${values.period}: ${values.partners} partners, ${values.lines} lines (seed ${values.seed})\n`,
  it: `\n1/5 Generazione del periodo di esempio ${values.period}: ${values.partners} partner, ${values.lines} righe (seme ${values.seed})\n`,
});
const sample = generateSample({ seed: Number(values.seed), partners: Number(values.partners), lines: Number(values.lines), period: values.period });
const written = await writeSample(sampleDir, sample, { format: 'csv', factSchema: await loadFactSchema() });
for (const [table, records] of Object.entries(sample.facts)) say({ en: `    ${table}: ${records.length} records → ${show(written.facts[table]!)}\n`, it: `    ${table}: record ${records.length} → ${show(written.facts[table]!)}\n` });

// 2. Calculate with the CLI, exactly as a user would run it.
process.stdout.write(`\n2/5 provvigo run\n`);
const args = [
  'run',
  '--plan', ...SAMPLE_FILES.plans,
  '--schema', SAMPLE_FILES.factSchema,
  '--partners', written.partners,
  '--facts', join(sampleDir, 'facts'),
  '--period', values.period,
  '--out', resultsDir,
];
process.stdout.write(`    provvigo ${args.map((a) => (a.startsWith('/') ? show(a) : a)).join(' ')}\n\n`);
await createProgram().parseAsync(args, { from: 'user' });
const code = Number(process.exitCode ?? 0);
process.exitCode = 0;

// 3. Three months through the period workflow (store, approvals, ledger).
say({
  en: '\n3/5 Three months through open → calculate → validate → approve (four-eyes) → close on the embedded store\n',
  it: "\n3/5 Tre mesi attraverso apertura → calcolo → validazione → approvazione (quattro occhi) → chiusura sull'archivio integrato\n",
});
const periodDir = join(sampleDir, 'period-demo');
const periods = await runPeriodDemo({ out: periodDir, echo: (t) => void process.stdout.write(t) });
const periodCode = Number(process.exitCode ?? 0);
process.exitCode = 0;

// 4. Invoices for every approved month, from the store, then the e-invoices at (simulated) payment.
const last = periods.months[periods.months.length - 1]!;
const invoicesRoot = join(sampleDir, 'invoices');
say({
  en: `\n4/5 provvigo invoices and provvigo invoices issue for ${periods.months.join(', ')} (payment simulated on the 10th of the next month)\n`,
  it: `\n4/5 provvigo invoices e provvigo invoices issue per ${periods.months.join(', ')} (pagamento simulato il 10 del mese successivo)\n`,
});
const documents = await runInvoiceDemo({ months: periods.months, db: periods.db, partners: join(periodDir, 'partners.json'), out: invoicesRoot, echo: (t) => void process.stdout.write(t) });
const issueCode = documents.exitCode;

// 5. Where the results are.
const firstAgent = sample.partners.find((p) => p.kind === 'agent')?.id ?? sample.partners[0]!.id;
say({
  en: [
    '\n5/5 Results',
    `  ${show(resultsDir)}/   (step 2)`,
    '    statements.json   every statement with every line and its trace',
    '    lines.csv         one row per line, with explanation and trace (opens in Excel)',
    '    statements.csv    one row per partner: total and components',
    '    issues.csv        every issue with file, record and field',
    '    summary.json      counts per table (in = used + excluded + rejected), totals, hashes',
    `  ${show(periodDir)}/   (step 3) facts per month, accruals.csv/json; the store is ${show(periods.db)}`,
    `  ${show(invoicesRoot)}/<month>/   (step 4) per partner: pro-forma PDF (not a fiscal document), statement PDF; invoices.json;`,
    '    then at payment: FatturaPA e-invoices IT<IdCodice>_<progressive>.xml (TD01, TD04 credit notes) with courtesy PDFs; e-invoice-register.json next to the months',
    '',
    "Explain a partner's statement:",
    `    pnpm provvigo explain --results ${show(resultsDir)} --partner ${firstAgent}`,
    "See a partner's December statement section by section:",
    `    pnpm provvigo period statement --period ${last} --partner ${periods.scenario.agency} --db ${show(periods.db)}\n\n`,
  ].join('\n'),
  it: [
    '\n5/5 Risultati',
    `  ${show(resultsDir)}/   (passo 2)`,
    '    statements.json   ogni estratto conto con ogni riga e la sua traccia',
    '    lines.csv         una riga per riga calcolata, con spiegazione e traccia (si apre in Excel)',
    '    statements.csv    una riga per partner: totale e componenti',
    '    issues.csv        ogni problema con file, record e campo',
    '    summary.json      conteggi per tabella (letti = usati + esclusi + scartati), totali, hash',
    `  ${show(periodDir)}/   (passo 3) dati per mese, accruals.csv/json; l'archivio è ${show(periods.db)}`,
    `  ${show(invoicesRoot)}/<mese>/   (passo 4) per partner: PDF proforma (non è un documento fiscale), PDF dell'estratto conto; invoices.json;`,
    "    poi al pagamento: fatture elettroniche FatturaPA IT<IdCodice>_<progressivo>.xml (TD01, note di credito TD04) con PDF di cortesia; e-invoice-register.json accanto ai mesi",
    '',
    "Spiegazione dell'estratto conto di un partner:",
    `    pnpm provvigo explain --results ${show(resultsDir)} --partner ${firstAgent}`,
    "L'estratto conto di dicembre di un partner, sezione per sezione:",
    `    pnpm provvigo period statement --period ${last} --partner ${periods.scenario.agency} --db ${show(periods.db)}\n\n`,
  ].join('\n'),
});
process.exitCode = Math.max(code, periodCode, issueCode);
