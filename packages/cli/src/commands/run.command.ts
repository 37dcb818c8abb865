import type { Command } from 'commander';
import type { VerifyMode } from '@provvigo/core';
import { said } from '../io/cliLocale.js';
import { CliError } from '../io/errors.js';
import type { RunOptions } from './run.js';
import { action, parseLocale, parsePositiveInt, withExitCodes } from './shared.js';

function parseVerify(value: string): VerifyMode {
  if (value === 'full' || value === 'sample' || value === 'off') return value;
  throw new CliError({ en: `--verify must be full, sample or off, not "${value}"`, it: `--verify deve essere full, sample o off, non "${value}"` });
}

const EXAMPLE = '  provvigo run --plan plans/ --schema factSchema.json --partners partners.json \\\n    --facts facts/ --period 2026-10 --out out/2026-10 --excel-it';

export function registerRun(program: Command): void {
  withExitCodes(
    program
      .command('run')
      .description(
        said({
          en: 'Calculate a period: plans + partners + facts (CSV, JSON or JSON Lines) → statements with traces, as JSON and CSV.',
          it: 'Calcola un periodo: piani + partner + fatti (CSV, JSON o JSON Lines) → estratti conto con le tracce, in JSON e CSV.',
        }),
      )
      .requiredOption('-p, --plan <files...>', said({ en: 'plan JSON files or folders of them', it: 'file JSON dei piani o cartelle che li contengono' }))
      .requiredOption('-s, --schema <file>', said({ en: 'fact schema JSON (the fact tables and their columns)', it: 'JSON dello schema dei fatti (le tabelle dei fatti e le loro colonne)' }))
      .requiredOption('--partners <file>', said({ en: 'partners JSON (an array of partners)', it: 'JSON dei partner (un array di partner)' }))
      .requiredOption(
        '-f, --facts <paths...>',
        said({
          en: 'fact files or folders: contracts.csv, table=path.csv, a folder of <table>.csv|json|jsonl',
          it: 'file o cartelle dei fatti: contracts.csv, tabella=percorso.csv, una cartella di <tabella>.csv|json|jsonl',
        }),
      )
      .requiredOption('--period <period>', said({ en: 'the period: a month such as 2026-10, or a JSON file {"id","start","end"}', it: 'il periodo: un mese come 2026-10, o un file JSON {"id","start","end"}' }))
      .option('-o, --out <dir>', said({ en: 'output folder (created if needed)', it: 'cartella di uscita (creata se serve)' }), 'provvigo-out')
      .option('--excel-it', said({ en: 'CSV for Italian Excel: ";" separator and decimal comma', it: 'CSV per Excel in italiano: separatore ";" e virgola decimale' }))
      .option(
        '--locale <locale>',
        said({
          en: "language of the statements' explanations (default it) and, when given, of the issues printed (default: the CLI's)",
          it: 'lingua delle spiegazioni negli estratti conto (predefinita it) e, se indicata, dei problemi stampati (predefinita: quella della CLI)',
        }),
        parseLocale,
      )
      .option('--no-trace', said({ en: 'leave the trace out of the lines (smaller, faster)', it: 'omette la traccia dalle righe (file più piccoli, più veloce)' }))
      .option('--no-explain', said({ en: 'leave the explanation column of lines.csv empty', it: 'lascia vuota la colonna di spiegazione di lines.csv' }))
      .option('--progress', said({ en: 'draw a progress bar on stderr even when it is not a terminal', it: 'disegna una barra di avanzamento su stderr anche quando non è un terminale' }))
      .option('--batch-size <n>', said({ en: 'partners per formula workbook (results never depend on it)', it: 'partner per cartella di lavoro delle formule (i risultati non ne dipendono mai)' }), parsePositiveInt)
      .option(
        '--workers <n>',
        said({ en: 'worker threads over partner partitions (results never depend on it; default 1)', it: 'thread worker sulle partizioni dei partner (i risultati non ne dipendono mai; predefinito 1)' }),
        parsePositiveInt,
      )
      .option(
        '--license-key <key>',
        said({ en: 'HyperFormula licence key: gpl-v3 or your commercial key', it: 'chiave di licenza di HyperFormula: gpl-v3 o la tua chiave commerciale' }),
        process.env.PROVVIGO_HF_LICENSE_KEY ?? 'gpl-v3',
      )
      .option(
        '--verify <mode>',
        said({ en: 'cross-check the exact amounts with HyperFormula: full, sample (a few partners) or off', it: 'ricontrolla gli importi esatti con HyperFormula: full, sample (alcuni partner) o off' }),
        parseVerify,
        'sample' as VerifyMode,
      )
      .option('-q, --quiet', said({ en: 'print only issues', it: 'stampa solo i problemi' }))
      .addHelpText('after', said({ en: `\nExample:\n${EXAMPLE}`, it: `\nEsempio:\n${EXAMPLE}` }))
      .action(
        action('run', async (opts: RunOptions) => {
          if (!opts.out) throw new CliError({ en: '--out needs a folder', it: '--out richiede una cartella' });
          const { run } = await import('./run.js');
          return run(opts);
        }),
      ),
  );
}
