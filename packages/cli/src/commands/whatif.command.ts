import { Option, type Command } from 'commander';
import { action, withExitCodes } from './shared.js';
import { addInputOptions } from './storeOptions.js';
import type { WhatIfOptions } from './whatif.js';

export function registerWhatif(program: Command): void {
  withExitCodes(
    addInputOptions(
      program
        .command('whatif')
        .description('evaluate a period with plan version B as well as A and diff per partner and line')
        .requiredOption('--period <month|file>', 'period: 2026-10 or a period .json')
        .requiredOption('--plan-b <files...>', 'plan B file(s): replace the A plan with the same id'),
    )
      .option('--db <folder|url>', 'compare A with the stored run of the period')
      .addOption(new Option('--format <format>', 'output').choices(['text', 'json']).default('text'))
      .option('--out <file>', 'write to a file')
      .option('--all', 'include unchanged lines in JSON')
      .option('--license-key <key>', 'HyperFormula licence key', 'gpl-v3'),
  ).action(action('whatif', async (o: WhatIfOptions) => (await import('./whatif.js')).whatIfCommand(o)));
}
