/**
 * `provvigo fiscal settle-quarter` / `settle-year`: the explicit settlements of the Italian pack (`settleQuarter`,
 * `settleYear`) for every partner with an Italian profile — the Enasarco minimum top-up and the quarter's payment,
 * FIRR — for quarters no statement closed (e.g. a quarter without commissions). The year-to-date state is read from
 * and written back to the `--ytd` file that `provvigo invoices --ytd` keeps (the store does not hold it yet).
 * Idempotent: a quarter or year already settled in the state gives no item and a warning.
 */
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatMoney, type YtdState } from '@provvigo/core';
import { settleQuarter, settleYear, type SettlementResult } from '@provvigo/fiscal-it';
import { CliError } from '../io/errors.js';
import { loadPartners } from '../io/loadInputs.js';
import { EXIT } from '../program.js';
import { readYtd } from './invoices.js';
import { action, processIo, withExitCodes, type Io } from './shared.js';

export interface SettleOptions {
  year: string;
  quarter?: string;
  partners: string;
  ytd: string;
  out?: string;
}

export async function fiscalSettle(kind: 'quarter' | 'year', options: SettleOptions, io: Io = processIo): Promise<number> {
  const year = Number(options.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new CliError('--year must be a year such as 2026');
  const quarter = Number(options.quarter);
  if (kind === 'quarter' && ![1, 2, 3, 4].includes(quarter)) throw new CliError('--quarter must be 1, 2, 3 or 4');
  const { partners } = await loadPartners(options.partners);
  const ytd = await readYtd(options.ytd);
  const state = new Map<string, YtdState>(Object.entries(ytd));
  const results: SettlementResult[] = [];
  let errors = 0;
  for (const partner of partners.filter((p) => p.fiscalProfile?.startsWith('it:'))) {
    const input = { partner, year, ytd: state.get(partner.id) ?? null };
    const r = kind === 'quarter' ? settleQuarter({ ...input, quarter: quarter as 1 | 2 | 3 | 4 }) : settleYear(input);
    results.push(r);
    for (const issue of r.issues) io.err(`${issue.message}\n`);
    errors += r.issues.filter((i) => i.severity === 'error').length;
    if (!r.issues.some((i) => i.severity === 'error')) state.set(partner.id, r.ytdAfter);
    for (const item of r.items) io.out(`  ${partner.id.padEnd(12)} ${item.code.padEnd(24)} ${formatMoney(item.amount, item.currency, 'en').padStart(14)}${item.dueDate ? `  due ${item.dueDate}` : ''}\n`);
  }
  await writeFile(options.ytd, `${JSON.stringify(Object.fromEntries(state), null, 2)}\n`);
  if (options.out) await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  const settles = kind === 'quarter' ? `${year}-Q${quarter}` : String(year);
  io.out(`${settles}: ${results.length} partner(s), ${results.reduce((a, r) => a + r.items.length, 0)} item(s); year-to-date state written to ${options.ytd}\n`);
  return errors > 0 ? EXIT.issues : EXIT.ok;
}

export function registerFiscal(program: Command): void {
  const fiscal = program.command('fiscal').description('Italian fiscal settlements outside a statement (Enasarco quarter, FIRR year)');
  withExitCodes(
    fiscal
      .command('settle-quarter')
      .description('Enasarco minimum top-up and the quarter\'s payment for every Italian partner, from the year-to-date state')
      .requiredOption('--year <yyyy>', 'the year')
      .requiredOption('--quarter <n>', '1, 2, 3 or 4')
      .requiredOption('--partners <file>', 'partners JSON (fiscal profile and settings)')
      .requiredOption('--ytd <file>', 'year-to-date state per partner (the file of provvigo invoices --ytd): read, then updated')
      .option('--out <file>', 'write the settlement items as JSON')
      .action(action('fiscal settle-quarter', (opts: SettleOptions) => fiscalSettle('quarter', opts))),
  );
  withExitCodes(
    fiscal
      .command('settle-year')
      .description('FIRR for every Italian partner, from the year-to-date state')
      .requiredOption('--year <yyyy>', 'the year')
      .requiredOption('--partners <file>', 'partners JSON (fiscal profile and settings)')
      .requiredOption('--ytd <file>', 'year-to-date state per partner (the file of provvigo invoices --ytd): read, then updated')
      .option('--out <file>', 'write the settlement items as JSON')
      .action(action('fiscal settle-year', (opts: SettleOptions) => fiscalSettle('year', opts))),
  );
}
