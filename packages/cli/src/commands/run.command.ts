import type { Command } from 'commander';
import type { Locale, VerifyMode } from '@provvigo/core';
import { CliError } from '../io/errors.js';
import type { RunOptions } from './run.js';
import { action, parseLocale, parsePositiveInt, withExitCodes } from './shared.js';

function parseVerify(value: string): VerifyMode {
  if (value === 'full' || value === 'sample' || value === 'off') return value;
  throw new CliError({ en: `--verify must be full, sample or off, not "${value}"`, it: `--verify deve essere full, sample o off, non "${value}"` });
}

export function registerRun(program: Command): void {
  withExitCodes(
    program
      .command('run')
      .description('Calculate a period: plans + partners + facts (CSV, JSON or JSON Lines) → statements with traces, as JSON and CSV.')
      .requiredOption('-p, --plan <files...>', 'plan JSON files or folders of them')
      .requiredOption('-s, --schema <file>', 'fact schema JSON (the fact tables and their columns)')
      .requiredOption('--partners <file>', 'partners JSON (an array of partners)')
      .requiredOption('-f, --facts <paths...>', 'fact files or folders: contracts.csv, table=path.csv, a folder of <table>.csv|json|jsonl')
      .requiredOption('--period <period>', 'the period: a month such as 2026-10, or a JSON file {"id","start","end"}')
      .option('-o, --out <dir>', 'output folder (created if needed)', 'provvigo-out')
      .option('--excel-it', 'CSV for Italian Excel: ";" separator and decimal comma')
      .option('--locale <locale>', 'language of the explanation column: it or en', parseLocale, 'it' as Locale)
      .option('--no-trace', 'leave the trace out of the lines (smaller, faster)')
      .option('--no-explain', 'leave the explanation column of lines.csv empty')
      .option('--progress', 'draw a progress bar on stderr even when it is not a terminal')
      .option('--batch-size <n>', 'partners per formula workbook (results never depend on it)', parsePositiveInt)
      .option('--workers <n>', 'worker threads over partner partitions (results never depend on it; default 1)', parsePositiveInt)
      .option('--license-key <key>', 'HyperFormula licence key: gpl-v3 or your commercial key', process.env.PROVVIGO_HF_LICENSE_KEY ?? 'gpl-v3')
      .option('--verify <mode>', 'cross-check the exact amounts with HyperFormula: full, sample (a few partners) or off', parseVerify, 'sample' as VerifyMode)
      .option('-q, --quiet', 'print only issues')
      .addHelpText(
        'after',
        '\nExample:\n  provvigo run --plan plans/ --schema factSchema.json --partners partners.json \\\n    --facts facts/ --period 2026-10 --out out/2026-10 --excel-it',
      )
      .action(
        action('run', async (opts: RunOptions) => {
          if (!opts.out) throw new CliError({ en: '--out needs a folder', it: '--out richiede una cartella' });
          const { run } = await import('./run.js');
          return run(opts);
        }),
      ),
  );
}
