import { Option, type Command } from 'commander';
import type * as Period from './period.js';
import { action, parseLocale, parsePositiveInt, withExitCodes } from './shared.js';
import { addActorOptions, addDbOption, addInputOptions } from './storeOptions.js';

export function registerPeriod(program: Command): void {
  const period = program.command('period').description('period runs on the store: open, calculate, validate, approve (four-eyes), close');
  const base = (cmd: Command): Command => withExitCodes(addActorOptions(addDbOption(cmd.requiredOption('--period <month|file>', 'period: 2026-10 or a period .json'))));

  base(period.command('open').description('open a period and its draft run')).action(action('period open', async (o: Parameters<typeof Period.periodOpen>[0]) => (await import('./period.js')).periodOpen(o)));
  addInputOptions(base(period.command('calculate').description('evaluate the period, compute adjustments and ledger effects, store the run')))
    .option('--all', 'list every partner (default: the first 25 and the totals)')
    .option('--principal <file>', "the paying company JSON (its address.country and splitPayment decide the fiscal items; default: Italian, no split payment)")
    .option('--queue <redis-url>', 'evaluate on queue workers (provvigo worker) through this Redis, e.g. redis://127.0.0.1:6379; needs --db postgres://…')
    .option('--queue-prefix <prefix>', 'Redis key prefix shared with the workers (default provvigo)')
    .option('--partitions <n>', 'partitions of the run, by partner (default: one per 50,000 records, at least 4)', parsePositiveInt)
    .option('--redis-timeout <seconds>', 'give up when Redis stays unreachable this long (default 60)', parsePositiveInt)
    .option('--progress', 'draw the progress bar even when stderr is not a terminal')
    .action(
    action('period calculate', async (o: Parameters<typeof Period.periodCalculate>[0]) => (await import('./period.js')).periodCalculate(o)),
  );
  base(period.command('validate').description('check the calculation and mark the run validated')).action(action('period validate', async (o: Parameters<typeof Period.periodValidate>[0]) => (await import('./period.js')).periodValidate(o)));
  base(period.command('approve').description('approve the run (four-eyes: not the calculator) and book the ledger, in one transaction'))
    .addOption(new Option('--partner <ids...>', 'approve only these partners (default: every partner that is not blocked)'))
    .action(action('period approve', async (o: Parameters<typeof Period.periodApprove>[0]) => (await import('./period.js')).periodApprove(o)));
  base(period.command('close').description('close a period whose run is approved')).action(action('period close', async (o: Parameters<typeof Period.periodClose>[0]) => (await import('./period.js')).periodClose(o)));
  withExitCodes(
    addDbOption(
      period
        .command('statement')
        .description("one partner's period statement: adjustments, held, released, lapsed, reserve, clawbacks, advances, payable")
        .requiredOption('--period <month|file>', 'period: 2026-10 or a period .json')
        .requiredOption('--partner <id>', 'partner id')
        .option('--json', 'the PeriodStatement as JSON')
        .option('--locale <locale>', 'it or en (default: PROVVIGO_LOCALE, else the system language)', parseLocale),
    ),
  ).action(action('period statement', async (o: Parameters<typeof Period.periodStatement>[0]) => (await import('./period.js')).periodStatement(o)));
  withExitCodes(addDbOption(period.command('status').description('periods and their runs').option('--period <month|file>', 'one period only'))).action(
    action('period status', async (o: Parameters<typeof Period.periodStatus>[0]) => (await import('./period.js')).periodStatus(o)),
  );
}
